// SHA-256 (libsodium), whole or in pieces: the hash a data package lists for
// each of its files, which a partner checks with sha256sum.
#pragma once

#include <string>
#include <string_view>

#include <sodium.h>

namespace casebook::crypto {

class Sha256 {
public:
    Sha256();
    void update(std::string_view bytes);
    // The digest as 64 lower-case hex digits; the state starts again.
    std::string hex();

private:
    crypto_hash_sha256_state state_{};
};

// The SHA-256 of bytes, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

} // namespace casebook::crypto
