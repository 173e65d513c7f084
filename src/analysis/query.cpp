#include "analysis/query.hpp"

#include <algorithm>
#include <cctype>

#include <sqlite3.h>

#include "record/consent.hpp"
#include "record/dims.hpp"
#include "util/suggest.hpp"
#include "analysis/reader.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

namespace {

// Columns stored in the cases table (and cases_v), in cases_v order.
// clang-format off
const std::vector<QueryColumn> stored_columns = {
    {"id",               "the case id"},
    {"status",           "review status (draft, complete, reviewed, rejected)"},
    {"origin",           "country the person fled from"},
    {"returned_from",    "country of the first return's departure"},
    {"returned_to",      "country the person was first returned to"},
    {"mechanism",        "how the person was first returned"},
    {"return_date",      "date of the first return, as recorded (may be partial)"},
    {"return_year",      "year of the first return"},
    {"flight_year",      "year the person fled"},
    {"sex",              "the person's sex"},
    {"age_group",        "age group at flight"},
    {"minor",            "under 18 at flight (yes, no, unknown)"},
    {"outcome",          "headline outcome after return (derived)"},
    {"verified_outcome", "outcome counting only confirmed or corroborated harms (derived)"},
    {"project",          "project the case belongs to"},
    {"consent",          "what the person's consent allows (full, anonymised_quotes, aggregate_only, no_scope, not_recorded)"},
    {"flags",            "refoulement flags (derived), joined by ';'"},
    {"revision",         "number of changes to the case"},
    {"created_at",       "when the case was created (UTC)"},
    {"updated_at",       "when the case last changed (UTC)"},
};
// clang-format on

bool is_stored(std::string_view name)
{
    return std::any_of(stored_columns.begin(), stored_columns.end(), [&](const QueryColumn& c) { return c.name == name; });
}

std::vector<std::string> column_names()
{
    std::vector<std::string> out;
    for (const QueryColumn& c : query_columns()) {
        out.emplace_back(c.name);
    }
    return out;
}

std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& s : items) {
        out += (out.empty() ? "" : ", ") + s;
    }
    return out;
}

std::string trimmed(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

[[noreturn]] void unknown_column(std::string_view option, const std::string& name)
{
    auto names = column_names();
    auto close = closest_first(name, names);
    throw Error(Exit::usage, say("{} \"{}\": unknown column; did you mean \"{}\"? columns: {}", option, name,
                                         close.empty() ? "" : close.front(), join(names)));
}

Json value_of(const SQLite::Column& column)
{
    switch (column.getType()) {
    case SQLITE_INTEGER:
        return column.getInt64();
    case SQLITE_FLOAT:
        return column.getDouble();
    case SQLITE_NULL:
        return nullptr;
    case SQLITE_BLOB:
        return fmt::format("<blob of {} bytes>", column.getBytes());
    default:
        return column.getString();
    }
}

// A multi-valued column's values (joined by ';' in no particular order) in registry order.
std::string in_natural_order(const record::Dimension& dim, const std::string& joined)
{
    std::vector<std::string> values;
    std::size_t start = 0;
    while (start < joined.size()) {
        std::size_t end = joined.find(';', start);
        values.push_back(joined.substr(start, end == std::string::npos ? std::string::npos : end - start));
        start = end == std::string::npos ? joined.size() : end + 1;
    }
    auto rank = [&](const std::string& v) {
        auto it = std::find(dim.values.begin(), dim.values.end(), v);
        return static_cast<std::size_t>(it - dim.values.begin());
    };
    std::sort(values.begin(), values.end(), [&](const std::string& a, const std::string& b) {
        return std::make_pair(rank(a), a) < std::make_pair(rank(b), b);
    });
    std::string out;
    for (const std::string& v : values) {
        out += (out.empty() ? "" : ";") + v;
    }
    return out;
}

// SELECT ... FROM case_dims c [JOIN cases d] WHERE <not deleted, where> ORDER BY ... LIMIT ?, with its parameters.
struct Select {
    std::string sql;
    std::vector<record::SqlValue> params;
};

Select build_select(const RecordQuery& query, const std::vector<std::string>& columns, record::Output output)
{
    Select out;
    std::string list;
    // case_dims (narrow) is scanned; the document and the bookkeeping columns
    // come from cases, joined only when asked for.
    auto in_cases_only = [](const std::string& name) {
        return name == "doc" || name == "revision" || name == "created_at" || name == "updated_at";
    };
    bool join_cases = in_cases_only(query.sort);
    for (const std::string& name : columns) {
        list += list.empty() ? "" : ", ";
        if (name == "doc") {
            // The document is stored once, in its history row.
            list += "(SELECT h.doc FROM history h WHERE h.rev = d.version)";
            join_cases = true;
        } else if (in_cases_only(name)) {
            list += "d." + name; // a name from our own tables, never user text
            join_cases = true;
        } else if (is_stored(name)) {
            list += "c." + name;
        } else {
            list += "(SELECT group_concat(m.value, ';') FROM case_values m WHERE m.case_id = c.id AND m.dim = ?)";
            out.params.emplace_back(name);
        }
    }
    record::SqlFilter where = record::compile_where(query.where, "c");
    out.params.insert(out.params.end(), where.params.begin(), where.params.end());
    out.sql = fmt::format("SELECT {} FROM case_dims c{} WHERE c.deleted = 0 AND {} AND ({}) ORDER BY {}.{}{}{} LIMIT ?", list,
                          join_cases ? " CROSS JOIN cases d ON d.id = c.id" : "",
                          record::included_sql(output, "c", record::asks_for_status(query.where)), where.sql,
                          in_cases_only(query.sort) ? "d" : "c", query.sort, query.descending ? " DESC" : "",
                          query.sort == "id" ? "" : ", c.id");
    out.params.emplace_back(query.limit.value_or(-1));
    return out;
}

} // namespace

const std::vector<QueryColumn>& query_columns()
{
    static const std::vector<QueryColumn> all = [] {
        std::vector<QueryColumn> out = stored_columns;
        for (const record::Dimension& d : record::dimensions()) {
            if (d.arity == record::Arity::multi) {
                out.push_back({d.name, d.meaning});
            }
        }
        return out;
    }();
    return all;
}

std::vector<std::string> default_query_columns()
{
    return {"id", "origin", "returned_from", "return_date", "mechanism", "outcome", "flags", "status"};
}

std::vector<std::string> parse_query_columns(std::string_view list)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find(',', start);
        std::string name = trimmed(list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (name.empty()) {
            throw Error(Exit::usage, say("--columns \"{}\": a column name is missing", list));
        }
        auto names = column_names();
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            unknown_column("--columns", name);
        }
        out.push_back(name);
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

void set_sort(RecordQuery& query, std::string_view sort)
{
    std::string name = trimmed(sort);
    query.descending = !name.empty() && name.front() == '-';
    if (query.descending) {
        name.erase(0, 1);
    }
    if (!is_stored(name)) {
        if (record::find_dimension(name) != nullptr) {
            throw Error(Exit::usage, say("--sort \"{}\": a multi-valued dimension has no order; sort by a "
                                                 "column of cases_v",
                                                 name));
        }
        unknown_column("--sort", name);
    }
    query.sort = name;
}

long long count_matching(const store::DatabaseFile& db_file, const std::vector<record::Condition>& where)
{
    SQLite::Database db = reading::open_reader(db_file);
    record::SqlFilter filter = record::compile_where(where, "c");
    return reading::guarded(db_file.path, [&] {
        SQLite::Statement st(db, fmt::format("SELECT COUNT(*) FROM case_dims c WHERE c.deleted = 0 AND {} AND ({})",
                                             record::counted_sql("c", record::asks_for_status(where)), filter.sql));
        reading::bind_all(st, filter.params);
        st.executeStep();
        return static_cast<long long>(st.getColumn(0).getInt64());
    });
}

void select_cases(const store::DatabaseFile& db_file, const RecordQuery& query, const std::function<void(const ResultRow&)>& row)
{
    std::vector<const record::Dimension*> multi(query.columns.size(), nullptr);
    for (std::size_t i = 0; i < query.columns.size(); ++i) {
        if (!is_stored(query.columns[i])) {
            multi[i] = record::find_dimension(query.columns[i]);
            if (multi[i] == nullptr) {
                unknown_column("--columns", query.columns[i]);
            }
        }
    }
    SQLite::Database db = reading::open_reader(db_file);
    Select select = build_select(query, query.columns, record::Output::counts);
    reading::guarded(db_file.path, [&] {
        SQLite::Statement st(db, select.sql);
        reading::bind_all(st, select.params);
        ResultRow values(query.columns.size());
        while (st.executeStep()) {
            for (std::size_t i = 0; i < values.size(); ++i) {
                const SQLite::Column column = st.getColumn(static_cast<int>(i));
                if (multi[i] != nullptr) {
                    values[i] = column.isNull() ? std::string() : in_natural_order(*multi[i], column.getString());
                } else {
                    values[i] = value_of(column);
                }
            }
            row(values);
        }
    });
}

void select_documents(const store::DatabaseFile& db_file, const RecordQuery& query, record::Output output,
                      const std::function<void(const Json&)>& record)
{
    SQLite::Database db = reading::open_reader(db_file);
    Select select = build_select(query, {"doc"}, output);
    reading::guarded(db_file.path, [&] {
        SQLite::Statement st(db, select.sql);
        reading::bind_all(st, select.params);
        while (st.executeStep()) {
            record(Json::parse(st.getColumn(0).getString()));
        }
    });
}

} // namespace casebook::analysis
