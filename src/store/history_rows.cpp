// The history's rows: appended (hashed, linked, signed) and read back.
#include "store/store_impl.hpp"

#include <cstdint>
#include <ctime>

#include "store/database_error.hpp"

namespace casebook::store {

std::string utc_now()
{
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

const std::pair<long long, crypto::custody::Bytes>& Store::Impl::last_row()
{
    if (!tail) {
        SQLite::Statement& st = statement("SELECT rev, link FROM history ORDER BY rev DESC LIMIT 1");
        if (st.executeStep()) {
            tail.emplace(st.getColumn(0).getInt64(), st.getColumn(1).getString());
        } else {
            tail.emplace(0, crypto::custody::Bytes());
        }
        st.reset();
    }
    return *tail;
}

long long Store::Impl::append(const HistoryEntry& e, const std::string* doc)
{
    auto [previous, prev_link] = last_row();
    const long long rev = previous + 1;
    const crypto::custody::Bytes link = crypto::custody::link_hash(prev_link, rev, e.hash);
    // A row without a derived hash leaves the column out: migration 4 appends
    // rows before migration 6 adds it.
    SQLite::Statement& st = e.derived.empty()
        ? statement("INSERT INTO history(rev, case_id, revision, at, actor, action, note, doc, salt, content_hash, "
                    "prev_hash, hash, link, signer, signature, purged_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        : statement("INSERT INTO history(rev, case_id, revision, at, actor, action, note, doc, salt, content_hash, "
                    "prev_hash, hash, link, signer, signature, purged_by, derived) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    auto blob = [&](int at, const std::string& bytes) {
        if (bytes.empty()) {
            st.bind(at);
        } else {
            st.bindNoCopy(at, bytes.data(), static_cast<int>(bytes.size()));
        }
    };
    auto text = [&](int at, const std::string& value) {
        if (value.empty()) {
            st.bind(at);
        } else {
            st.bindNoCopy(at, value); // no copy: the entry outlives exec(), and statement() clears bindings
        }
    };
    st.bind(1, static_cast<std::int64_t>(rev));
    st.bindNoCopy(2, e.case_id);
    st.bind(3, static_cast<std::int64_t>(e.revision));
    st.bindNoCopy(4, e.at);
    st.bindNoCopy(5, e.actor);
    st.bindNoCopy(6, e.action);
    text(7, e.note);
    if (doc != nullptr) {
        st.bindNoCopy(8, *doc);
    } else {
        st.bind(8);
    }
    blob(9, e.salt);
    blob(10, e.content_hash);
    blob(11, e.prev_hash);
    blob(12, e.hash);
    blob(13, link);
    text(14, e.signer);
    blob(15, e.signature);
    if (e.purged_by) {
        st.bind(16, static_cast<std::int64_t>(*e.purged_by));
    } else {
        st.bind(16);
    }
    if (!e.derived.empty()) {
        blob(17, e.derived);
    }
    st.exec();
    tail.emplace(rev, link);
    return rev;
}

long long Store::Impl::add_history(const std::string& id, long long revision, const std::string& at, const std::string& actor,
                                   std::string_view action, std::string_view note, const std::string* doc,
                                   const crypto::custody::Bytes& version_hash, const crypto::custody::Bytes& prev_hash,
                                   const crypto::custody::Bytes& derived)
{
    HistoryEntry e;
    e.case_id = id;
    e.revision = revision;
    e.at = at;
    e.actor = actor;
    e.action = std::string(action);
    e.note = std::string(note);
    if (doc != nullptr) {
        e.salt = crypto::custody::new_salt();
        e.content_hash = crypto::custody::content_hash(e.salt, *doc);
    } else {
        e.content_hash = version_hash;
    }
    e.prev_hash = prev_hash;
    e.derived = derived;
    e.signer = signer;
    e.hash = crypto::custody::row_hash({e.case_id, e.revision, e.at, e.actor, e.action, e.note, e.signer, e.content_hash,
                                e.prev_hash, e.derived});
    if (sign) {
        e.signature = sign(e.hash);
    }
    return append(e, doc);
}

void Store::sign_with(std::string signer, std::function<std::string(std::string_view)> sign)
{
    impl_->signer = std::move(signer);
    impl_->sign = std::move(sign);
}

Store::Head Store::head() const
{
    return guarded(impl_->path, [&] {
        Head head;
        SQLite::Statement st(impl_->db, "SELECT rev, link FROM history ORDER BY rev DESC LIMIT 1");
        if (st.executeStep()) {
            head.rows = st.getColumn(0).getInt64();
            head.hash = crypto::custody::hex(column_text(st, 1));
        }
        return head;
    });
}

std::vector<HistoryEntry> Store::history(const std::optional<std::string>& case_id) const
{
    return guarded(impl_->path, [&] {
        std::vector<HistoryEntry> out;
        for_each_history_row(*this, case_id, [&](HistoryEntry&& e) {
            out.push_back(std::move(e));
            return true;
        }, HistoryDocs::parsed);
        return out;
    });
}

void for_each_history_row(const Store& store, const std::optional<std::string>& case_id,
                          const std::function<bool(HistoryEntry&&)>& visit, HistoryDocs docs)
{
    Store::Impl& impl = *store.impl_;
    guarded(impl.path, [&] {
        static constexpr const char* columns =
            "SELECT rev, case_id, revision, at, actor, action, note, doc, salt, content_hash, prev_hash, hash, link, "
            "signer, signature, purged_by, derived FROM history ";
        // Its own statement: a visitor may read the store meanwhile.
        SQLite::Statement st(impl.db, std::string(columns) + (case_id ? "WHERE case_id = ? ORDER BY rev" : "ORDER BY rev"));
        if (case_id) {
            st.bind(1, *case_id);
        }
        while (st.executeStep()) {
            HistoryEntry e;
            e.rev = st.getColumn(0).getInt64();
            e.case_id = st.getColumn(1).getString();
            e.revision = st.getColumn(2).getInt64();
            e.at = st.getColumn(3).getString();
            e.actor = st.getColumn(4).getString();
            e.action = st.getColumn(5).getString();
            e.note = column_text(st, 6);
            e.doc_text = column_text(st, 7);
            e.salt = column_text(st, 8);
            e.content_hash = column_text(st, 9);
            e.prev_hash = column_text(st, 10);
            e.hash = column_text(st, 11);
            e.link = column_text(st, 12);
            e.signer = column_text(st, 13);
            e.signature = column_text(st, 14);
            if (!st.getColumn(15).isNull()) {
                e.purged_by = st.getColumn(15).getInt64();
            }
            e.derived = column_text(st, 16);
            if (docs == HistoryDocs::parsed && !e.doc_text.empty() && e.action != "purge" && e.action != "seal") {
                e.doc = Json::parse(e.doc_text);
            }
            if (!visit(std::move(e))) {
                break;
            }
        }
    });
}

} // namespace casebook::store
