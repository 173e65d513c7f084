#include "key_options.hpp"

#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "casebook/error.hpp"
#include "casebook/store.hpp"

namespace casebook::cli {

namespace {

std::optional<std::string> environment(const char* name)
{
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

} // namespace

void add_key_option(CLI::App& app, std::string& key)
{
    app.add_option("--key", key, "Key file (default: $CASEBOOK_KEY); its passphrase is asked on the terminal, or read "
                                 "from $CASEBOOK_PASSPHRASE_FILE or $CASEBOOK_PASSPHRASE_FD")
        ->type_name("FILE");
}

std::string key_file_path(const std::string& key_option)
{
    if (!key_option.empty()) {
        return key_option;
    }
    if (auto from_env = environment("CASEBOOK_KEY")) {
        return *from_env;
    }
    throw Error(Exit::usage, "no key file: give --key FILE or set CASEBOOK_KEY");
}

keys::PassphraseSource passphrase_source()
{
    return {environment("CASEBOOK_PASSPHRASE_FD"), environment("CASEBOOK_PASSPHRASE_FILE")};
}

keys::Identity unlock_identity(const std::string& key_option)
{
    const std::string path = key_file_path(key_option);
    keys::read_public_key(path); // a missing or damaged file is said before the passphrase is asked
    const keys::Passphrase passphrase =
        keys::read_passphrase(passphrase_source(), fmt::format("Passphrase for {}: ", path), keys::Confirm::no);
    return keys::load_identity(path, passphrase.view());
}

void sign_changes(Store& store)
{
    if (!environment("CASEBOOK_KEY")) {
        return;
    }
    auto identity = std::make_shared<keys::Identity>(unlock_identity(""));
    store.sign_with(keys::public_text(identity->public_key()), [identity](std::string_view hash) {
        const keys::Signature sig = keys::sign_detached(*identity, hash);
        return std::string(reinterpret_cast<const char*>(sig.data()), sig.size());
    });
}

} // namespace casebook::cli
