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
// Rows are read through a mapping by read_mapped_csv (input/mapped_rows.hpp).
#pragma once

#include <memory>
#include <string>

#include "json/json.hpp"

namespace casebook::input {

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

} // namespace casebook::input
