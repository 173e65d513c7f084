// The options and environment of commands that use a key file: --key FILE or
// $CASEBOOK_KEY, and a passphrase from $CASEBOOK_PASSPHRASE_FD,
// $CASEBOOK_PASSPHRASE_FILE or the terminal (never from argv).
#pragma once

#include <string>

#include "casebook/keys.hpp"

namespace CLI {
class App;
}

namespace casebook {
class Store;
}

namespace casebook::cli {

// Adds --key FILE.
void add_key_option(CLI::App& app, std::string& key);

// The key file: --key, else $CASEBOOK_KEY, else a usage error saying so.
std::string key_file_path(const std::string& key_option);

// Where the passphrase comes from, as the environment says.
keys::PassphraseSource passphrase_source();

// Opens the key file (key_option or $CASEBOOK_KEY), asking for its passphrase.
keys::Identity unlock_identity(const std::string& key_option);

// When $CASEBOOK_KEY names a key file, every history row store writes from
// now on names the key and is signed with it (the passphrase is asked once,
// here, before any work). Without $CASEBOOK_KEY, rows are unsigned.
void sign_changes(Store& store);

} // namespace casebook::cli
