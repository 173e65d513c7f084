// CSV (RFC 4180) read one row at a time, and written, as spreadsheets and R expect.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// Where a cell starts in the file: 1-based line and column (in characters).
struct CellPosition {
    std::size_t line = 0;
    std::size_t column = 0;
};

// One row of a CSV file, cells unquoted.
struct CsvRow {
    std::vector<std::string> cells;
    std::vector<CellPosition> positions; // one per cell
    std::size_t line = 0;                // line of the file where the row starts
};

// Reads RFC 4180 CSV row by row: quoted cells may hold the delimiter, quotes
// ("") and line breaks; lines end in LF, CRLF or CR; a UTF-8 BOM at the start is
// skipped. Lenient where spreadsheets are sloppy: a quote inside an unquoted
// cell, or text after a closing quote, is kept as text. Memory holds one row.
class CsvReader {
public:
    // Reads from in; name is used in error messages ("data.csv").
    CsvReader(std::istream& in, std::string name, char delimiter = ',');
    // Reads the next row into row; false at the end of the input. Throws
    // Error(invalid) for a quoted cell that never ends, Error(io) when reading fails.
    bool next(CsvRow& row);
    // The name given at construction.
    const std::string& name() const { return name_; }

private:
    int get();
    int peek();

    std::istream& in_;
    std::string name_;
    char delimiter_;
    std::size_t line_ = 1;
    std::size_t column_ = 1;
    bool started_ = false;
};

// A cell a spreadsheet will not run as a formula: a value starting with
// '=', '+', '-', '@', a tab or a carriage return gets a leading "'" (OWASP's
// advice), except a negative number ("-12", "-3.5"). Every CSV and TSV cell
// casebook writes goes through it.
std::string spreadsheet_safe(std::string_view value);

// One cell as RFC 4180 writes it, made spreadsheet_safe: quoted when it holds
// the delimiter, a quote, a line break or leading/trailing spaces; quotes doubled.
std::string csv_cell(std::string_view value, char delimiter = ',');

// Writes one row of cells, joined by the delimiter, ended by CRLF (RFC 4180).
void write_csv_row(std::ostream& out, const std::vector<std::string>& cells, char delimiter = ',');

// How CSV is written: RFC 4180 with commas (R, pandas, most tools), or for a
// spreadsheet whose list separator is ';' (--excel: Excel in Spanish, and in
// every locale that writes decimals with a comma), which reads a file as UTF-8
// only after a byte-order mark and would take "12.5" for 125 or for text.
struct CsvDialect {
    char delimiter = ',';
    bool byte_order_mark = false;
    bool decimal_comma = false; // "12.5" written "12,5" (only a cell that is a decimal number)
    static CsvDialect excel() { return {';', true, true}; }
};

// The start of a CSV file in this dialect (its byte-order mark, if any).
void write_csv_start(std::ostream& out, const CsvDialect& dialect);
// One row in this dialect, ended by CRLF.
void write_csv_row(std::ostream& out, const std::vector<std::string>& cells, const CsvDialect& dialect);

} // namespace casebook
