#include "ops/merge.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/quoting.hpp"
#include "crypto/custody.hpp"
#include "util/error.hpp"
#include "store/erasure.hpp"
#include "store/store.hpp"
#include "util/terminal.hpp"
#include "record/validate.hpp"
#include "ops/verify.hpp"
#include "util/i18n.hpp"

namespace casebook::ops {

std::string MergeSummary::summary_line(Prefer prefer, DryRun dry_run) const
{
    std::string line = say("merge{}: {} added, {} updated, {} deleted, {} purged, {} identical, {} conflict{}",
                                   dry_run == DryRun::yes ? tr(" (dry run)") : "", added, updated, deleted, purged, identical,
                                   conflicts, conflicts == 1 ? "" : "s");
    if (conflicts > 0) {
        switch (prefer) {
        case Prefer::neither:
            line += tr(" (left untouched; --prefer theirs|ours decides)");
            break;
        case Prefer::ours:
            line += tr(" (ours kept)");
            break;
        case Prefer::theirs:
            line += say(" ({} taken from theirs)", taken);
            break;
        }
    }
    if (ours_newer > 0) {
        line += say(", {} newer here (kept)", ours_newer);
    }
    if (invalid > 0) {
        return say("merge{}: refused: {} invalid document{} in the other database; nothing {}", dry_run == DryRun::yes ? tr(" (dry run)") : "",
                           invalid, invalid == 1 ? "" : "s", dry_run == DryRun::yes ? tr("would be written") : tr("written"));
    }
    return line;
}

namespace {

void diff_into(const Json& a, const Json& b, const std::string& at, std::vector<std::string>& out)
{
    if (a.is_object() && b.is_object()) {
        for (const auto& [key, value] : a.items()) {
            auto other = b.find(key);
            if (other == b.end()) {
                out.push_back(at + "/" + pointer_escape(key));
            } else {
                diff_into(value, *other, at + "/" + pointer_escape(key), out);
            }
        }
        for (const auto& [key, value] : b.items()) {
            if (!a.contains(key)) {
                out.push_back(at + "/" + pointer_escape(key));
            }
        }
        return;
    }
    if (a.is_array() && b.is_array()) {
        std::size_t n = std::max(a.size(), b.size());
        for (std::size_t i = 0; i < n; ++i) {
            std::string p = at + "/" + std::to_string(i);
            if (i >= a.size() || i >= b.size()) {
                out.push_back(p);
            } else {
                diff_into(a[i], b[i], p, out);
            }
        }
        return;
    }
    if (a != b) {
        out.push_back(at);
    }
}

// Where a case's history stands, read from its rows.
struct CaseEnd {
    std::optional<Json> doc; // its current version (none once purged as a whole)
    bool deleted = false;
    const store::HistoryEntry* purge = nullptr;  // its last purge row, if any
    std::optional<store::PurgeRecord> purge_record;
};

CaseEnd end_of(const std::vector<store::HistoryEntry>& rows)
{
    CaseEnd end;
    for (const store::HistoryEntry& e : rows) {
        if (e.action == "delete" || e.action == "restore") {
            end.deleted = e.action == "delete";
        } else if (e.action == "purge") {
            end.purge = &e;
            end.purge_record = store::parse_purge_record(e.doc_text);
            if (end.purge_record && end.purge_record->pointer.empty()) {
                end.doc.reset();
            }
        } else if (e.doc) {
            end.doc = e.doc;
        }
    }
    return end;
}

bool purged_whole(const CaseEnd& end)
{
    return end.purge_record && end.purge_record->pointer.empty();
}

// A case's current version: its last row that holds a document of its own (none when it has none).
const store::HistoryEntry* current_version(const std::vector<store::HistoryEntry>& rows)
{
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        if (it->action != "delete" && it->action != "restore" && it->action != "purge" && it->action != "seal") {
            return &*it;
        }
    }
    return nullptr;
}

// How many leading rows two histories of a case share (the same hashes).
std::size_t shared_rows(const std::vector<store::HistoryEntry>& a, const std::vector<store::HistoryEntry>& b)
{
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n].hash == b[n].hash) {
        ++n;
    }
    return n;
}

// What their rows after the shared ones do, for the summary.
enum class Change { updated, deleted, purged };

Change change_of(const std::vector<store::HistoryEntry>& rows, std::size_t from, const CaseEnd& end)
{
    for (std::size_t i = from; i < rows.size(); ++i) {
        if (rows[i].action == "purge") {
            return Change::purged;
        }
    }
    return end.deleted ? Change::deleted : Change::updated;
}

// The actions casebook itself writes into history.
bool known_action(const std::string& action)
{
    static const std::vector<std::string> actions = {"create", "edit", "import", "review", "delete", "restore", "merge", "purge", "seal"};
    return std::find(actions.begin(), actions.end(), action) != actions.end();
}

// An actor as casebook records one: a researcher code or login name, one line, no controls.
bool plausible_actor(const std::string& actor)
{
    if (actor.empty() || actor.size() > 64 || actor.find_first_not_of(' ') == std::string::npos) {
        return false;
    }
    return terminal_safe(actor, LineBreaks::escape) == actor && actor.find('\\') == std::string::npos;
}

bool review_status(const Json& doc)
{
    auto status = doc.find("status");
    return status != doc.end() && status->is_string() &&
           (status->get_ref<const std::string&>() == "reviewed" || status->get_ref<const std::string&>() == "rejected");
}

} // namespace

std::vector<Problem> check_their_history(const std::string& case_id, const std::vector<store::HistoryEntry>& entries)
{
    std::vector<Problem> out;
    const Json* previous = nullptr;
    for (const store::HistoryEntry& e : entries) {
        const std::string where = say("revision {} (history rev {})", e.revision, e.rev);
        auto problem = [&](std::string pointer, std::string code, std::string message) {
            out.push_back({std::move(pointer), std::move(code), fmt::format("{}: {}", where, message), Severity::error});
        };
        if (!known_action(e.action)) {
            problem("", "merge_action", say("action \"{}\" is not one casebook writes", shorten(e.action)));
        }
        if (!plausible_actor(e.actor)) {
            problem("", "merge_actor", tr("the actor is not a researcher code casebook would record (1 to 64 characters, one line, "
                                       "no control characters)"));
        }
        if (!e.doc || e.purged_by) {
            continue; // a purge changed this version: what is left is checked as the current document
        }
        const Json doc = record::canonicalise(*e.doc);
        auto id = doc.find("id");
        if (id == doc.end() || !id->is_string() || id->get_ref<const std::string&>() != case_id) {
            problem("/id", "merge_id", tr("this version is of another case"));
        }
        for (const Problem& p : record::check_record(doc)) {
            if (p.severity == Severity::error) {
                problem(p.pointer, p.code, p.message);
            }
        }
        // reviewed and rejected come only from review; an edit keeps them only when it changed nothing but the notes.
        if (review_status(doc) && e.action != "review" && e.action != "merge") {
            bool carried = false;
            if (previous != nullptr && review_status(*previous) && previous->value("status", "") == doc.value("status", "")) {
                std::vector<std::string> changed = differing_pointers(*previous, doc);
                carried = std::all_of(changed.begin(), changed.end(), [](const std::string& p) { return p == "/notes"; });
            }
            if (!carried) {
                problem("/status", "merge_status", say("status \"{}\" was set by \"{}\", not by a review",
                                                               doc.value("status", ""), shorten(e.action)));
            }
        }
        previous = &*e.doc;
    }
    return out;
}

std::vector<std::string> differing_pointers(const Json& a, const Json& b)
{
    std::vector<std::string> out;
    diff_into(a, b, "", out);
    return out;
}

MergeSummary merge_stores(store::Store& ours, const store::Store& theirs, const MergeOptions& options)
{
    // Nothing is taken from a history that does not hold together.
    // verify: the command that lists every broken link of theirs.
    auto refuse = [&](const ChainBreak& b, std::size_t breaks, const std::string& verify) {
        throw Error(Exit::invalid,
                    say("{}: its history does not verify{}: {}{}; nothing merged ('casebook verify --db {}' lists "
                                "every broken link)",
                                theirs.path(),
                                b.case_id.empty() ? std::string()
                                                  : say(" at case {}{}", b.case_id,
                                                                b.revision > 0 ? say(" revision {}", b.revision) : ""),
                                b.what, breaks > 1 ? say(" (and {} more)", breaks - 1) : "", verify));
    };
    // Their history is verified and read in one snapshot: nothing they
    // append meanwhile comes in unverified.
    std::vector<std::string> order;
    std::map<std::string, std::vector<store::HistoryEntry>> rows;
    theirs.snapshot([&] {
        VerifyReport report = verify_store(theirs);
        if (!report.ok()) {
            refuse(report.breaks.front(), report.breaks.size(), theirs.path());
        }
        // Their history, case by case, in the order the cases first appear.
        store::for_each_history_row(theirs, std::nullopt, [&](store::HistoryEntry&& e) {
            auto& list = rows[e.case_id];
            if (list.empty()) {
                order.push_back(e.case_id);
            }
            list.push_back(std::move(e));
            return true;
        }, store::HistoryDocs::parsed);
    });
    // Sealed values move only between databases sealed to the same key; into
    // a sealed database, values in clear are sealed as they arrive.
    const std::optional<crypto::keys::PublicKey> their_key = theirs.sealed_to();
    const std::optional<crypto::keys::PublicKey> our_key = ours.sealed_to();
    if (their_key && !our_key) {
        throw Error(Exit::invalid, say("{} is sealed to the project key with fingerprint {}, and {} is not "
                                               "sealed: nothing merged (seal it to the same key first: 'casebook seal "
                                               "--db {} --to {}')",
                                               theirs.path(), crypto::keys::fingerprint(*their_key), ours.path(), ours.path(),
                                               crypto::keys::public_text(*their_key)));
    }
    if (their_key && !(*their_key == *our_key)) {
        throw Error(Exit::invalid, say("{} is sealed to the project key with fingerprint {}, {} to another ({}): "
                                               "sealed values cannot move between them; nothing merged",
                                               theirs.path(), crypto::keys::fingerprint(*their_key), ours.path(),
                                               crypto::keys::fingerprint(*our_key)));
    }

    // Their current versions' derived hashes, which verify without --deep
    // trusts: one recomputed for columns changed by hand would come in with
    // the version, and this database would fail verify for ever after.
    for (const std::string& id : order) {
        const store::HistoryEntry* version = current_version(rows[id]);
        if (version != nullptr && version->doc && !version->purged_by &&
            !store::derived_hash_fits(*version->doc, version->derived)) {
            // "--db PATH --deep": only verify --deep sees it.
            refuse({id, version->revision, version->rev, derived_hash_mismatch(version->revision)}, 1,
                   theirs.path() + " --deep");
        }
    }

    MergeSummary summary;
    // Everything that could come in is checked before anything is written, as
    // an import checks its records: their current documents and every version
    // in their history, its action, actor and status. One invalid document
    // refuses the whole merge.
    auto report_problem = [&](const std::string& id, const Problem& p) {
        if (options.report) {
            options.report(Diagnostic{theirs.path(), 0, 0, p.pointer, p.code, say("case \"{}\": {}", shorten(id), p.message),
                                      p.severity});
        }
    };
    for (const std::string& id : order) {
        const std::vector<store::HistoryEntry>& there = rows[id];
        bool bad = false;
        if (const CaseEnd end = end_of(there); end.doc) {
            for (const Problem& p : record::check_record(record::canonicalise(*end.doc))) {
                if (p.severity == Severity::error) {
                    report_problem(id, p);
                    bad = true;
                }
            }
        }
        for (const Problem& p : check_their_history(id, there)) {
            report_problem(id, p);
            bad = true;
        }
        summary.invalid += bad ? 1 : 0;
    }
    if (summary.invalid > 0) {
        return summary;
    }
    bool erased = false;
    const bool writing = options.dry_run == DryRun::no;
    auto not_taken = [&](const std::string& id, std::string why) {
        if (options.on_not_taken) {
            options.on_not_taken(NotTaken{id, std::move(why)});
        }
    };
    auto body = [&] {
        for (const std::string& id : order) {
            const std::vector<store::HistoryEntry>& there = rows[id];
            const CaseEnd their_end = end_of(there);
            std::vector<store::HistoryEntry> here = ours.history(id);
            const std::size_t shared = shared_rows(here, there);

            if (here.empty()) {
                ++summary.added;
                if (writing) {
                    erased = ours.adopt(id, there, 0) || erased;
                }
                continue;
            }
            if (shared == there.size()) {
                if (shared == here.size()) {
                    ++summary.identical;
                } else {
                    ++summary.ours_newer;
                    not_taken(id, say("changed here since revision {}, the last version both have: ours is kept",
                                              there.back().revision));
                }
                continue;
            }
            if (shared == here.size()) {
                // Their history goes on from ours: take the rest as it is.
                switch (change_of(there, shared, their_end)) {
                case Change::purged:
                    ++summary.purged;
                    break;
                case Change::deleted:
                    ++summary.deleted;
                    break;
                case Change::updated:
                    ++summary.updated;
                    break;
                }
                if (writing) {
                    erased = ours.adopt(id, there, shared) || erased;
                }
                continue;
            }
            const CaseEnd our_end = end_of(here);
            if (shared == 0 && our_end.doc && their_end.doc && !our_end.deleted && !their_end.deleted &&
                *our_end.doc == record::canonicalise(*their_end.doc)) {
                ++summary.identical; // created apart, the same content
                continue;
            }
            // Changed on both sides since the last version both have.
            ++summary.conflicts;
            MergeConflict conflict;
            conflict.id = id;
            conflict.deleted_here = our_end.deleted || purged_whole(our_end);
            bool their_purge_new = false;
            for (std::size_t i = shared; i < there.size(); ++i) {
                their_purge_new = their_purge_new || there[i].action == "purge";
            }
            conflict.theirs_did = their_purge_new ? "purged" : their_end.deleted ? "deleted" : "";
            if (our_end.doc && their_end.doc) {
                conflict.pointers = differing_pointers(*our_end.doc, record::canonicalise(*their_end.doc));
            }
            conflict.winner = options.prefer;
            if (options.on_conflict) {
                options.on_conflict(conflict);
            }
            if (options.prefer != Prefer::theirs) {
                not_taken(id, options.prefer == Prefer::ours ? tr("conflict: ours kept (--prefer ours)")
                                                             : tr("conflict: left untouched"));
                continue;
            }
            if (purged_whole(our_end)) {
                not_taken(id, tr("purged here: nothing of theirs is taken back"));
                continue;
            }
            ++summary.taken;
            if (!writing) {
                continue;
            }
            const store::HistoryEntry& last = there.back();
            const std::string note = fmt::format("taken from {} (--prefer theirs): their revision {} by {} at {}",
                                                 theirs.path(), last.revision, last.actor, last.at);
            if (their_purge_new && their_end.purge && their_end.purge_record) {
                std::optional<std::string> pointer;
                if (!their_end.purge_record->pointer.empty()) {
                    pointer = their_end.purge_record->pointer;
                }
                ours.purge(id, pointer, fmt::format("{}; purged there: {}", note, their_end.purge->note), options.actor,
                           nullptr);
                erased = true;
                continue;
            }
            std::optional<store::StoredCase> mine = ours.find(id);
            if (!mine) {
                continue;
            }
            if (their_end.doc && *their_end.doc != mine->doc) {
                if (mine->deleted) {
                    ours.set_deleted(id, false, options.actor, note);
                    mine = ours.find(id);
                }
                ours.update(record::canonicalise(*their_end.doc), mine->revision, options.actor, "merge", note);
                mine = ours.find(id);
            }
            if (their_end.deleted != mine->deleted) {
                ours.set_deleted(id, their_end.deleted, options.actor, note);
            }
        }
    };
    if (writing) {
        ours.set_secure_delete(true);
        std::size_t sealed = 0;
        ours.write([&] {
            body();
            if (our_key && !their_key) {
                sealed = ours.seal_to(*our_key, options.actor);
            }
        });
        if (erased || sealed > 0) {
            store::scrub_file(ours);
        }
    } else {
        body();
    }
    return summary;
}

} // namespace casebook::ops
