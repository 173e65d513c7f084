// Whether the triggers that keep history append-only and a sealed database
// sealed are intact, and the analyst views and the triggers and indexes on the
// case tables those the migrations create.
#include "store/store_impl.hpp"

#include <algorithm>
#include <map>

#include "store/database_error.hpp"

namespace casebook::store {

namespace {

std::vector<std::string> triggers_on(Store::Impl& impl, const char* table)
{
    SQLite::Statement st(impl.db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name");
    st.bind(1, table);
    std::vector<std::string> found;
    while (st.executeStep()) {
        found.push_back(st.getColumn(0).getString());
    }
    return found;
}

// The views, and the triggers and indexes on the tables tables and queries
// read, of a database: (type, name) -> SQL.
using SchemaEntries = std::map<std::pair<std::string, std::string>, std::string>;

SchemaEntries case_schema(SQLite::Database& db)
{
    SQLite::Statement st(db, "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND (type = 'view' OR "
                             "(type IN ('trigger', 'index') AND tbl_name IN ('cases', 'case_dims', 'case_values')))");
    SchemaEntries found;
    while (st.executeStep()) {
        found[{st.getColumn(0).getString(), st.getColumn(1).getString()}] = st.getColumn(2).getString();
    }
    return found;
}

} // namespace

std::vector<std::pair<std::string, std::string>> changed_case_schema(const Store& store)
{
    // What the migrations create, in a database of their own in memory.
    static const SchemaEntries expected = [] {
        Store::Impl fresh(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 0);
        fresh.migrate(migrations(), 0);
        return case_schema(fresh.db);
    }();
    Store::Impl& impl = *store.impl_;
    const SchemaEntries found = guarded(impl.path, [&] { return case_schema(impl.db); });
    std::vector<std::pair<std::string, std::string>> changed;
    for (const auto& [key, sql] : found) {
        auto it = expected.find(key);
        if (it == expected.end() || it->second != sql) {
            changed.push_back(key);
        }
    }
    for (const auto& [key, sql] : expected) {
        if (found.count(key) == 0) {
            changed.push_back(key);
        }
    }
    std::sort(changed.begin(), changed.end());
    return changed;
}

bool history_is_append_only(const Store& store)
{
    Store::Impl& impl = *store.impl_;
    return guarded(impl.path, [&] {
        const std::vector<std::string> expected = {
            "CREATE TRIGGER history_no_delete BEFORE DELETE ON history WHEN casebook_rewriting() = 0\n"
            "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
            "CREATE TRIGGER history_no_update BEFORE UPDATE ON history WHEN casebook_rewriting() = 0\n"
            "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
        };
        return triggers_on(impl, "history") == expected;
    });
}

bool sealing_is_fixed(const Store& store)
{
    Store::Impl& impl = *store.impl_;
    return guarded(impl.path, [&] {
        const std::vector<std::string> expected = {
            "CREATE TRIGGER meta_sealed_to_no_delete BEFORE DELETE ON meta WHEN OLD.key = 'sealed_to'\n"
            "BEGIN SELECT RAISE(ABORT, 'a sealed database stays sealed'); END",
            "CREATE TRIGGER meta_sealed_to_no_update BEFORE UPDATE ON meta WHEN OLD.key = 'sealed_to' OR NEW.key = 'sealed_to'\n"
            "BEGIN SELECT RAISE(ABORT, 'a sealed database stays sealed to its key'); END",
        };
        return triggers_on(impl, "meta") == expected;
    });
}

} // namespace casebook::store
