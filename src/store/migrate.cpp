// Running migrations: the steps of migrations.cpp in one transaction, the
// derived columns rebuilt, and (migration 3) the history hash-chained.
#include "store/store_impl.hpp"

#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

namespace casebook::store {

bool Store::Impl::cases_has_doc()
{
    return db.execAndGet("SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'doc'").getInt() != 0;
}

void Store::Impl::rebuild_all()
{
    static const std::string update_sql = fmt::format("UPDATE cases SET {} WHERE id = ?", derived_assignments());
    const char* page_sql = cases_has_doc()
                               ? "SELECT id, doc, deleted FROM cases WHERE id > ? ORDER BY id LIMIT 1000"
                               : "SELECT c.id, h.doc, c.deleted FROM cases c JOIN history h ON h.rev = c.version "
                                 "WHERE c.id > ? ORDER BY c.id LIMIT 1000";
    std::string after;
    for (bool more = true; more;) {
        std::vector<std::tuple<std::string, std::string, bool>> batch;
        {
            SQLite::Statement page(db, page_sql);
            page.bind(1, after);
            while (page.executeStep()) {
                batch.emplace_back(page.getColumn(0).getString(), page.getColumn(1).getString(),
                                   page.getColumn(2).getInt() != 0);
            }
        }
        more = batch.size() == 1000;
        for (const auto& [id, text, deleted] : batch) {
            DerivedRow row = derived_row(Json::parse(text));
            SQLite::Statement& st = statement(update_sql.c_str());
            st.bind(bind_derived(st, 1, row), id);
            st.exec();
            write_dims(id, deleted, row, false);
            after = id;
        }
    }
}

void Store::Impl::rechain()
{
    std::unordered_map<std::string, CaseTail> tails;
    {
        SQLite::Statement rows(db, "SELECT case_id, revision, at, actor, action, note, doc FROM history_v2 ORDER BY rev");
        while (rows.executeStep()) {
            const std::string id = rows.getColumn(0).getString();
            CaseTail& t = tails[id];
            const std::string action = rows.getColumn(4).getString();
            const bool has_doc = !rows.getColumn(6).isNull();
            std::string doc = has_doc ? rows.getColumn(6).getString() : std::string();
            const bool repeats = (action == "delete" || action == "restore") && t.version != 0 && has_doc &&
                                 crypto::custody::content_hash(t.version_salt, doc) == t.version_hash;
            const bool version = has_doc && !repeats;
            long long rev = add_history(id, rows.getColumn(1).getInt64(), rows.getColumn(2).getString(),
                                        rows.getColumn(3).getString(), action, column_text(rows, 5),
                                        version ? &doc : nullptr, t.version_hash, t.hash);
            record_tail(t, rev, rows.getColumn(1).getInt64(), version);
        }
    }
    SQLite::Statement& point = statement("UPDATE cases SET version = ?, head = ? WHERE id = ?");
    for (const auto& [id, t] : tails) {
        point.reset();
        point.bind(1, static_cast<std::int64_t>(t.version));
        point.bind(2, static_cast<std::int64_t>(t.head));
        point.bind(3, id);
        point.exec();
    }
    std::vector<std::tuple<std::string, std::string, long long>> differing;
    {
        SQLite::Statement check(db, "SELECT c.id, c.doc, c.revision, h.doc FROM cases c LEFT JOIN history h ON h.rev = c.version");
        while (check.executeStep()) {
            if (check.getColumn(3).isNull() || check.getColumn(1).getString() != check.getColumn(3).getString()) {
                differing.emplace_back(check.getColumn(0).getString(), check.getColumn(1).getString(),
                                       check.getColumn(2).getInt64());
            }
        }
    }
    for (auto& [id, doc, revision_in_cases] : differing) {
        (void)revision_in_cases;
        CaseTail& t = tails[id];
        const long long next = t.revision + 1; // the case's history goes on from its last row
        long long rev = add_history(id, next, utc_now(), "casebook", "migrate",
                                    "the case's document differed from its last history entry: kept as it was in cases",
                                    &doc, t.version_hash, t.hash);
        record_tail(t, rev, next, true);
        SQLite::Statement& fix = statement("UPDATE cases SET version = ?, head = ?, revision = ? WHERE id = ?");
        fix.bind(1, static_cast<std::int64_t>(rev));
        fix.bind(2, static_cast<std::int64_t>(rev));
        fix.bind(3, static_cast<std::int64_t>(next));
        fix.bind(4, id);
        fix.exec();
    }
}

void Store::Impl::record_tail(CaseTail& t, long long rev, long long revision, bool version)
{
    SQLite::Statement& st = statement("SELECT hash, content_hash, salt FROM history WHERE rev = ?");
    st.bind(1, static_cast<std::int64_t>(rev));
    st.executeStep();
    t.hash = st.getColumn(0).getString();
    if (version) {
        t.version_hash = st.getColumn(1).getString();
        t.version_salt = st.getColumn(2).getString();
        t.version = rev;
    }
    st.reset();
    t.revision = revision;
    t.head = rev;
}

void Store::Impl::migrate(const std::vector<Migration>& steps, int from)
{
    write([&] {
        bool rebuild = false;
        for (const Migration& m : steps) {
            if (m.version <= from) {
                continue;
            }
            db.exec(std::string(m.sql));
            rebuild = rebuild || m.rebuild == Rebuild::yes;
            if (m.chain == Chain::yes) {
                rechain();
            }
            if (!m.after.empty()) {
                // Statements cached on tables about to change would hold them.
                cache.clear();
                db.exec(std::string(m.after));
            }
            db.exec(fmt::format("PRAGMA user_version = {}", m.version));
        }
        // Once, after the last step: this build derives every column of
        // the newest format, which an intermediate format lacks.
        if (rebuild) {
            rebuild_all();
        }
    });
    cache.clear();
}

} // namespace casebook::store
