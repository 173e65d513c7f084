#include "output/stat_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <system_error>

#include "output/stat_wire.hpp"
#include "util/dates.hpp"
#include "util/error.hpp"
#include "util/helper_program.hpp"
#include "util/i18n.hpp"

namespace casebook::output {

namespace {

// Names Stata reserves, and the words SPSS keeps for its syntax (in any case).
constexpr std::array stata_reserved = {"_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int",
                                       "long", "_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with"};
constexpr std::array spss_reserved = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"};

// How a column is stored.
enum class Kind { text, code, boolean, integer, date };

Kind kind_of(const record::LinkedColumn& c)
{
    switch (c.type) {
    case record::ColumnType::boolean:
        return Kind::boolean;
    case record::ColumnType::integer:
        return Kind::integer;
    case record::ColumnType::date:
        return Kind::date;
    case record::ColumnType::list:
        return Kind::text;
    case record::ColumnType::string:
        break;
    }
    return c.values.empty() ? Kind::text : Kind::code;
}

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

[[noreturn]] void bad_value(const record::LinkedRow& row, const record::LinkedColumn& column, const std::string& value)
{
    throw Error(Exit::io, say("case {}: {} is \"{}\", which the Stata and SPSS files cannot hold",
                              row.empty() || !row.front() ? std::string("?") : *row.front(), column.name, value));
}

} // namespace

std::string_view stat_format_name(StatFormat format) { return format == StatFormat::stata ? "stata" : "spss"; }

std::string stat_file_name(const std::string& table, StatFormat format)
{
    return table + (format == StatFormat::stata ? ".dta" : ".sav");
}

std::set<std::string> stat_file_names(StatFormat format)
{
    std::set<std::string> out;
    for (const record::LinkedTable& t : record::linked_tables(record::SensitiveColumns::kept)) {
        out.insert(stat_file_name(t.name, format));
    }
    return out;
}

std::optional<std::string> stat_name_problem(std::string_view name)
{
    if (name.empty() || name.size() > 32) {
        return "Stata names have 1 to 32 characters";
    }
    if (std::isalpha(static_cast<unsigned char>(name.front())) == 0 && name.front() != '_') {
        return "names start with a letter or _";
    }
    for (char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') {
            return "names hold only ASCII letters, digits and _";
        }
    }
    for (std::string_view r : stata_reserved) {
        if (name == r) {
            return "a name Stata reserves";
        }
    }
    if (name.size() > 3 && name.substr(0, 3) == "str" &&
        std::all_of(name.begin() + 3, name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
        return "a name Stata reserves";
    }
    for (std::string_view r : spss_reserved) {
        if (upper(name) == r) {
            return "a word SPSS reserves";
        }
    }
    return std::nullopt;
}

std::string cut_label(std::string_view text, std::size_t characters)
{
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == characters - 1) {
            // Room for this character and none after it: cut before it, unless it is the last.
            std::size_t rest = i + 1;
            while (rest < text.size() && (static_cast<unsigned char>(text[rest]) & 0xC0) == 0x80) {
                ++rest;
            }
            if (rest == text.size()) {
                return std::string(text);
            }
            return std::string(text.substr(0, i)) + "\u2026";
        }
    }
    return std::string(text);
}

StatFilesWriter::StatFilesWriter(OutputFolder& folder, record::SensitiveColumns sensitive, StatFormat format)
    : folder_(folder), sensitive_(sensitive), format_(format)
{
    for (const record::LinkedTable& t : record::linked_tables(sensitive_)) {
        Table table;
        table.widths.assign(t.columns.size(), 0);
        tables_.push_back(std::move(table));
    }
}

void StatFilesWriter::add(const Json& record)
{
    const auto& tables = record::linked_tables(sensitive_);
    record::linked_rows(record, sensitive_, [&](std::size_t t, const record::LinkedRow& row) {
        Table& table = tables_[t];
        stat_wire::Writer out(table.rows);
        for (std::size_t i = 0; i < row.size(); ++i) {
            const record::LinkedColumn& column = tables[t].columns[i];
            const Kind kind = kind_of(column);
            if (kind == Kind::text) {
                const std::string& text = row[i] ? *row[i] : std::string();
                table.widths[i] = std::max(table.widths[i], text.size());
                out.text(text);
                continue;
            }
            if (!row[i]) {
                out.missing();
                continue;
            }
            const std::string& value = *row[i];
            if (kind == Kind::code) {
                auto it = std::find(column.values.begin(), column.values.end(), value);
                if (it == column.values.end()) {
                    bad_value(row, column, value);
                }
                out.integer(it - column.values.begin() + 1);
            } else if (kind == Kind::boolean) {
                out.integer(value == "TRUE" ? 1 : 0);
            } else if (kind == Kind::integer) {
                std::int32_t n = 0;
                auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
                if (error != std::errc() || end != value.data() + value.size()) {
                    bad_value(row, column, value);
                }
                out.integer(n);
            } else {
                const auto day = parse_partial_date(value);
                if (!day || day->day == 0) {
                    bad_value(row, column, value);
                }
                out.integer(days_since_1970(day->year, day->month, day->day));
            }
        }
        ++table.count;
    });
}

std::vector<std::string> StatFilesWriter::stream()
{
    std::vector<std::string> parts(1);
    std::string* text = &parts.back();
    stat_wire::Writer out(*text);
    out.text(stat_wire::greeting);
    const auto& tables = record::linked_tables(sensitive_);
    for (std::size_t t = 0; t < tables.size(); ++t) {
        const record::LinkedTable& table = tables[t];
        parts.emplace_back();
        text = &parts.back();
        out = stat_wire::Writer(*text);
        out.text("file");
        out.text(folder_.staged_path(stat_file_name(table.name, format_)));
        out.text(cut_label(table.description));
        out.integer(static_cast<std::int64_t>(table.columns.size()));
        out.integer(tables_[t].count);
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            const record::LinkedColumn& column = table.columns[i];
            const Kind kind = kind_of(column);
            out.text(column.name);
            out.text(cut_label(column.description));
            out.text(kind == Kind::text ? stat_wire::text_kind : kind == Kind::date ? stat_wire::date_kind : stat_wire::number_kind);
            out.integer(kind == Kind::text ? static_cast<std::int64_t>(tables_[t].widths[i]) : 0);
            if (kind == Kind::code) {
                out.integer(static_cast<std::int64_t>(column.values.size()));
                for (std::size_t v = 0; v < column.values.size(); ++v) {
                    out.integer(static_cast<std::int64_t>(v + 1));
                    out.text(column.values[v]);
                }
            } else if (kind == Kind::boolean) {
                out.integer(2);
                out.integer(0);
                out.text("FALSE");
                out.integer(1);
                out.text("TRUE");
            } else {
                out.integer(0);
            }
        }
        parts.push_back(std::move(tables_[t].rows)); // the stream holds them now, not a copy
        tables_[t].rows.clear();
    }
    parts.emplace_back();
    out = stat_wire::Writer(parts.back());
    out.text("end");
    return parts;
}

void StatFilesWriter::finish(const std::string& helper)
{
    const std::vector<std::string> input = stream();
    const ProgramResult result = run_program(helper, {std::string(stat_format_name(format_))}, input);
    if (!result.ok()) {
        throw Error(Exit::io, say("cannot write the {} files {}: {}", stat_format_name(format_) == "stata" ? "Stata" : "SPSS",
                                  folder_.target(), result.failure()));
    }
    folder_.commit();
}

} // namespace casebook::output
