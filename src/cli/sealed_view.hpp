// What the commands that read cases do with a sealed database: open its
// values with the project's key file, or show them as sealed.
#pragma once

#include <memory>
#include <string>

#include "json/json.hpp"
#include "crypto/seal.hpp"
#include "store/store.hpp"

namespace casebook::cli {

// The opener of store's sealed values: none when the database is not sealed
// or no key file is given (key_option, else $CASEBOOK_KEY). Throws Error(io)
// when the key file is not the one the database is sealed to, naming both
// fingerprints, before asking for its passphrase.
std::shared_ptr<const crypto::seal::Opener> opener_for(const store::Store& store, const std::string& key_option);

// Shows every sealed value of record as "(sealed)" for a summary, or, for a
// diff, as "(sealed …XXXXXXXX)" with the last characters of its sealed form
// (a value that changed was sealed again: its marks differ); returns how many.
enum class SealedMark { plain, distinct };
std::size_t mark_sealed(Json& record, SealedMark mark = SealedMark::plain);

// The line a command prints (on standard error) when it showed sealed values without opening them.
std::string sealed_note(std::size_t values);

} // namespace casebook::cli
