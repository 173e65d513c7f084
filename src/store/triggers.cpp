// Whether the triggers that keep history append-only and a sealed database sealed are intact.
#include "store/store_impl.hpp"

#include "store/database_error.hpp"

namespace casebook {

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

} // namespace

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

} // namespace casebook
