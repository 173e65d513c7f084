#include "casebook/merge.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "casebook/canonical.hpp"
#include "casebook/quoting.hpp"
#include "casebook/store.hpp"
#include "casebook/terminal.hpp"
#include "casebook/validate.hpp"

namespace casebook {

std::string MergeSummary::summary_line(Prefer prefer, DryRun dry_run) const
{
    std::string line = fmt::format("merge{}: {} added, {} identical, {} conflict{}", dry_run == DryRun::yes ? " (dry run)" : "",
                                   added, identical, conflicts, conflicts == 1 ? "" : "s");
    if (conflicts > 0) {
        switch (prefer) {
        case Prefer::neither:
            line += " (left untouched; --prefer theirs|ours decides)";
            break;
        case Prefer::ours:
            line += " (ours kept)";
            break;
        case Prefer::theirs:
            line += fmt::format(" ({} taken from theirs)", taken);
            break;
        }
    }
    if (invalid > 0) {
        return fmt::format("merge{}: refused: {} invalid document{} in the other database; nothing {}", dry_run == DryRun::yes ? " (dry run)" : "",
                           invalid, invalid == 1 ? "" : "s", dry_run == DryRun::yes ? "would be written" : "written");
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

// Replays their history of one case into ours: the same actions by the same actors.
void replay(Store& ours, const Store& theirs, const StoredCase& c, const std::string& source, const std::string& actor)
{
    std::vector<HistoryEntry> entries = theirs.history(c.id);
    bool created = false;
    long long revision = 0;
    for (const HistoryEntry& e : entries) {
        std::string note = fmt::format("merged from {} (at {} there{}{})", source, e.at, e.note.empty() ? "" : ": ", e.note);
        if (!created) {
            if (!e.doc) {
                continue;
            }
            ours.insert(*e.doc, e.actor, e.action, note);
            created = true;
            revision = 1;
        } else if (e.action == "delete" || e.action == "restore") {
            ours.set_deleted(c.id, e.action == "delete", e.actor, note);
            ++revision;
        } else if (e.doc) {
            if (ours.update(*e.doc, revision, e.actor, e.action, note)) {
                ++revision;
            }
        }
    }
    if (!created) {
        ours.insert(c.doc, actor, "merge", fmt::format("merged from {}", source));
        return;
    }
    // Their history should end at their document; make sure ours does.
    if (auto now = ours.find(c.id); now && now->doc != c.doc) {
        ours.update(c.doc, now->revision, actor, "merge", fmt::format("merged from {}", source));
    }
}

// The actions casebook itself writes into history.
bool known_action(const std::string& action)
{
    static const std::vector<std::string> actions = {"create", "edit", "import", "review", "delete", "restore", "merge"};
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

std::vector<Problem> check_their_history(const std::string& case_id, const std::vector<HistoryEntry>& entries)
{
    std::vector<Problem> out;
    const Json* previous = nullptr;
    for (const HistoryEntry& e : entries) {
        const std::string where = fmt::format("revision {} (history rev {})", e.revision, e.rev);
        auto problem = [&](std::string pointer, std::string code, std::string message) {
            out.push_back({std::move(pointer), std::move(code), fmt::format("{}: {}", where, message), Severity::error});
        };
        if (!known_action(e.action)) {
            problem("", "merge_action", fmt::format("action \"{}\" is not one casebook writes", shorten(e.action)));
        }
        if (!plausible_actor(e.actor)) {
            problem("", "merge_actor", "the actor is not a researcher code casebook would record (1 to 64 characters, one line, "
                                       "no control characters)");
        }
        if (!e.doc) {
            continue;
        }
        const Json doc = canonicalise(*e.doc);
        auto id = doc.find("id");
        if (id == doc.end() || !id->is_string() || id->get_ref<const std::string&>() != case_id) {
            problem("/id", "merge_id", "this version is of another case");
        }
        for (const Problem& p : check_record(doc)) {
            if (p.severity == Severity::error) {
                problem(p.pointer, p.code, p.message);
            }
        }
        // reviewed and rejected come only from review; an edit keeps them only when it changed nothing but the notes.
        if (review_status(doc) && e.action != "review") {
            bool carried = false;
            if (previous != nullptr && review_status(*previous) && previous->value("status", "") == doc.value("status", "")) {
                std::vector<std::string> changed = differing_pointers(*previous, doc);
                carried = std::all_of(changed.begin(), changed.end(), [](const std::string& p) { return p == "/notes"; });
            }
            if (!carried) {
                problem("/status", "merge_status", fmt::format("status \"{}\" was set by \"{}\", not by a review",
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

MergeSummary merge_stores(Store& ours, const Store& theirs, const MergeOptions& options)
{
    MergeSummary summary;
    // Everything that could come in is checked before anything is written, as
    // an import checks its records: their current documents and every version
    // in their history, its action, actor and status. One invalid document
    // refuses the whole merge.
    auto report = [&](const StoredCase& c, const Problem& p) {
        if (options.report) {
            options.report(Diagnostic{theirs.path(), 0, 0, p.pointer, p.code, fmt::format("case \"{}\": {}", shorten(c.id), p.message),
                                      p.severity});
        }
    };
    theirs.for_each_case([&](const StoredCase& c) {
        bool bad = false;
        for (const Problem& p : check_record(canonicalise(c.doc))) {
            if (p.severity == Severity::error) {
                report(c, p);
                bad = true;
            }
        }
        for (const Problem& p : check_their_history(c.id, theirs.history(c.id))) {
            report(c, p);
            bad = true;
        }
        summary.invalid += bad ? 1 : 0;
        return true;
    });
    if (summary.invalid > 0) {
        return summary;
    }
    auto body = [&] {
        theirs.for_each_case([&](const StoredCase& c) {
            Json doc = canonicalise(c.doc);
            std::optional<StoredCase> mine = ours.find(c.id);
            if (!mine) {
                ++summary.added;
                if (options.dry_run == DryRun::no) {
                    replay(ours, theirs, c, theirs.path(), options.actor);
                }
                return true;
            }
            if (!mine->deleted && mine->doc == doc) {
                ++summary.identical;
                return true;
            }
            ++summary.conflicts;
            MergeConflict conflict{c.id, mine->deleted ? std::vector<std::string>{} : differing_pointers(mine->doc, doc),
                                   mine->deleted};
            if (options.on_conflict) {
                options.on_conflict(conflict);
            }
            if (options.prefer == Prefer::theirs && !mine->deleted) {
                ++summary.taken;
                if (options.dry_run == DryRun::no) {
                    ours.update(doc, mine->revision, options.actor, "merge",
                                fmt::format("taken from {} (--prefer theirs)", theirs.path()));
                }
            }
            return true;
        });
    };
    if (options.dry_run == DryRun::yes) {
        body();
    } else {
        ours.write(body);
    }
    return summary;
}

} // namespace casebook
