// What erasure leaves in a database (a purge's tombstone record) and how the
// erased content leaves its files (scrub_file, remove_backups). The purge
// itself is src/ops/purge.hpp; purge and seal both rewrite rows through
// Store and then scrub.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::store {

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

} // namespace casebook::store
