// export --format package: the linked tables (linked_tables.hpp) as CSV
// files and a Frictionless Data Package descriptor, datapackage.json
// (profile tabular-data-package; a Table Schema per file with types, enum
// constraints, descriptions from the case schema, missingValues, primaryKey
// and foreignKeys), written into a new folder that appears only when whole.
// Beside the tables, records.jsonl holds the same records whole, so that
// `casebook import FOLDER` takes a partner's package back; the descriptor
// gives every file's size and SHA-256, and import checks the records' hash.
#pragma once

#include <map>
#include <set>
#include <string>

#include "record/consent.hpp"
#include "crypto/sha256.hpp"
#include "json/json.hpp"
#include "record/linked_tables.hpp"
#include "util/output_folder.hpp"

namespace casebook::output {

// What the descriptor says about the export as a whole.
struct PackageFacts {
    long long records = 0;  // cases exported
    record::LeftOutCounts left_out; // cases consent and review left out
    bool redacted = false;  // --redact: sensitive columns left out, dates cut to `dates`
    std::string dates;      // "day", "month" or "year" (with redacted)
    std::string created;    // UTC, ISO 8601
};

// What the descriptor says about each file it lists.
struct PackageFile {
    std::string sha256; // hex
    long long bytes = 0;
};

// The file of a package holding its records whole (JSON Lines).
inline constexpr const char* package_records_file = "records.jsonl";

// The names of the files of a package: datapackage.json, one CSV per table, records.jsonl.
std::set<std::string> data_package_files();

// The descriptor of a package of these tables; files: the size and hash of each file written.
Json data_package_descriptor(record::SensitiveColumns sensitive, const PackageFacts& facts,
                             const std::map<std::string, PackageFile>& files = {});

// Writes a package into an OutputFolder: add() each released record, then finish().
class DataPackageWriter {
public:
    DataPackageWriter(OutputFolder& folder, record::SensitiveColumns sensitive);
    // Adds the rows of one record (already released: consented, redacted when asked).
    void add(const Json& record);
    // Writes datapackage.json and puts the folder in place; throws Error(io).
    void finish(const PackageFacts& facts);

private:
    struct Digest {
        crypto::Sha256 hash;
        long long bytes = 0;
    };
    void put(const std::string& name, std::string_view text);

    OutputFolder& folder_;
    record::SensitiveColumns sensitive_;
    std::map<std::string, Digest> digests_;
};

} // namespace casebook::output
