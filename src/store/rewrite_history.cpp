// Rewriting history rows through the append-only triggers: a purge, and a
// merge that adopts another database's rows of a case.
#include "store/store_impl.hpp"

#include <cstdint>
#include <unordered_map>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "store/erasure.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::store {

std::pair<long long, long long> Store::Impl::rewrite_rows(const std::string& id, const StoredCase& current, std::string_view action,
                                                          const std::string& note, const std::string& actor,
                                                          const std::string& pointer, const std::vector<Rewrite>& rows)
{
    const long long record_rev = last_row().first + 1;
    PurgeRecord record;
    record.pointer = pointer;
    std::vector<std::string> salts;
    for (const Rewrite& r : rows) {
        PurgedRow row{r.revision, ""};
        if (r.text) {
            salts.push_back(crypto::custody::new_salt());
            row.remaining = crypto::custody::content_hash(salts.back(), *r.text);
        } else {
            salts.emplace_back();
        }
        record.rows.push_back(std::move(row));
    }
    const std::string record_text = purge_record_text(record);
    const long long revision = current.revision + 1;
    const long long rev = add_history(id, revision, utc_now(), actor, action, note, &record_text, {}, current.head_hash);
    if (rev != record_rev) {
        throw Error(Exit::io, tr("the history moved while its rows were rewritten"));
    }
    rewriting = 1;
    try {
        SQLite::Statement& st = statement("UPDATE history SET doc = ?, salt = ?, purged_by = ? WHERE rev = ?");
        for (std::size_t i = 0; i < rows.size(); ++i) {
            st.reset();
            st.clearBindings();
            if (rows[i].text) {
                st.bind(1, *rows[i].text);
                st.bind(2, salts[i].data(), static_cast<int>(salts[i].size()));
            } else {
                st.bind(1);
                st.bind(2);
            }
            st.bind(3, static_cast<std::int64_t>(record_rev));
            st.bind(4, static_cast<std::int64_t>(rows[i].rev));
            st.exec();
        }
    } catch (...) {
        rewriting = 0;
        throw;
    }
    rewriting = 0;
    return {rev, revision};
}

void Store::Impl::move_head(const std::string& id, long long rev, long long revision)
{
    // updated_at is the time of the row at the head, as verify checks.
    SQLite::Statement& head = statement(
        "UPDATE cases SET head = ?1, revision = ?2, updated_at = (SELECT at FROM history WHERE rev = ?1) WHERE id = ?3");
    head.bind(1, static_cast<std::int64_t>(rev));
    head.bind(2, static_cast<std::int64_t>(revision));
    head.bind(3, id);
    head.exec();
}

std::size_t Store::purge(const std::string& id, const std::optional<std::string>& pointer, const std::string& reason,
                         const std::string& actor, const std::function<void(const Json&)>& check_current)
{
    std::size_t changed = 0;
    write([&] {
        std::vector<HistoryEntry> rows = history(id);
        if (rows.empty()) {
            throw Error(Exit::invalid, say("no case \"{}\" in {}", id, impl_->path));
        }
        auto current = impl_->find(id);
        if (!current) {
            throw Error(Exit::invalid, say("case \"{}\" was purged already", id));
        }
        std::optional<Json::json_pointer> at;
        if (pointer) {
            try {
                at.emplace(*pointer);
            } catch (const std::exception&) {
                throw Error(Exit::usage, say("--field \"{}\" is not a JSON Pointer (like /person/pseudonym)", *pointer));
            }
            if (at->empty()) {
                throw Error(Exit::usage, tr("--field names one value (like /person/pseudonym); to purge the whole case, leave it out"));
            }
        }
        // What each version becomes: nothing (whole case), or its document without the value.
        std::vector<Impl::Rewrite> rewritten;
        std::optional<Json> new_current;
        for (HistoryEntry& e : rows) {
            if (!e.doc) {
                continue; // delete, restore, purge and seal rows hold no content of the case
            }
            if (!at) {
                rewritten.push_back({e.rev, e.revision, std::nullopt});
                continue;
            }
            if (!e.doc->contains(*at)) {
                continue;
            }
            Json doc = *e.doc;
            Json& parent = doc.at(at->parent_pointer());
            const std::string last = at->back();
            if (parent.is_array()) {
                parent.erase(static_cast<std::size_t>(std::stoul(last)));
            } else {
                parent.erase(last);
            }
            rewritten.push_back({e.rev, e.revision, record::canonical_text(doc)});
            if (e.rev == impl_->version_rev(id)) {
                new_current = doc;
            }
        }
        if (rewritten.empty()) {
            throw Error(Exit::invalid, say("no version of case \"{}\" has a value at {}", id, *pointer));
        }
        if (new_current && check_current) {
            check_current(*new_current);
        }
        const auto [rev, revision] =
            impl_->rewrite_rows(id, *current, "purge", reason, actor, pointer.value_or(""), rewritten);
        changed = rewritten.size();
        if (!at) {
            for (const char* sql : {"DELETE FROM cases WHERE id = ?", "DELETE FROM case_dims WHERE id = ?",
                                    "DELETE FROM case_values WHERE case_id = ?"}) {
                SQLite::Statement& del = impl_->statement(sql);
                del.bind(1, id);
                del.exec();
            }
            return;
        }
        impl_->move_head(id, rev, revision);
        if (new_current) {
            static const std::string sql = fmt::format("UPDATE cases SET {} WHERE id = ?", Impl::derived_assignments());
            const Impl::DerivedRow row = Impl::derived_row(*new_current);
            SQLite::Statement& st = impl_->statement(sql.c_str());
            st.bind(Impl::bind_derived(st, 1, row), id);
            st.exec();
            impl_->write_dims(id, current->deleted, row, false);
        }
    });
    return changed;
}

bool Store::adopt(const std::string& id, const std::vector<HistoryEntry>& theirs, std::size_t shared)
{
    bool erased = false;
    write([&] {
        std::vector<HistoryEntry> ours = history(id);
        if (shared > ours.size() || shared > theirs.size()) {
            throw Error(Exit::invalid, say("case \"{}\": the histories do not share {} rows", id, shared));
        }
        // Their revs become ours: shared rows are ours already, new rows follow our last row.
        std::unordered_map<long long, long long> rev_here;
        const long long base = impl_->last_row().first + 1;
        for (std::size_t i = 0; i < theirs.size(); ++i) {
            rev_here[theirs[i].rev] = i < shared ? ours[i].rev : base + static_cast<long long>(i - shared);
        }
        auto here = [&](const std::optional<long long>& rev) -> std::optional<long long> {
            if (!rev) {
                return std::nullopt;
            }
            auto it = rev_here.find(*rev);
            return it == rev_here.end() ? std::nullopt : std::optional<long long>(it->second);
        };
        for (std::size_t i = shared; i < theirs.size(); ++i) {
            HistoryEntry row = theirs[i];
            row.purged_by = here(row.purged_by);
            impl_->append(row, row.doc_text.empty() && row.salt.empty() ? nullptr : &row.doc_text);
            erased = erased || row.action == "purge";
        }
        if (impl_->last_row().first != base + static_cast<long long>(theirs.size() - shared) - 1) {
            throw Error(Exit::io, tr("the history moved during a merge"));
        }
        // Rows both have, purged there and not (or differently) here: take what is left there.
        SQLite::Statement& rewrite = impl_->statement("UPDATE history SET doc = ?, salt = ?, purged_by = ? WHERE rev = ?");
        impl_->rewriting = 1;
        try {
            for (std::size_t i = 0; i < shared; ++i) {
                const HistoryEntry& t = theirs[i];
                if (!t.purged_by || (ours[i].purged_by && ours[i].doc_text == t.doc_text && ours[i].salt == t.salt)) {
                    continue;
                }
                rewrite.reset();
                rewrite.clearBindings();
                if (t.doc_text.empty() && t.salt.empty()) {
                    rewrite.bind(1);
                    rewrite.bind(2);
                } else {
                    rewrite.bind(1, t.doc_text);
                    rewrite.bind(2, t.salt.data(), static_cast<int>(t.salt.size()));
                }
                if (auto by = here(t.purged_by)) {
                    rewrite.bind(3, static_cast<std::int64_t>(*by));
                } else {
                    rewrite.bind(3);
                }
                rewrite.bind(4, static_cast<std::int64_t>(ours[i].rev));
                rewrite.exec();
                erased = true;
            }
        } catch (...) {
            impl_->rewriting = 0;
            throw;
        }
        impl_->rewriting = 0;
        impl_->follow_history(id);
    });
    return erased;
}

} // namespace casebook::store
