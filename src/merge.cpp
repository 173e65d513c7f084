#include "casebook/merge.hpp"

#include <fmt/format.h>

#include "casebook/canonical.hpp"
#include "casebook/store.hpp"
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
        line += fmt::format(", {} invalid (not merged)", invalid);
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

} // namespace

std::vector<std::string> differing_pointers(const Json& a, const Json& b)
{
    std::vector<std::string> out;
    diff_into(a, b, "", out);
    return out;
}

MergeSummary merge_stores(Store& ours, const Store& theirs, const MergeOptions& options)
{
    MergeSummary summary;
    auto body = [&] {
        theirs.for_each_case([&](const StoredCase& c) {
            Json doc = canonicalise(c.doc);
            std::vector<Problem> problems = check_record(doc);
            if (has_errors(problems)) {
                ++summary.invalid;
                if (options.report) {
                    for (const Problem& p : problems) {
                        if (p.severity == Severity::error) {
                            options.report(Diagnostic{theirs.path(), 0, 0, p.pointer, p.code,
                                                      fmt::format("case \"{}\": {}", c.id, p.message), p.severity});
                        }
                    }
                }
                return true;
            }
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
