// Output formats of the commands that print tables or records (DESIGN.md,
// "Output formats"): table (aligned, for a terminal), csv, tsv, json, jsonl,
// markdown.
//
// - csv: RFC 4180, UTF-8, one header row, CRLF line ends, no title or notes;
//   cells quoted when they hold a comma, a quote, a line break or edge spaces.
// - tsv: one header row, LF line ends, no quoting: a tab, CR or LF inside a
//   cell becomes a space (so every line has the same number of fields).
// - table: title, header, a rule, the rows (a rule before the totals), notes;
//   fitted to a width: headers wrap at _ - and spaces, then the first column is
//   shortened with "…", then the columns are split into blocks.
// - markdown: title, a pipe table (| escaped), notes.
// Countries show as codes in csv, tsv, json and jsonl, as names in table and markdown.
// json and jsonl are written by the command itself (records, or a table object).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "util/csv.hpp"

namespace casebook::output {

// An output format.
enum class Format { table, csv, tsv, json, jsonl, markdown };

// What a command prints: aggregate tables or case records (the off-TTY default differs).
enum class Shape { table, records };

// Parses a --format value among `allowed`; throws Error(usage) naming the allowed ones.
Format parse_format(std::string_view text, std::initializer_list<Format> allowed);

// The name of a format ("csv").
std::string_view format_name(Format format);

// The default format: table on a terminal; off it tsv for tables, jsonl for records.
Format default_format(Shape shape, bool out_is_tty);

// Whether a format shows countries by name (table, markdown) rather than by code.
bool shows_country_names(Format format);

// How a column lines up in table and markdown output.
enum class Align { left, right };

// A table of text ready to print in any of the text formats.
struct Grid {
    std::string title;                          // table and markdown only
    std::vector<std::string> header;
    std::vector<Align> align;                   // one per column; missing means left
    std::vector<std::vector<std::string>> rows; // each as long as header
    std::size_t totals_from = static_cast<std::size_t>(-1); // first row of totals (a rule before it)
    std::vector<std::string> footnotes;         // table and markdown only
};

// Writes a grid as table, csv, tsv or markdown; width (table only) is the
// terminal's, 0 for no limit; csv (csv only) its dialect. Throws Error(usage) for json and jsonl.
void write_grid(std::ostream& out, const Grid& grid, Format format, std::size_t width = 0, const CsvDialect& csv = {});

// A cell as tsv writes it: spreadsheet_safe (csv.hpp), then tabs and line breaks become spaces.
std::string tsv_cell(std::string_view value);

// How many terminal columns UTF-8 text takes (one per code point; combining marks none).
std::size_t display_width(std::string_view text);

} // namespace casebook::output
