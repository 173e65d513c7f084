// CSV mappings: how the rows of a spreadsheet export (KoboToolbox, Excel, a
// government FOIA release) become case records, without hand-editing the file.
//
// A mapping is a JSON object (examples/ice-seattle/*.mapping.json is a full one):
//
//   {
//     "delimiter": ",",                 optional; one character, default ","
//     "skip_rows": 6,                   optional: rows before the header row; when left
//                                       out, the header is the first row naming every
//                                       column the mapping uses (within the first 1000)
//     "withheld": ["(b)(6)", "(b)(7)(E)"],
//                                       cell values that mean "withheld" (FOIA redaction
//                                       markers): such a cell fills nothing, as if empty.
//                                       Compared ignoring case and all white space, so
//                                       "(b)(7)(E )" matches "(b)(7)(E)"
//     "id": {"column": "Case ID", "prefix": "kobo-"}
//        or {"prefix": "ice-er-", "row_number": true, "digits": 5}
//                                       the record id: a column's value, or the prefix
//                                       plus the data row number (1 = first row after the
//                                       header; blank rows are not counted), zero-padded
//                                       to `digits`
//     "constants": {"/status": "draft", "/returns/0/from": "USA", "/tags": ["ice"]},
//                                       fields every record gets (JSON Pointer -> value)
//     "columns": [                      which column fills which field(s)
//       {"column": "Country of Citizenship",         header name (case and surrounding
//                                                   spaces ignored)
//        "pointer": ["/origin/country", "/returns/0/to"],  one pointer or several;
//                                                   "/tags/-" appends to an array;
//                                                   a list position is below 1000
//        "countries": true,                         country names -> ISO alpha-3 through
//                                                   iso-codes' names (any case); a valid
//                                                   code is kept as is
//        "values": {"CHINA, PEOPLES REPUBLIC OF": "CHN", "UNKNOWN": null}},
//                                                   the mapping's own entries, looked up
//                                                   first (any case); null = leave the
//                                                   field out
//       {"column": "Departed Date", "pointer": "/returns/0/date",
//        "date": "M/D/YYYY"},                       or a list of formats, tried in order:
//                                                   YYYY, MM or M, DD or D, MMM (Jan),
//                                                   other characters literal; the result
//                                                   is ISO 8601, partial if the format is
//       {"column": "Age", "pointer": "/person/age_at_flight", "type": "integer"}
//                                                   type: string (default), integer,
//                                                   number, boolean (true/false, yes/no, 1/0)
//     ],
//     "rules": [                        fields set when a column has a given value
//       {"column": "Case Category", "equals": "[8G] Expedited Removal - Credible Fear Referral",
//        "set": {"/journey/0/asylum/fear_expressed": true}},  "in": [..] for several values
//       {"column": "Country", "in": ["USSR", "UNKNOWN"], "remove": ["/returns"]}
//                                       "remove" leaves fields out (after the columns
//                                       and constants filled them); rules apply in order
//     ]
//   }
//
// Every record gets "schema_version": "1" and its id; keys end in the schema's
// order. An empty (or withheld) cell fills nothing. A value that a column's
// "values", "countries", "date" or "type" cannot turn into a field value is
// "unmapped": its row is invalid, and the value is reported once with the number
// of rows that have it. Columns the mapping does not name are ignored.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/csv.hpp"
#include "json/diagnostic.hpp"
#include "json/json.hpp"

namespace casebook {

// A parsed, checked mapping (see the top of this file for the format).
class CsvMapping {
public:
    // Checks and compiles a mapping; throws Error(usage) naming the faulty part.
    static CsvMapping from_json(const Json& mapping);
    // Reads a mapping file; throws Error(io) if unreadable, Error(usage) if wrong.
    static CsvMapping load(const std::string& path);

    CsvMapping(CsvMapping&&) noexcept;
    CsvMapping& operator=(CsvMapping&&) noexcept;
    ~CsvMapping();

    struct Spec;
    // The compiled mapping.
    const Spec& spec() const { return *spec_; }

private:
    explicit CsvMapping(std::unique_ptr<Spec> spec);
    std::unique_ptr<Spec> spec_;
};

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

// Converts a date written in format ("M/D/YYYY", "DD.MM.YYYY", "MMM YYYY") to
// ISO 8601 ("2012-01-03", "2012-01"); nullopt when it does not fit or names no day.
std::optional<std::string> convert_date(std::string_view text, std::string_view format);

} // namespace casebook
