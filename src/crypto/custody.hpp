// Chain of custody: the hashes that make every rewrite of the history visible.
//
// Each history row carries
//   salt          16 random bytes, erased with the content when it is purged;
//   content_hash  BLAKE2b-256 of the document text keyed with the salt (a
//                 purged value cannot be confirmed by guessing it: without the
//                 salt the hash says nothing about the content);
//   prev_hash     the hash of the case's previous row (none for its first);
//   derived       (format 6 on) the derivation version and BLAKE2b-256 of
//                 the derived columns, case_dims row and case_values rows its
//                 document gave when it was written (derived_hash); none on a
//                 row without a document and on rows written before format 6;
//   hash          BLAKE2b-256 of the row itself: case id, revision, time,
//                 actor, action, note, signer, content_hash and prev_hash,
//                 and derived when there is one, each length-prefixed. It
//                 travels with the row through merge.
//   link          BLAKE2b-256 of the previous row's link, this row's position
//                 (rev) and hash: the database-wide chain. The last row's link
//                 is the database's head hash; it commits to every row before.
// A purge replaces a row's document (or one value in it) and erases its salt,
// but keeps content_hash, so hash and link still verify; the purge's own row
// lists the revisions it changed (and the keyed hash of what is left).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casebook::crypto::custody {

// Raw bytes of a hash (32) or a salt (16).
using Bytes = std::string;

constexpr std::size_t hash_size = 32;
constexpr std::size_t salt_size = 16;

// 16 fresh random bytes.
Bytes new_salt();

// BLAKE2b-256 of text keyed with salt.
Bytes content_hash(const Bytes& salt, std::string_view text);

// What a row's hash covers.
struct RowFields {
    std::string_view case_id;
    long long revision = 0;
    std::string_view at;
    std::string_view actor;
    std::string_view action;
    std::string_view note;
    std::string_view signer;       // key fingerprint, empty when unsigned
    std::string_view content_hash;
    std::string_view prev_hash;    // empty for a case's first row
    std::string_view derived;      // derived_hash; empty when the row has none (hashed only when present)
};

Bytes row_hash(const RowFields& row);

// The derivation version (the first byte) and BLAKE2b-256 of a case's derived
// columns as stored: columns in their order (nullopt: NULL), then its
// (dimension, value) rows in key order. version changes with the derive rules.
Bytes derived_hash(std::uint8_t version, const std::vector<std::optional<std::string>>& columns,
                   const std::vector<std::pair<std::string, std::string>>& values);

// The derivation version a derived_hash was made with (0: not one).
std::uint8_t derived_version(std::string_view derived);

// The database-wide chain: link of row `rev` after the previous row's link (empty before the first).
Bytes link_hash(std::string_view prev_link, long long rev, std::string_view row_hash);

// Lower-case hexadecimal, and back (nullopt when text is not hex of an even length).
std::string hex(std::string_view bytes);
std::optional<Bytes> from_hex(std::string_view text);

} // namespace casebook::crypto::custody
