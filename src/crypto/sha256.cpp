#include "crypto/sha256.hpp"

#include <array>
#include <stdexcept>

namespace casebook::crypto {

Sha256::Sha256()
{
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium cannot start");
    }
    crypto_hash_sha256_init(&state_);
}

void Sha256::update(std::string_view bytes)
{
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256::hex()
{
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256_final(&state_, digest.data());
    crypto_hash_sha256_init(&state_);
    std::string out(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
    out.pop_back();
    return out;
}

std::string sha256_hex(std::string_view bytes)
{
    Sha256 h;
    h.update(bytes);
    return h.hex();
}

} // namespace casebook::crypto
