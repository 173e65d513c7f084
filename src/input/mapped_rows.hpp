// The rows of a CSV file read through a mapping (input/mapping.hpp): each
// non-blank data row as a case record, with the cells that filled its fields
// and those the mapping could not place.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "util/csv.hpp"
#include "json/diagnostic.hpp"
#include "json/json.hpp"
#include "input/mapping.hpp"

namespace casebook::input {

// A cell value the mapping could not turn into a field value.
struct UnmappedCell {
    std::string column;
    std::string value;
    std::string pointer; // first field the column fills
    std::string reason;  // "is not in the mapping's values", "is not a date in the format M/D/YYYY", …
    CellPosition position;
    bool sensitive = false; // bound for a field marked x-sensitive: never quoted in a message
};

// What a message says of an unmapped cell: 'column "Town": "X" is not in the
// mapping's "values"', the value cut to max_quoted_chars, never quoted when it
// is bound for a sensitive field.
std::string unmapped_message(const UnmappedCell& cell);

// One data row turned into a record.
struct MappedRow {
    std::size_t row_number = 0;          // 1 = first data row after the header
    std::size_t line = 0;                // line of the file where the row starts
    Json record;                         // canonical key order
    std::vector<UnmappedCell> unmapped;  // cells the mapping could not place
    std::vector<Problem> problems;       // row-level errors (wrong number of cells, no id)
    std::vector<std::string> cells;      // the raw cells, as read
    std::shared_ptr<const std::vector<std::string>> header; // the header row's cells
    std::vector<std::pair<std::string, CellPosition>> filled; // field pointer -> cell that filled it

    // Where a problem at this JSON Pointer of the record comes from in the file:
    // the cell that filled it (or its closest relative), else the row's start.
    CellPosition position_of(const std::string& pointer) const;
    // The raw row as {"header": "cell", …}, for the rejects file.
    Json raw() const;
};

// Unmapped values of a whole file, each counted once, in order of first appearance.
class UnmappedReport {
public:
    // Counts the unmapped cells of one row.
    void add(const MappedRow& row);
    // Values seen (distinct).
    std::size_t distinct() const { return entries_.size(); }
    // Rows with at least one unmapped value.
    std::size_t rows() const { return rows_; }
    // One error diagnostic per distinct value: where it first appears, how many rows have it.
    std::vector<Diagnostic> diagnostics(const std::string& file) const;

private:
    struct Entry {
        UnmappedCell first;
        std::size_t count = 0;
    };
    std::vector<Entry> entries_;
    std::map<std::pair<std::string, std::string>, std::size_t> index_; // (column, value) -> entries_ index
    std::size_t rows_ = 0;
};

// Called for each data row; return false to stop.
using MappedRowVisitor = std::function<bool(MappedRow&)>;

// Reads a CSV file through a mapping: finds the header, then calls visit with
// every non-blank data row as a record. Streams: one row in memory at a time.
// Throws Error(invalid) when the header row is not found or the CSV is malformed.
void read_mapped_csv(std::istream& in, const std::string& name, const CsvMapping& mapping, const MappedRowVisitor& visit);

} // namespace casebook::input
