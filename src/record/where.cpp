#include "record/where.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include <fmt/format.h>
#include <sqlite3.h>

#include "util/countries.hpp"
#include "util/error.hpp"
#include "util/suggest.hpp"
#include "util/i18n.hpp"

namespace casebook::record {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
        s.remove_suffix(1);
    }
    return s;
}

std::string join(const std::vector<std::string>& items, std::size_t limit = 40)
{
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
        out += (i == 0 ? "" : ", ") + items[i];
    }
    if (items.size() > limit) {
        out += fmt::format(", … ({} more)", items.size() - limit);
    }
    return out;
}

std::vector<std::string> dimension_names()
{
    std::vector<std::string> out;
    for (const Dimension& d : dimensions()) {
        out.emplace_back(d.name);
    }
    return out;
}

bool is_year(std::string_view v)
{
    return v.size() == 4 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string upper(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// The value as stored, or Error(usage) saying what the dimension takes.
std::string checked_value(std::string_view expr, const Dimension& dim, std::string_view given)
{
    std::string value(given);
    auto fail = [&](const std::string& why) {
        return Error(Exit::usage, say("--where \"{}\": {}", expr, why));
    };
    switch (dim.kind) {
    case ValueKind::vocabulary: {
        if (std::find(dim.values.begin(), dim.values.end(), value) != dim.values.end()) {
            return value;
        }
        auto close = closest_first(value, dim.values);
        throw fail(say("\"{}\" is not a value of {}; did you mean \"{}\"? values: {}", value, dim.name,
                               close.empty() ? "" : close.front(), join(dim.values)));
    }
    case ValueKind::country: {
        std::string code = upper(value);
        if (find_country(code) != nullptr) {
            return code;
        }
        if (auto by_name = country_code_for_name(value)) {
            return std::string(*by_name);
        }
        std::vector<std::string> codes;
        for (const Country& c : countries()) {
            codes.emplace_back(c.code);
        }
        auto close = closest_first(code, codes);
        throw fail(say("\"{}\" is not an ISO 3166-1 alpha-3 country code or country name; did you mean "
                               "\"{}\" ({})?",
                               value, close.front(), country_name(close.front())));
    }
    case ValueKind::year:
        if (is_year(value)) {
            return value;
        }
        throw fail(say("\"{}\" is not a year: {} takes four digits, such as 2017", value, dim.name));
    case ValueKind::free:
        return value;
    }
    return value;
}

} // namespace

Condition parse_where(std::string_view expr)
{
    std::size_t at = expr.find_first_of("!<>=");
    if (at == std::string_view::npos) {
        throw Error(Exit::usage, say("--where \"{}\": expected DIM=VALUE, DIM!=VALUE, DIM=V1,V2, DIM>=YEAR or "
                                             "DIM<=YEAR (casebook dims lists the dimensions)",
                                             expr));
    }
    Condition cond;
    std::size_t after = at + 1;
    switch (expr[at]) {
    case '=':
        cond.op = WhereOp::any_of;
        break;
    case '!':
    case '<':
    case '>':
        if (at + 1 >= expr.size() || expr[at + 1] != '=') {
            throw Error(Exit::usage, say("--where \"{}\": the operators are =, !=, >= and <=", expr));
        }
        cond.op = expr[at] == '!' ? WhereOp::none_of : expr[at] == '<' ? WhereOp::at_most : WhereOp::at_least;
        after = at + 2;
        break;
    default:
        break;
    }
    std::string name(trim(expr.substr(0, at)));
    cond.dim = find_dimension(name);
    if (cond.dim == nullptr) {
        auto names = dimension_names();
        auto close = closest_first(name, names);
        throw Error(Exit::usage, say("--where \"{}\": unknown dimension \"{}\"; did you mean \"{}\"? "
                                             "dimensions: {}",
                                             expr, name, close.empty() ? "" : close.front(), join(names)));
    }
    const bool ordered = cond.op == WhereOp::at_least || cond.op == WhereOp::at_most;
    if (ordered && cond.dim->kind != ValueKind::year) {
        throw Error(Exit::usage, say("--where \"{}\": >= and <= apply to years (return_year, flight_year), "
                                             "not to {}",
                                             expr, cond.dim->name));
    }
    std::string_view rest = expr.substr(after);
    while (true) {
        std::size_t comma = rest.find(',');
        std::string_view piece = trim(rest.substr(0, comma));
        if (piece.empty()) {
            throw Error(Exit::usage, say("--where \"{}\": a value is missing after the operator or a comma",
                                                 expr));
        }
        std::string value = checked_value(expr, *cond.dim, piece);
        if (std::find(cond.values.begin(), cond.values.end(), value) == cond.values.end()) {
            cond.values.push_back(std::move(value));
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest = rest.substr(comma + 1);
    }
    if (ordered && cond.values.size() != 1) {
        throw Error(Exit::usage, say("--where \"{}\": >= and <= take one year", expr));
    }
    return cond;
}

std::vector<Condition> parse_where(const std::vector<std::string>& exprs)
{
    std::vector<Condition> out;
    for (const std::string& e : exprs) {
        out.push_back(parse_where(std::string_view(e)));
    }
    return out;
}

namespace {

// Parameters SQLite binds in one statement at most (SQLITE_MAX_VARIABLE_NUMBER
// is 32766), less a margin for the statement around the filter.
constexpr std::size_t most_values = 30000;

// The parts joined by AND as a balanced tree, so that thousands of
// conditions stay far below SQLite's limit on expression depth (1000).
std::string all_of(const std::vector<std::string>& parts, std::size_t first, std::size_t last)
{
    if (last - first == 1) {
        return parts[first];
    }
    const std::size_t middle = first + (last - first) / 2;
    return fmt::format("({} AND {})", all_of(parts, first, middle), all_of(parts, middle, last));
}

} // namespace

SqlFilter compile_where(const std::vector<Condition>& conditions, std::string_view alias)
{
    SqlFilter out;
    std::vector<std::string> parts;
    std::size_t values = 0;
    for (const Condition& cond : conditions) {
        values += cond.dim->arity == Arity::single ? cond.values.size() : 1;
    }
    if (values > most_values) {
        throw Error(Exit::usage, say("--where: {} values in all is too many (at most {}): split the query",
                                             values, most_values));
    }
    for (const Condition& cond : conditions) {
        const Dimension& dim = *cond.dim;
        const bool year = dim.kind == ValueKind::year;
        auto bind = [&](const std::string& v) {
            if (year) {
                out.params.emplace_back(std::stoll(v));
            } else {
                out.params.emplace_back(v);
            }
        };
        std::string marks;
        for (std::size_t i = 0; i < cond.values.size(); ++i) {
            marks += i == 0 ? "?" : ", ?";
        }
        // Registry names are identifiers (lower case and _), never user text.
        const std::string name(dim.name);
        if (dim.arity == Arity::single) {
            const std::string column = fmt::format("{}.{}", alias, name);
            switch (cond.op) {
            case WhereOp::any_of:
                parts.push_back(fmt::format("{} IN ({})", column, marks));
                break;
            case WhereOp::none_of:
                parts.push_back(fmt::format("({} IS NULL OR {} NOT IN ({}))", column, column, marks));
                break;
            case WhereOp::at_least:
                parts.push_back(fmt::format("{} >= ?", column));
                break;
            case WhereOp::at_most:
                parts.push_back(fmt::format("{} <= ?", column));
                break;
            }
            for (const std::string& v : cond.values) {
                bind(v);
            }
        } else {
            // One function call on the case's own row: no lookup in case_values
            // per case. The wanted values go as one encoded parameter, so that
            // any number fits (SQLite passes a function at most 127 arguments).
            const char* negate = cond.op == WhereOp::none_of ? "NOT " : "";
            parts.push_back(fmt::format("{}casebook_has({}.{}, ?)", negate, alias, name));
            out.params.emplace_back(encode_values(cond.values)); // multi-valued dimensions hold text
        }
    }
    if (!parts.empty()) {
        out.sql = all_of(parts, 0, parts.size());
    }
    return out;
}

namespace {

// The wanted values of one casebook_has call site, decoded once per statement.
using Wanted = std::vector<std::string>;

void casebook_has(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    if (argc != 2 || sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_int(context, 0);
        return;
    }
    auto* wanted = static_cast<Wanted*>(sqlite3_get_auxdata(context, 1));
    if (wanted == nullptr) {
        auto decoded = std::make_unique<Wanted>();
        const auto* list = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
        const std::string_view encoded_list(list == nullptr ? "" : list,
                                            static_cast<std::size_t>(sqlite3_value_bytes(argv[1])));
        if (!decode_values(encoded_list, [&](std::string_view v) { decoded->emplace_back(v); })) {
            sqlite3_result_error(context, "casebook_has: the wanted values are not length-prefixed", -1);
            return;
        }
        wanted = decoded.get();
        sqlite3_set_auxdata(context, 1, decoded.release(), [](void* p) { delete static_cast<Wanted*>(p); });
        // SQLite may free the auxiliary data at once (out of memory): ask again.
        wanted = static_cast<Wanted*>(sqlite3_get_auxdata(context, 1));
        if (wanted == nullptr) {
            sqlite3_result_error_nomem(context);
            return;
        }
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const std::string_view encoded(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
    bool found = false;
    const bool well_formed = decode_values(encoded, [&](std::string_view value) {
        found = found || std::find(wanted->begin(), wanted->end(), value) != wanted->end();
    });
    if (!well_formed) {
        sqlite3_result_error(context, tr("a case_dims value is damaged: restore the database from a backup"), -1);
        return;
    }
    sqlite3_result_int(context, found ? 1 : 0);
}

} // namespace

void register_where_functions(sqlite3* db)
{
    const int rc = sqlite3_create_function_v2(db, "casebook_has", 2,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                              casebook_has, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        throw Error(Exit::io, say("cannot prepare the database connection: {}", sqlite3_errstr(rc)));
    }
}

bool matches(const std::vector<Condition>& conditions, const Json& record, const Derived& derived)
{
    for (const Condition& cond : conditions) {
        const std::vector<std::string> have = cond.dim->extract(record, derived);
        bool any = std::any_of(have.begin(), have.end(), [&](const std::string& v) {
            return std::find(cond.values.begin(), cond.values.end(), v) != cond.values.end();
        });
        bool ok = false;
        switch (cond.op) {
        case WhereOp::any_of:
            ok = any;
            break;
        case WhereOp::none_of:
            ok = !any;
            break;
        case WhereOp::at_least:
        case WhereOp::at_most: {
            long long bound = std::stoll(cond.values.front());
            ok = std::any_of(have.begin(), have.end(), [&](const std::string& v) {
                long long year = std::stoll(v);
                return cond.op == WhereOp::at_least ? year >= bound : year <= bound;
            });
            break;
        }
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace casebook::record
