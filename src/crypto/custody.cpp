#include "util/i18n.hpp"
#include "crypto/custody.hpp"

#include <cstdint>
#include <stdexcept>

#include <sodium.h>

namespace casebook::crypto::custody {

namespace {

// libsodium must be initialised once before its random numbers are used.
void ready()
{
    static const bool ok = sodium_init() >= 0;
    if (!ok) {
        throw std::runtime_error(tr("libsodium could not be initialised"));
    }
}

// A BLAKE2b-256 of length-prefixed fields, so that no two different rows
// hash the same bytes ("ab","c" vs "a","bc"). The fields are gathered first
// and hashed at once: one update of many small fields costs more than the hash.
class Hasher {
public:
    explicit Hasher(std::string_view domain)
    {
        bytes_.reserve(512);
        field(domain);
    }
    Hasher& field(std::string_view bytes)
    {
        number(static_cast<std::uint64_t>(bytes.size()));
        bytes_.append(bytes);
        return *this;
    }
    Hasher& number(std::uint64_t n)
    {
        char le[8];
        for (int i = 0; i < 8; ++i) {
            le[i] = static_cast<char>(static_cast<unsigned char>(n >> (8 * i)));
        }
        bytes_.append(le, sizeof le);
        return *this;
    }
    Bytes done()
    {
        ready();
        Bytes out(hash_size, '\0');
        crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                           reinterpret_cast<const unsigned char*>(bytes_.data()), bytes_.size(), nullptr, 0);
        return out;
    }

private:
    std::string bytes_;
};

} // namespace

Bytes new_salt()
{
    ready();
    Bytes salt(salt_size, '\0');
    randombytes_buf(salt.data(), salt.size());
    return salt;
}

Bytes content_hash(const Bytes& salt, std::string_view text)
{
    ready();
    Bytes out(hash_size, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                       reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       reinterpret_cast<const unsigned char*>(salt.data()), salt.size());
    return out;
}

Bytes row_hash(const RowFields& row)
{
    Hasher hasher("casebook history row 1");
    hasher.field(row.case_id)
        .number(static_cast<std::uint64_t>(row.revision))
        .field(row.at)
        .field(row.actor)
        .field(row.action)
        .field(row.note)
        .field(row.signer)
        .field(row.content_hash)
        .field(row.prev_hash);
    if (!row.derived.empty()) {
        hasher.field(row.derived); // rows before format 6 have none: their hashes stay what they were
    }
    return hasher.done();
}

Bytes derived_hash(std::uint8_t version, const std::vector<std::optional<std::string>>& columns,
                   const std::vector<std::pair<std::string, std::string>>& values)
{
    Hasher hasher("casebook derived columns");
    hasher.number(version).number(columns.size());
    for (const std::optional<std::string>& c : columns) {
        hasher.number(c ? 1 : 0).field(c.value_or(""));
    }
    hasher.number(values.size());
    for (const auto& [dim, value] : values) {
        hasher.field(dim).field(value);
    }
    return static_cast<char>(version) + hasher.done();
}

std::uint8_t derived_version(std::string_view derived)
{
    return derived.size() == 1 + hash_size ? static_cast<std::uint8_t>(derived.front()) : 0;
}

Bytes link_hash(std::string_view prev_link, long long rev, std::string_view row_hash)
{
    return Hasher("casebook history link 1").field(prev_link).number(static_cast<std::uint64_t>(rev)).field(row_hash).done();
}

std::string hex(std::string_view bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::optional<Bytes> from_hex(std::string_view text)
{
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    Bytes out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        int hi = digit(text[i]);
        int lo = digit(text[i + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

} // namespace casebook::crypto::custody
