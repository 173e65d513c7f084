// Erasure: `casebook purge ID --reason TEXT` (the whole case) and
// `casebook purge ID --field POINTER --reason TEXT` (one value in every
// stored version). The content leaves the file for good; a tombstone row
// keeps who, when and why, never what, and the chain still verifies.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace casebook::store {
class Store;
} // namespace casebook::store

namespace casebook::ops {

// What a purge did.
struct PurgeResult {
    std::size_t versions = 0;                // history rows whose content changed
    std::vector<std::string> removed_files;  // backups and recovery files removed
};

// The folders where casebook leaves files that may hold a case.
struct LeftoverFolders {
    std::filesystem::path state; // the state folder: recovery files and kept edits ("" when there is none)
    std::filesystem::path temp;  // the folder of temporary files, where casebook 0.2 kept edit buffers
};

// Purges a whole case, or the value at pointer in every version of it, in one
// transaction with secure_delete on, then scrubs the file (scrub_file) and
// removes every file casebook made that holds the case (backups beside the
// database, and what folders hold of it). Throws Error(invalid)
// for an unknown case or a pointer no version has, or when the purged current
// document would no longer be a valid record.
PurgeResult purge_case(store::Store& store, const std::string& id, const std::optional<std::string>& pointer,
                       const std::string& reason, const std::string& actor, const LeftoverFolders& folders);

} // namespace casebook::ops
