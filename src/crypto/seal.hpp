// Sealed sensitive values: in a sealed database every value the schema marks
// "x-sensitive" is stored encrypted to the project's public key, and every
// other field (the codes that tables and queries read) stays in clear.
//
// A sealed value is a JSON string in the place of the value it seals:
//   "casebook-sealed1:" + base64url (no padding) of
//     key id (8) || ephemeral X25519 public key (32) || nonce (24) ||
//     crypto_box MAC (16) || the value's UTF-8 bytes encrypted
// The key id (the first 8 bytes of BLAKE2b of the project's box public key)
// says which project key a value is sealed to, so that a key swapped into a
// database shows (verify) and a wrong key is named, not guessed at.
// crypto_box (X25519, XSalsa20-Poly1305) from an ephemeral key pair to the
// project key: only the project's secret key opens it. One writing command
// makes one ephemeral pair and precomputes the shared key once (as
// crypto_box_seal does per value, at about 100 times the cost; see
// BENCHMARKS.md, sealing), then wipes its secret half. The record keeps its
// shape: every field where it was, a string where a string was.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keys.hpp"
#include "json/json.hpp"
#include "util/sealed_text.hpp"

namespace casebook::crypto::seal {

// The key id of a project key, and of a sealed value (none when it is not one).
using KeyId = std::array<unsigned char, 8>;
KeyId key_id(const keys::PublicKey& key);
std::optional<KeyId> sealed_key_id(std::string_view sealed);

// How many sealed values text (a stored document) holds, and how many of
// them are sealed to another key than expected: a scan of the text, no parse.
struct SealedCount {
    std::size_t values = 0;
    std::size_t other_key = 0;
};
SealedCount count_sealed(std::string_view text, const KeyId& expected);

// Calls visit(value, pointer) for every string value of record that the
// schema marks sensitive ("/person/pseudonym", "/sources/0/reference", ...).
void for_each_sensitive(Json& record, const std::function<void(Json& value, const std::string& pointer)>& visit);

// The JSON Pointers of record's sealed values, in document order.
std::vector<std::string> sealed_pointers(const Json& record);

// Seals values to one project key, for the life of one command.
class Sealer {
public:
    explicit Sealer(const keys::PublicKey& to);
    Sealer(Sealer&&) noexcept;
    Sealer& operator=(Sealer&&) noexcept;
    ~Sealer();
    // The sealed form of plaintext.
    std::string seal(std::string_view plaintext) const;
    // Seals every sensitive value of record still in clear (sealed ones are
    // kept as they are); returns how many it sealed.
    std::size_t seal_record(Json& record) const;
    // The key it seals to.
    const keys::PublicKey& to() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Opens values sealed to an identity's project key.
class Opener {
public:
    explicit Opener(std::shared_ptr<const keys::Identity> identity);
    const keys::Identity& identity() const;
    Opener(Opener&&) noexcept;
    ~Opener();
    // The plaintext of sealed; throws Error(io) when it is not sealed to this
    // key or was damaged, naming where (label, e.g. "case sv-001 /person/pseudonym").
    std::string open(std::string_view sealed, std::string_view label) const;
    // Opens every sealed value of record in place; label names the record in errors.
    void open_record(Json& record, std::string_view label) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// After an edit of an opened record: every sensitive value of edited that is
// still exactly its opened text goes back to its sealed form in sealed_before,
// so that an unchanged value is not sealed again (which would make a new
// revision of a record nobody changed).
void keep_unchanged(Json& edited, const Json& sealed_before, const Json& opened_before);

} // namespace casebook::crypto::seal
