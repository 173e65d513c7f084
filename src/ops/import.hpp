// Bulk import: many records (JSON, JSON Lines, folders, or CSV through a
// mapping) validated and written in one transaction, all or nothing.
//
// One streaming pass, so memory stays flat in the input's size: each record
// is read, validated (schema, cross-field rules, ids unique in the input, and
// against the database: an existing id needs --update, identical content is a
// no-op), every problem reported as `validate` does, and written. When a
// record is invalid and invalid ones are not skipped, writing stops, the rest
// is still validated (to report every problem) and the transaction is rolled
// back: nothing is written. A failure or a kill at any point leaves the
// database as it was. The import holds the database's write lock while it runs.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "json/diagnostic.hpp"
#include "json/json.hpp"
#include "util/private_file.hpp"

namespace casebook::store {
class Store;
} // namespace casebook::store

namespace casebook::input {
class CsvMapping;
} // namespace casebook::input

namespace casebook::ops {

// What to do with invalid records: refuse the whole import, or skip them.
enum class OnInvalid { refuse, skip };

// What to do with an id already in the database: refuse, or store a new revision.
enum class OnExisting { refuse, update };

// Where records come from: JSON inputs (files, folders, "-"), or one CSV file and its mapping.
struct ImportSource {
    std::vector<std::string> inputs;      // JSON inputs, as for validate
    std::istream* stdin_stream = nullptr; // what "-" reads (read once, as a stream)
    std::string csv_file;                 // a CSV file (with mapping)
    const input::CsvMapping* mapping = nullptr;
    std::string mapping_file;             // the mapping's file: an input too, never replaced by the rejects
};

// How an import runs and reports.
struct ImportOptions {
    OnInvalid on_invalid = OnInvalid::refuse;
    OnExisting on_existing = OnExisting::refuse;
    std::string actor;
    std::string rejects_file;                                        // with OnInvalid::skip: JSONL of rejected records
    Overwrite overwrite_rejects = Overwrite::no;                     // may the rejects file replace an existing file (--force)
    std::function<void(const Diagnostic&)> report;                   // every diagnostic, as found
    std::function<void(std::size_t done)> progress;                   // records read so far (one pass: no total)
    unsigned jobs = 1;                                               // threads parsing and checking JSON Lines (read_records)
};

// What an import did (or, when refused, would have done).
struct ImportSummary {
    std::size_t records = 0;   // read
    std::size_t added = 0;     // new ids
    std::size_t updated = 0;   // new revisions (--update)
    std::size_t unchanged = 0; // identical to the stored case: nothing written
    std::size_t rejected = 0;  // invalid: nothing of them written
    std::size_t errors = 0;
    std::size_t warnings = 0;
    bool written = false;      // records were written and committed
    bool refused = false;      // invalid records and OnInvalid::refuse: nothing written
    // "1200 records: 1198 added, 0 updated, 2 unchanged, 0 rejected", or why nothing was written
    std::string summary_line() const;
};

// Imports records into store; throws Error(io) for unreadable input or a
// database failure, and before reading anything when the rejects file may not
// be written (the database, an input, or an existing file without Overwrite::yes).
ImportSummary import_records(store::Store& store, const ImportSource& source, const ImportOptions& options);

} // namespace casebook::ops
