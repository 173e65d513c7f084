#include "analysis/sql_linked_views.hpp"

#include <cerrno>
#include <cstdlib>
#include <memory>

#include <sqlite3.h>

#include <fmt/format.h>

#include "analysis/sandbox_sqlite.hpp"
#include "record/consent.hpp"
#include "util/error.hpp"
#include "record/linked_tables.hpp"
#include "store/store.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

namespace {

// Which linked table each view shows, and under which name.
struct LinkedView {
    std::string table;
    std::string view;
};

const std::vector<LinkedView>& views()
{
    static const std::vector<LinkedView> all = {
        {"legs", "legs_v"}, {"returns", "returns_v"}, {"harms", "harms_v"}, {"sources", "sources_v"}};
    return all;
}

std::string sql_type(record::ColumnType type)
{
    return type == record::ColumnType::integer || type == record::ColumnType::boolean ? "INTEGER" : "TEXT";
}


using sandbox::Prepared;
using sandbox::exec;
using sandbox::prepare;


// Whether text is a decimal integer SQLite can hold (a huge number stays text).
bool fits_int64(const std::string& text)
{
    errno = 0;
    char* end = nullptr;
    std::strtoll(text.c_str(), &end, 10);
    return errno == 0 && end != text.c_str() && *end == '\0';
}

void bind(sqlite3_stmt* st, int i, const record::LinkedColumn& column, const record::Cell& cell)
{
    if (!cell) {
        sqlite3_bind_null(st, i);
    } else if (column.type == record::ColumnType::boolean) {
        sqlite3_bind_int(st, i, *cell == "TRUE" ? 1 : 0);
    } else if (column.type == record::ColumnType::integer && fits_int64(*cell)) {
        sqlite3_bind_int64(st, i, std::strtoll(cell->c_str(), nullptr, 10));
    } else {
        sqlite3_bind_text(st, i, cell->data(), static_cast<int>(cell->size()), SQLITE_TRANSIENT);
    }
}

} // namespace

const std::vector<std::string>& linked_view_names()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const LinkedView& v : views()) {
            out.push_back(v.view);
        }
        return out;
    }();
    return names;
}

void fill_linked_views(const store::DatabaseFile& db_file, sqlite3* sandbox, const std::string& lowered_sql)
{
    const auto& tables = record::linked_tables(record::SensitiveColumns::dropped);
    // view index by table index; the statements that insert into them.
    std::vector<int> view_of(tables.size(), -1);
    std::vector<Prepared> inserts;
    bool wanted = false;
    for (std::size_t v = 0; v < views().size(); ++v) {
        std::size_t t = 0;
        while (t < tables.size() && tables[t].name != views()[v].table) {
            ++t;
        }
        if (t == tables.size()) {
            throw Error(Exit::io, say("--sql sandbox: no linked table {}", views()[v].table));
        }
        std::string columns;
        std::string marks;
        for (const record::LinkedColumn& c : tables[t].columns) {
            columns += fmt::format("{}\"{}\" {}", columns.empty() ? "" : ", ", c.name, sql_type(c.type));
            marks += marks.empty() ? "?" : ", ?";
        }
        exec(sandbox, fmt::format("CREATE TABLE \"{}\" ({})", views()[v].view, columns));
        inserts.emplace_back(prepare(sandbox, fmt::format("INSERT INTO \"{}\" VALUES ({})", views()[v].view, marks)));
        // A view the statement does not spell is one it cannot read (as copy_views).
        if (lowered_sql.find(views()[v].view) != std::string::npos) {
            view_of[t] = static_cast<int>(v);
            wanted = true;
        }
    }
    if (!wanted) {
        return;
    }
    const store::Store store = store::Store::open(db_file.path, store::Access::read, db_file.settings);
    store.for_each_case([&](const store::StoredCase& c) {
        if (record::left_out(record::Output::counts, c.doc, false)) {
            return true; // what cases_v leaves out: refused consent, rejected
        }
        record::linked_rows(c.doc, record::SensitiveColumns::dropped, [&](std::size_t t, const record::LinkedRow& row) {
            if (view_of[t] < 0) {
                return;
            }
            sqlite3_stmt* st = inserts[static_cast<std::size_t>(view_of[t])].get();
            for (std::size_t i = 0; i < row.size(); ++i) {
                bind(st, static_cast<int>(i + 1), tables[t].columns[i], row[i]);
            }
            if (sqlite3_step(st) != SQLITE_DONE) {
                throw Error(Exit::io, say("cannot fill {} in the --sql sandbox: {}",
                                                  views()[static_cast<std::size_t>(view_of[t])].view, sqlite3_errmsg(sandbox)));
            }
            sqlite3_reset(st);
        });
        return true;
    });
}

} // namespace casebook::analysis
