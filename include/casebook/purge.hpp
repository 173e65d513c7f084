// Erasure: `casebook purge ID --reason TEXT` (the whole case) and
// `casebook purge ID --field POINTER --reason TEXT` (one value in every
// stored version). The content leaves the file for good; a tombstone row
// keeps who, when and why, never what, and the chain still verifies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class Store;

// One history row a purge changed, by the case's revision (which travels with
// the row through merge, unlike its rev), and the keyed hash of what is left
// of its document (empty: nothing is left).
struct PurgedRow {
    long long revision = 0;
    std::string remaining;
};

// The record a purge's own history row holds (its document): which pointer
// (empty: the whole case) and which rows.
struct PurgeRecord {
    std::string pointer;
    std::vector<PurgedRow> rows;
};

std::string purge_record_text(const PurgeRecord& record);
std::optional<PurgeRecord> parse_purge_record(std::string_view text);

// What a purge did.
struct PurgeResult {
    std::size_t versions = 0;                // history rows whose content changed
    std::vector<std::string> removed_files;  // backups and recovery files removed
};

// Purges a whole case, or the value at pointer in every version of it, in one
// transaction with secure_delete on, then scrubs the file (scrub_file) and
// removes every file casebook made that holds the case. Throws Error(invalid)
// for an unknown case or a pointer no version has, or when the purged current
// document would no longer be a valid record.
PurgeResult purge_case(Store& store, const std::string& id, const std::optional<std::string>& pointer,
                       const std::string& reason, const std::string& actor);

// Leaves no freed content anywhere in the database's files: zeroes and drops
// free pages (VACUUM with secure_delete), and checkpoints the WAL into the
// file and truncates it. Throws Error(io) when another connection keeps the
// WAL from being emptied. Any command that erased content calls it after its
// transaction (purge; seal).
void scrub_file(Store& store);

// Overwrites with zeros and removes the copies casebook made of the database
// at db_path before migrating it (<db>.v<N>.bak): they hold what the
// database held then. Returns their paths, sorted.
std::vector<std::string> remove_backups(const std::string& db_path);

} // namespace casebook
