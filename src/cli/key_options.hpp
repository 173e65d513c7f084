// The options and environment of commands that use a key file: --key FILE or
// $CASEBOOK_KEY, and a passphrase from $CASEBOOK_PASSPHRASE_FD,
// $CASEBOOK_PASSPHRASE_FILE or the terminal (never from argv).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "crypto/keys.hpp"
#include "crypto/signed_output.hpp"

namespace casebook::store {
class Store;
}

namespace casebook::cli {

class OptionSet;

// Adds --key FILE.
void add_key_option(OptionSet& options, std::string& key);

// The key file: --key, else $CASEBOOK_KEY, else a usage error saying so.
std::string key_file_path(const std::string& key_option);

// Where the passphrase comes from, as the environment says.
crypto::keys::PassphraseSource passphrase_source();

// Opens the key file (key_option or $CASEBOOK_KEY), asking for its passphrase.
crypto::keys::Identity unlock_identity(const std::string& key_option);

// When $CASEBOOK_KEY names a key file, every history row store writes from
// now on names the key and is signed with it (the passphrase is asked once,
// here, before any work). Without $CASEBOOK_KEY, rows are unsigned. When
// that key is the project key store is sealed to, update also compares
// sealed values in clear (Store::open_with): an unchanged one stays as it is.
void sign_changes(store::Store& store);

// --out FILE, --force, --sign and --key of a command that writes a file it
// may sign (export, checkpoint). The help texts come from the command (N_).
struct SignedFileOptions {
    std::string out;
    bool force = false;
    bool sign = false;
    std::string key;
};
void add_signed_file_options(OptionSet& o, SignedFileOptions& options, const char* out_help, const char* force_help,
                             const char* sign_help);

// The file those options name, beside the database at db_path: the key is
// unlocked first, so that a wrong passphrase costs no work and leaves no file.
// Without --out there is none (stream() is nullptr). --sign without --out is
// a usage error.
class SignedFile {
public:
    SignedFile(const SignedFileOptions& options, const std::string& db_path, const std::string& what);
    std::ostream* stream() { return file_ ? &file_->stream() : nullptr; }
    // Puts the file (and its signature) in place and says on err how to check it.
    void commit(std::string_view trusted_comment, std::ostream& err);

private:
    std::string out_;
    std::optional<crypto::keys::Identity> identity_;
    std::optional<crypto::SignedOutput> file_;
};

} // namespace casebook::cli
