// casebook verify: walks the chain of custody (casebook/custody.hpp) and the
// cases table against it, and says where anything was rewritten.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keys.hpp"
#include "crypto/signed_output.hpp"

namespace casebook::store {
class Store;
} // namespace casebook::store

namespace casebook::ops {

// One broken link: the row (or case) where the history does not hold together.
struct ChainBreak {
    std::string case_id;
    long long revision = 0; // the case's revision the row claims (0: the case as a whole)
    long long rev = 0;      // its position in the database's history (0: not a history row)
    std::string what;       // a sentence: what does not match
};

struct VerifyOptions {
    std::optional<std::string> since; // a head hash (hex) printed earlier by checkpoint or verify
    unsigned jobs = 1;                // threads parsing and deriving the current documents (1: this one only)
    // Re-derive every case's derived columns from its document, besides
    // checking them against its version's derived hash. Without it only the
    // cases whose version has no derived hash (written before format 6, or
    // purged since) are re-derived.
    bool deep = false;
    // Every row must be signed: each unsigned row is a broken link.
    bool all_signed = false;
};

// A history row, by its case, the case's revision and its place in the history.
struct RowRef {
    std::string case_id;
    long long revision = 0;
    long long rev = 0;
};

// The rows one signing key signed (history rows made while $CASEBOOK_KEY was set).
struct SignerRows {
    std::string public_text; // keys::public_text, as the rows name it
    long long rows = 0;
    std::vector<std::string> actors; // the actors of its rows, in order of first appearance
};

struct VerifyReport {
    std::vector<SignerRows> signers; // each key whose signatures verified, in order of first row
    long long unsigned_rows = 0;
    // Unsigned rows that follow a signed row of their case: a signer's case
    // changed without a signature (by a user without a key, or by someone who
    // removed the signatures of its last rows and rewrote them).
    std::vector<RowRef> unsigned_after_signed;
    long long rows = 0;
    long long cases = 0;
    std::string head; // hex link of the last row; empty for an empty history
    std::vector<ChainBreak> breaks;
    // With --since: the rows after the given head (nullopt when it is not in the chain).
    std::optional<long long> rows_since;
    // A sealed database: its key, and the sealed values its history holds
    // (each checked to be sealed to that key; only the key opens them).
    std::optional<crypto::keys::PublicKey> sealed_to;
    long long sealed_values = 0;
    bool ok() const { return breaks.empty(); }
};

// Verifies every row of the history and every case; throws Error(io) on a database failure only.
VerifyReport verify_store(const store::Store& store, const VerifyOptions& options = {});

// What verify --deep (and merge) say of a version whose recorded derived hash
// is not that of its document's derived columns: its columns were recomputed
// by hand for other values.
std::string derived_hash_mismatch(long long revision);

// casebook verify --export FILE: a signed export (export --sign) checked as
// minisign -V checks it (the signature over every byte, and over its trusted
// comment), then by what the comment says: the record count, and, with the
// database it came from, that its head is in this history and that each
// record (without --redact) is a version whose content hash the history holds.
struct ExportVerdict {
    bool signature_ok = false;
    std::optional<crypto::ExportComment> comment;
    std::string trusted_comment;
    std::size_t records = 0;         // records in the file, as its format counts them
    std::size_t records_matched = 0; // records found among the history's versions
    std::optional<long long> rows_since; // with a database: rows added since the export's head
    std::vector<std::string> problems;   // sentences; empty when everything checks
    bool ok() const { return signature_ok && problems.empty(); }
};

// store: the database the export came from, or nullptr (signature and count only).
ExportVerdict verify_export(std::string_view file_bytes, std::string_view signature_text,
                            const std::array<unsigned char, 32>& sign_public_key, const store::Store* store);

} // namespace casebook::ops
