#include "cli/key_options.hpp"

#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "util/error.hpp"
#include "crypto/seal.hpp"
#include "store/store.hpp"
#include "util/i18n.hpp"
#include "cli/option_set.hpp"

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

void add_key_option(OptionSet& o, std::string& key)
{
    o.add_option("--key", key, "Key file (default: $CASEBOOK_KEY); its passphrase is asked on the terminal, or read "
                               "from $CASEBOOK_PASSPHRASE_FILE or $CASEBOOK_PASSPHRASE_FD")
        .type_name("FILE");
}

std::string key_file_path(const std::string& key_option)
{
    if (!key_option.empty()) {
        return key_option;
    }
    if (auto from_env = environment("CASEBOOK_KEY")) {
        return *from_env;
    }
    throw Error(Exit::usage, tr("no key file: give --key FILE or set CASEBOOK_KEY"));
}

crypto::keys::PassphraseSource passphrase_source()
{
    return {environment("CASEBOOK_PASSPHRASE_FD"), environment("CASEBOOK_PASSPHRASE_FILE")};
}

crypto::keys::Identity unlock_identity(const std::string& key_option)
{
    const std::string path = key_file_path(key_option);
    crypto::keys::read_public_key(path); // a missing or damaged file is said before the passphrase is asked
    const crypto::keys::Passphrase passphrase =
        crypto::keys::read_passphrase(passphrase_source(), say("Passphrase for {}: ", path), crypto::keys::Confirm::no);
    return crypto::keys::load_identity(path, passphrase.view());
}

void sign_changes(store::Store& store)
{
    if (!environment("CASEBOOK_KEY")) {
        return;
    }
    auto identity = std::make_shared<const crypto::keys::Identity>(unlock_identity(""));
    store.sign_with(crypto::keys::public_text(identity->public_key()), [identity](std::string_view hash) {
        const crypto::keys::Signature sig = crypto::keys::sign_detached(*identity, hash);
        return std::string(reinterpret_cast<const char*>(sig.data()), sig.size());
    });
    if (auto sealed = store.sealed_to(); sealed && sealed->box == identity->public_key().box) {
        store.open_with(std::make_shared<const crypto::seal::Opener>(identity));
    }
}

void add_signed_file_options(OptionSet& o, SignedFileOptions& options, const char* out_help, const char* force_help,
                             const char* sign_help)
{
    o.add_option("--out", options.out, out_help).type_name("FILE");
    o.add_flag("--force", options.force, force_help);
    o.add_flag("--sign", options.sign, sign_help);
    add_key_option(o, options.key);
}

SignedFile::SignedFile(const SignedFileOptions& options, const std::string& db_path, const std::string& what)
    : out_(options.out)
{
    if (options.sign && options.out.empty()) {
        throw Error(Exit::usage, tr("--sign needs --out FILE: the signature is written beside the file, as FILE.minisig"));
    }
    if (options.sign) {
        identity_.emplace(unlock_identity(options.key));
    }
    if (!options.out.empty()) {
        ProtectedFiles protect;
        protect.add_database(db_path);
        file_.emplace(options.out, options.force ? Overwrite::yes : Overwrite::no, protect, what, options.sign);
    }
}

void SignedFile::commit(std::string_view trusted_comment, std::ostream& err)
{
    if (!file_) {
        return;
    }
    file_->commit(identity_ ? &*identity_ : nullptr, trusted_comment);
    if (identity_) {
        err << say("signed {0} in {1} (check: minisign -Vm {0} -P {2})", out_, crypto::SignedOutput::signature_path(out_),
                   crypto::keys::minisign_public_key_line(identity_->public_key().sign))
            << '\n';
    }
}

} // namespace casebook::cli
