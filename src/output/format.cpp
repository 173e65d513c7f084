#include "util/i18n.hpp"
#include "output/format.hpp"

#include <algorithm>
#include <cstdlib>
#include <ostream>


#include <fmt/format.h>

#include "util/csv.hpp"
#include "util/error.hpp"
#include "util/terminal.hpp"

namespace casebook::output {

namespace {

constexpr std::string_view gap = "  "; // between columns of table output

struct Named {
    Format format;
    std::string_view name;
};

constexpr Named format_names[] = {
    {Format::table, "table"}, {Format::csv, "csv"},     {Format::tsv, "tsv"},
    {Format::json, "json"},   {Format::jsonl, "jsonl"}, {Format::markdown, "markdown"},
};

bool continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

// Combining marks (U+0300-U+036F) take no column of their own.
bool combining_at(std::string_view text, std::size_t i)
{
    auto b0 = static_cast<unsigned char>(text[i]);
    if (i + 1 >= text.size() || (b0 != 0xCC && b0 != 0xCD)) {
        return false;
    }
    auto b1 = static_cast<unsigned char>(text[i + 1]);
    return b0 == 0xCC ? b1 >= 0x80 : b1 <= 0xAF;
}

// The longest prefix of text at most `width` columns wide, ending in "…" when cut.
std::string truncate_to(std::string_view text, std::size_t width)
{
    if (display_width(text) <= width) {
        return std::string(text);
    }
    if (width == 0) {
        return "";
    }
    std::size_t used = 0, i = 0;
    while (i < text.size()) {
        std::size_t next = i + 1;
        while (next < text.size() && continuation_byte(static_cast<unsigned char>(text[next]))) {
            ++next;
        }
        std::size_t w = combining_at(text, i) ? 0 : 1;
        if (used + w > width - 1) {
            break;
        }
        used += w;
        i = next;
    }
    return std::string(text.substr(0, i)) + "…";
}

// Splits a header into pieces that may start a new line: after '_', '-' or ' '.
std::vector<std::string> header_words(std::string_view header)
{
    std::vector<std::string> out;
    std::string word;
    for (char c : header) {
        word.push_back(c);
        if (c == '_' || c == '-' || c == ' ') {
            out.push_back(word);
            word.clear();
        }
    }
    if (!word.empty()) {
        out.push_back(word);
    }
    return out;
}

std::string trim_right_spaces(std::string s)
{
    while (!s.empty() && s.back() == ' ') {
        s.pop_back();
    }
    return s;
}

// The header wrapped to lines at most `width` wide (a word longer than that stays whole).
std::vector<std::string> wrap_header(std::string_view header, std::size_t width)
{
    std::vector<std::string> lines;
    std::string line;
    for (const std::string& word : header_words(header)) {
        if (!line.empty() && display_width(trim_right_spaces(line + word)) > width) {
            lines.push_back(trim_right_spaces(line));
            line.clear();
        }
        line += word;
    }
    lines.push_back(trim_right_spaces(line));
    return lines;
}

std::size_t longest_word(std::string_view header)
{
    std::size_t w = 0;
    for (const std::string& word : header_words(header)) {
        w = std::max(w, display_width(trim_right_spaces(word)));
    }
    return w;
}

std::string pad(std::string_view text, std::size_t width, Align align)
{
    std::size_t w = display_width(text);
    std::string spaces(width > w ? width - w : 0, ' ');
    return align == Align::right ? spaces + std::string(text) : std::string(text) + spaces;
}

Align align_of(const Grid& grid, std::size_t column)
{
    return column < grid.align.size() ? grid.align[column] : Align::left;
}

std::size_t total_width(const std::vector<std::size_t>& widths, const std::vector<std::size_t>& columns)
{
    std::size_t sum = 0;
    for (std::size_t c : columns) {
        sum += widths[c];
    }
    return sum + (columns.empty() ? 0 : gap.size() * (columns.size() - 1));
}

// Prints the given columns of the grid (one block), headers wrapped to the widths.
void write_block(std::ostream& out, const Grid& grid, const std::vector<std::size_t>& columns,
                 const std::vector<std::size_t>& widths, const std::vector<std::vector<std::string>>& cells)
{
    std::vector<std::vector<std::string>> header_lines;
    std::size_t height = 1;
    for (std::size_t c : columns) {
        header_lines.push_back(wrap_header(grid.header[c], widths[c]));
        height = std::max(height, header_lines.back().size());
    }
    auto emit = [&](const std::vector<std::string>& line) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (i != 0) {
                text += gap;
            }
            text += line[i];
        }
        out << trim_right_spaces(text) << '\n';
    };
    // Headers sit on the bottom line, as a spreadsheet reader expects the label next to the rule.
    for (std::size_t h = 0; h < height; ++h) {
        std::vector<std::string> line;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const auto& lines = header_lines[i];
            std::size_t offset = height - lines.size();
            std::string text = h >= offset ? lines[h - offset] : "";
            line.push_back(pad(text, widths[columns[i]], align_of(grid, columns[i])));
        }
        emit(line);
    }
    auto rule = [&] {
        std::vector<std::string> line;
        for (std::size_t c : columns) {
            line.push_back(std::string(widths[c], '-'));
        }
        emit(line);
    };
    rule();
    for (std::size_t r = 0; r < cells.size(); ++r) {
        if (r == grid.totals_from && r != 0) {
            rule();
        }
        std::vector<std::string> line;
        for (std::size_t c : columns) {
            line.push_back(pad(cells[r][c], widths[c], align_of(grid, c)));
        }
        emit(line);
    }
}

// Text wrapped at spaces to lines at most `width` wide (0: one line); later lines indented.
std::vector<std::string> wrap_words(std::string_view text, std::size_t width, std::size_t indent)
{
    if (width == 0 || display_width(text) <= width) {
        return {std::string(text)};
    }
    std::vector<std::string> lines;
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(' ', start);
        std::string_view word = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        std::string lead = lines.empty() ? "" : std::string(indent, ' ');
        if (!line.empty() && display_width(lead) + display_width(line) + 1 + display_width(word) > width) {
            lines.push_back(lead + line);
            line.clear();
        }
        line += (line.empty() ? "" : " ") + std::string(word);
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    lines.push_back((lines.empty() ? "" : std::string(indent, ' ')) + line);
    return lines;
}

void write_table(std::ostream& out, const Grid& grid, std::size_t width)
{
    const std::size_t n = grid.header.size();
    std::vector<std::vector<std::string>> cells = grid.rows;
    std::vector<std::size_t> cell_widths(n, 0), widths(n, 0);
    for (const auto& row : cells) {
        for (std::size_t c = 0; c < n && c < row.size(); ++c) {
            cell_widths[c] = std::max(cell_widths[c], display_width(row[c]));
        }
    }
    std::vector<std::size_t> all;
    for (std::size_t c = 0; c < n; ++c) {
        widths[c] = std::max(cell_widths[c], display_width(grid.header[c]));
        all.push_back(c);
    }
    if (width != 0 && total_width(widths, all) > width) {
        // 1. Wrap the headers at word breaks.
        for (std::size_t c = 0; c < n; ++c) {
            widths[c] = std::max(cell_widths[c], longest_word(grid.header[c]));
        }
    }
    if (width != 0 && n > 1 && total_width(widths, all) > width) {
        // 2. Shorten the labels of the first column, down to 12 columns.
        std::size_t rest = total_width(widths, all) - widths[0];
        std::size_t room = width > rest ? width - rest : 0;
        std::size_t first = std::max<std::size_t>({room, 12, longest_word(grid.header[0])});
        if (first < widths[0]) {
            widths[0] = first;
            for (auto& row : cells) {
                row[0] = truncate_to(row[0], first);
            }
        }
    }
    if (!grid.title.empty()) {
        for (const std::string& line : wrap_words(grid.title, width, 0)) {
            out << line << '\n';
        }
        out << '\n';
    }
    // 3. Split the columns into blocks that fit, each repeating the first column.
    std::vector<std::vector<std::size_t>> blocks;
    std::vector<std::size_t> block{0};
    for (std::size_t c = 1; c < n; ++c) {
        std::vector<std::size_t> wider = block;
        wider.push_back(c);
        if (width != 0 && block.size() > 1 && total_width(widths, wider) > width) {
            blocks.push_back(block);
            block = {0, c};
        } else {
            block = std::move(wider);
        }
    }
    blocks.push_back(block);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        if (b != 0) {
            out << '\n';
        }
        write_block(out, grid, blocks[b], widths, cells);
    }
    if (!grid.footnotes.empty()) {
        out << '\n';
        for (const std::string& note : grid.footnotes) {
            for (const std::string& line : wrap_words(say("Note: {}", note), width, 6)) {
                out << line << '\n';
            }
        }
    }
}

std::string markdown_cell(std::string_view value)
{
    std::string out;
    for (char c : value) {
        if (c == '|' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

void write_markdown(std::ostream& out, const Grid& grid)
{
    if (!grid.title.empty()) {
        out << grid.title << "\n\n";
    }
    auto row = [&](const std::vector<std::string>& cells) {
        out << '|';
        for (const std::string& cell : cells) {
            out << ' ' << markdown_cell(cell) << " |";
        }
        out << '\n';
    };
    row(grid.header);
    out << '|';
    for (std::size_t c = 0; c < grid.header.size(); ++c) {
        out << (align_of(grid, c) == Align::right ? "---:|" : "---|");
    }
    out << '\n';
    for (const auto& cells : grid.rows) {
        row(cells);
    }
    if (!grid.footnotes.empty()) {
        out << '\n';
        for (const std::string& note : grid.footnotes) {
            out << say("Note: {}", note) << "\n\n";
        }
    }
}

} // namespace

Format parse_format(std::string_view text, std::initializer_list<Format> allowed)
{
    std::string names;
    for (Format f : allowed) {
        if (format_name(f) == text) {
            return f;
        }
        names += names.empty() ? "" : ", ";
        names += format_name(f);
    }
    throw Error(Exit::usage, say("--format \"{}\": expected one of {}", text, names));
}

std::string_view format_name(Format format)
{
    for (const Named& n : format_names) {
        if (n.format == format) {
            return n.name;
        }
    }
    return "table";
}

Format default_format(Shape shape, bool out_is_tty)
{
    if (out_is_tty) {
        return Format::table;
    }
    return shape == Shape::table ? Format::tsv : Format::jsonl;
}

bool shows_country_names(Format format)
{
    return format == Format::table || format == Format::markdown;
}

std::string tsv_cell(std::string_view value)
{
    std::string out = spreadsheet_safe(value);
    std::replace_if(out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return out;
}

std::size_t display_width(std::string_view text)
{
    std::size_t w = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!continuation_byte(static_cast<unsigned char>(text[i])) && !combining_at(text, i)) {
            ++w;
        }
    }
    return w;
}

namespace {

// A grid for a human to read: each text one line, no terminal control in it
// (csv and tsv stay data; main() escapes them too when they go to a terminal).
Grid readable(const Grid& grid)
{
    auto safe = [](const std::string& s) { return terminal_safe(s); }; // line breaks: as each format treats them
    Grid out = grid;
    out.title = terminal_safe(grid.title);
    for (std::string& h : out.header) {
        h = safe(h);
    }
    for (auto& row : out.rows) {
        for (std::string& cell : row) {
            cell = safe(cell);
        }
    }
    for (std::string& note : out.footnotes) {
        note = terminal_safe(note);
    }
    return out;
}

} // namespace

void write_grid(std::ostream& out, const Grid& grid, Format format, std::size_t width, const CsvDialect& csv)
{
    switch (format) {
    case Format::csv:
        write_csv_start(out, csv);
        write_csv_row(out, grid.header, csv);
        for (const auto& row : grid.rows) {
            write_csv_row(out, row, csv);
        }
        return;
    case Format::tsv: {
        auto line = [&](const std::vector<std::string>& cells) {
            for (std::size_t i = 0; i < cells.size(); ++i) {
                out << (i == 0 ? "" : "\t") << tsv_cell(cells[i]);
            }
            out << '\n';
        };
        line(grid.header);
        for (const auto& row : grid.rows) {
            line(row);
        }
        return;
    }
    case Format::table:
        write_table(out, readable(grid), width);
        return;
    case Format::markdown:
        write_markdown(out, readable(grid));
        return;
    case Format::json:
    case Format::jsonl:
        break;
    }
    throw Error(Exit::usage, say("--format {} does not apply here", format_name(format)));
}

} // namespace casebook::output
