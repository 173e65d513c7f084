#include "cli/sealed_view.hpp"

#include <cstdlib>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "cli/key_options.hpp"

namespace casebook::cli {

std::shared_ptr<const crypto::seal::Opener> opener_for(const store::Store& store, const std::string& key_option)
{
    const auto sealed_to = store.sealed_to();
    const char* from_env = std::getenv("CASEBOOK_KEY");
    if (!sealed_to || (key_option.empty() && (from_env == nullptr || *from_env == '\0'))) {
        return nullptr;
    }
    const crypto::keys::PublicKey key = crypto::keys::read_public_key(key_file_path(key_option));
    if (!(key.box == sealed_to->box)) {
        throw Error(Exit::io, say("{} is sealed to the project key with fingerprint {}; the key file {} is another "
                                  "(fingerprint {})",
                                  store.path(), crypto::keys::fingerprint(*sealed_to), key_file_path(key_option),
                                  crypto::keys::fingerprint(key)));
    }
    return std::make_shared<const crypto::seal::Opener>(std::make_shared<const crypto::keys::Identity>(unlock_identity(key_option)));
}

std::size_t mark_sealed(Json& record, SealedMark mark)
{
    std::size_t count = 0;
    crypto::seal::for_each_sensitive(record, [&](Json& value, const std::string&) {
        const std::string& text = value.get_ref<const std::string&>();
        if (seal::is_sealed(text)) {
            value = mark == SealedMark::plain ? std::string(tr("(sealed)"))
                                              : say("(sealed …{})", text.substr(text.size() - 8));
            ++count;
        }
    });
    return count;
}

std::string sealed_note(std::size_t values)
{
    return say("casebook: {} sealed values shown as sealed; the project's key file (--key or CASEBOOK_KEY) opens them",
               values);
}

} // namespace casebook::cli
