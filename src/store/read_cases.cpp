// Reading cases: one by id, all of them, their ids, and the next free id.
#include "store/store_impl.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "store/database_error.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/suggest.hpp"

namespace casebook::store {

bool Store::Impl::has_history(const std::string& id)
{
    SQLite::Statement& st = statement("SELECT 1 FROM history WHERE case_id = ? LIMIT 1");
    st.bind(1, id);
    bool out = st.executeStep();
    st.reset();
    return out;
}

long long Store::Impl::version_rev(const std::string& id)
{
    SQLite::Statement& st = statement("SELECT version FROM cases WHERE id = ?");
    st.bind(1, id);
    long long out = st.executeStep() ? st.getColumn(0).getInt64() : 0;
    st.reset();
    return out;
}

crypto::custody::Bytes Store::Impl::version_hash(const std::string& id)
{
    SQLite::Statement& st =
        statement("SELECT h.content_hash FROM cases c JOIN history h ON h.rev = c.version WHERE c.id = ?");
    st.bind(1, id);
    crypto::custody::Bytes out = st.executeStep() ? st.getColumn(0).getString() : crypto::custody::Bytes();
    st.reset();
    return out;
}

StoredCase Store::Impl::read_case(SQLite::Statement& st)
{
    StoredCase c;
    c.id = st.getColumn(0).getString();
    if (st.getColumn(1).isNull()) {
        // Only a hand-made change to the file can get here.
        throw Error(Exit::io, say("the history of case \"{}\" in {} has lost its current document: "
                                          "'casebook verify' says what was changed",
                                          c.id, path));
    }
    c.doc = Json::parse(st.getColumn(1).getString());
    c.revision = st.getColumn(2).getInt64();
    c.deleted = st.getColumn(3).getInt() != 0;
    c.created_at = st.getColumn(4).getString();
    c.updated_at = st.getColumn(5).getString();
    c.head_hash = column_text(st, 6);
    return c;
}

std::optional<StoredCase> Store::Impl::find(std::string_view id)
{
    static const std::string sql = std::string(case_columns) + "WHERE c.id = ?";
    SQLite::Statement& st = statement(sql.c_str());
    st.bind(1, std::string(id));
    if (!st.executeStep()) {
        return std::nullopt;
    }
    StoredCase found = read_case(st);
    // A statement left on its row keeps a read transaction open: a later
    // BEGIN IMMEDIATE would then fail at once (SQLITE_BUSY_SNAPSHOT) when
    // another writer has committed meanwhile, instead of waiting its turn.
    st.reset();
    return found;
}

std::optional<StoredCase> Store::find(std::string_view id) const
{
    return guarded(impl_->path, [&] { return impl_->find(id); });
}

void Store::for_each_case(const std::function<bool(const StoredCase&)>& visit) const
{
    guarded(impl_->path, [&] {
        // Its own statement: a visitor may call find() meanwhile.
        SQLite::Statement st(impl_->db, std::string(Impl::case_columns) + "WHERE c.deleted = 0 ORDER BY c.id");
        while (st.executeStep()) {
            if (!visit(impl_->read_case(st))) {
                break;
            }
        }
    });
}

std::vector<std::string> Store::ids() const
{
    return guarded(impl_->path, [&] {
        std::vector<std::string> out;
        SQLite::Statement& st = impl_->statement("SELECT id FROM cases ORDER BY id");
        while (st.executeStep()) {
            out.push_back(st.getColumn(0).getString());
        }
        return out;
    });
}

std::vector<std::string> Store::ids_derived_alike(const Json& doc) const
{
    return guarded(impl_->path, [&] {
        static const std::string sql = [] {
            std::string where;
            for (const std::string& c : Impl::derived_columns()) {
                where += " AND " + c + " IS ?";
            }
            return "SELECT id FROM cases WHERE deleted = 0" + where + " ORDER BY id";
        }();
        SQLite::Statement st(impl_->db, sql);
        Impl::bind_derived(st, 1, Impl::derived_row(doc));
        std::vector<std::string> out;
        while (st.executeStep()) {
            out.push_back(st.getColumn(0).getString());
        }
        return out;
    });
}

std::string Store::next_id(std::string_view prefix) const
{
    return guarded(impl_->path, [&] {
        // substr, not LIKE: case-sensitive, and the prefix is bound, never spliced.
        SQLite::Statement& st = impl_->statement("SELECT id FROM cases WHERE substr(id, 1, ?) = ?");
        const std::string head = std::string(prefix) + "-";
        st.bind(1, static_cast<int>(head.size()));
        st.bind(2, head);
        long long highest = 0;
        while (st.executeStep()) {
            std::string rest = st.getColumn(0).getString().substr(head.size());
            if (!rest.empty() && rest.size() <= 12 && rest.find_first_not_of("0123456789") == std::string::npos) {
                highest = std::max(highest, std::stoll(rest));
            }
        }
        return fmt::format("{}{:04d}", head, highest + 1);
    });
}

StoredCase live_case(const Store& store, std::string_view id)
{
    auto found = store.find(id);
    if (!found && !store.history(std::string(id)).empty()) {
        throw Error(Exit::invalid, say("case \"{}\" was purged: 'casebook log {}' shows its tombstone", id, id));
    }
    if (!found) {
        std::string hint;
        std::vector<std::string> ids = store.ids();
        if (!ids.empty()) {
            std::vector<std::string> closest = closest_first(std::string(id), ids);
            hint = say(" (did you mean \"{}\"?)", closest.front());
        }
        throw Error(Exit::invalid, say("no case \"{}\" in {}{}", id, store.path(), hint));
    }
    if (found->deleted) {
        throw Error(Exit::invalid, say("case \"{}\" is deleted: 'casebook restore {}' brings it back, "
                                               "'casebook log {}' shows its history",
                                               id, id, id));
    }
    return *found;
}

} // namespace casebook::store
