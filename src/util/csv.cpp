#include "util/csv.hpp"

#include <algorithm>
#include <istream>
#include <ostream>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/limits.hpp"
#include "util/i18n.hpp"

namespace casebook {

CsvReader::CsvReader(std::istream& in, std::string name, char delimiter)
    : in_(in), name_(std::move(name)), delimiter_(delimiter)
{
}

int CsvReader::get()
{
    std::streambuf* buf = in_.rdbuf();
    int c = buf == nullptr ? EOF : buf->sbumpc();
    if (c == EOF) {
        return EOF;
    }
    if (c == '\n') {
        ++line_;
        column_ = 1;
    } else if (c == '\r') {
        // CRLF counts as one line break: the LF that follows does the counting.
        if (peek() != '\n') {
            ++line_;
            column_ = 1;
        }
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column_; // UTF-8 continuation bytes do not start a character
    }
    return c;
}

int CsvReader::peek()
{
    std::streambuf* buf = in_.rdbuf();
    return buf == nullptr ? EOF : buf->sgetc();
}

bool CsvReader::next(CsvRow& row)
{
    row.cells.clear();
    row.positions.clear();
    if (!started_) {
        started_ = true;
        // A UTF-8 byte order mark (Excel writes one) is not part of the first cell.
        std::streambuf* buf = in_.rdbuf();
        if (buf != nullptr && buf->sgetc() == 0xEF) {
            buf->sbumpc();
            if (buf->sgetc() == 0xBB) {
                buf->sbumpc();
                if (buf->sgetc() == 0xBF) {
                    buf->sbumpc();
                } else {
                    buf->sungetc();
                    buf->sungetc();
                }
            } else {
                buf->sungetc();
            }
        }
    }
    if (peek() == EOF) {
        if (in_.bad()) {
            throw Error(Exit::io, say("cannot read {}", name_));
        }
        return false;
    }
    row.line = line_;
    std::string cell;
    CellPosition at{line_, column_};
    bool quoted = false;     // inside a quoted section
    bool was_quoted = false; // the cell began with a quote
    std::size_t bytes = 0;   // of the row so far: memory stays bounded whatever the file
    for (;;) {
        int c = get();
        if (++bytes > max_csv_row_bytes || row.cells.size() >= max_csv_row_cells) {
            throw Error(Exit::invalid,
                        say("{}:{}: this row is longer than {} MB or has more than {} cells, far more than any case: "
                                    "is a quote never closed, or is this the right file?",
                                    name_, row.line, max_csv_row_bytes >> 20, max_csv_row_cells));
        }
        if (quoted) {
            if (c == EOF) {
                throw Error(Exit::invalid,
                            say("{}:{}:{}: a quoted cell is never closed: a \" is missing", name_, at.line, at.column));
            }
            if (c == '"') {
                if (peek() == '"') {
                    get();
                    cell.push_back('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push_back(static_cast<char>(c));
            }
            continue;
        }
        if (c == EOF || c == '\n' || c == '\r' || c == delimiter_) {
            row.cells.push_back(std::move(cell));
            row.positions.push_back(at);
            cell.clear();
            if (c == delimiter_) {
                at = CellPosition{line_, column_};
                was_quoted = false;
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                get();
            }
            return true;
        }
        if (c == '"' && cell.empty() && !was_quoted) {
            quoted = true;
            was_quoted = true;
            continue;
        }
        cell.push_back(static_cast<char>(c));
    }
}

namespace {

// "-12", "-3.5": a negative number is data, and a spreadsheet reads it as one.
bool is_negative_number(std::string_view v)
{
    std::size_t i = 1, digits = 0;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
        ++i, ++digits;
    }
    if (i < v.size() && v[i] == '.' && digits > 0) {
        ++i;
        std::size_t fraction = 0;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
            ++i, ++fraction;
        }
        digits = fraction;
    }
    return v.size() > 1 && v[0] == '-' && digits > 0 && i == v.size();
}

} // namespace

std::string spreadsheet_safe(std::string_view value)
{
    if (value.empty() || is_negative_number(value)) {
        return std::string(value);
    }
    const char first = value.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
        return "'" + std::string(value);
    }
    return std::string(value);
}

std::string csv_cell(std::string_view raw, char delimiter)
{
    const std::string safe = spreadsheet_safe(raw);
    const std::string_view value = safe;
    bool needs_quotes = value.find_first_of(std::string{'"', '\n', '\r', delimiter}) != std::string_view::npos ||
                        (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!needs_quotes) {
        return std::string(value);
    }
    std::string out;
    out.reserve(value.size() + 2);
    out.push_back('"');
    for (char c : value) {
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells, char delimiter)
{
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i != 0) {
            out << delimiter;
        }
        out << csv_cell(cells[i], delimiter);
    }
    out << "\r\n";
}

namespace {

// "12.5", "-0.25": a number with a decimal point, which a comma locale writes "12,5".
bool is_decimal_number(std::string_view v)
{
    std::size_t i = !v.empty() && v.front() == '-' ? 1 : 0;
    const std::size_t digits_from = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
        ++i;
    }
    if (i == digits_from || i >= v.size() || v[i] != '.') {
        return false;
    }
    const std::size_t fraction_from = ++i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
        ++i;
    }
    return i == v.size() && i > fraction_from;
}

} // namespace

void write_csv_start(std::ostream& out, const CsvDialect& dialect)
{
    if (dialect.byte_order_mark) {
        out << "\xEF\xBB\xBF";
    }
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells, const CsvDialect& dialect)
{
    if (!dialect.decimal_comma) {
        write_csv_row(out, cells, dialect.delimiter);
        return;
    }
    std::vector<std::string> local = cells;
    for (std::string& c : local) {
        if (is_decimal_number(c)) {
            std::replace(c.begin(), c.end(), '.', ',');
        }
    }
    write_csv_row(out, local, dialect.delimiter);
}

} // namespace casebook
