#include "ops/review.hpp"

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/error.hpp"
#include "store/history.hpp"
#include "store/store.hpp"
#include "record/validate.hpp"
#include "json/record_access.hpp"
#include "util/i18n.hpp"

namespace casebook::ops {

namespace {

// The status a record gives itself (the schema's default when it has none).
std::string status_of(const Json* record)
{
    return access::text(record, "status").value_or("draft");
}

bool set_by_review(const std::string& status) { return status == "reviewed" || status == "rejected"; }

// Who made the case's last change other than a review: the person a review must not be.
std::optional<store::HistoryEntry> last_change(const store::Store& store, std::string_view id)
{
    std::vector<store::HistoryEntry> entries = store.history(std::string(id));
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        if (it->action != "review") {
            return *it;
        }
    }
    return std::nullopt;
}

} // namespace

ReviewResult review_case(store::Store& store, std::string_view id, Verdict verdict, const std::string& reviewer,
                         const std::string& note, SelfReview self)
{
    ReviewResult result;
    store.write([&] {
        store::StoredCase current = store::live_case(store, id);
        if (!current.doc.is_object()) {
            // Written by something other than casebook: there is no status to set.
            throw Error(Exit::io, say("damaged data in the database: {}", std::string(id) + ": " + tr("must be a JSON object")));
        }
        Json doc = current.doc;
        const std::optional<store::HistoryEntry> last = last_change(store, id);
        const bool own = last && last->actor == reviewer;
        if (own && self == SelfReview::refused) {
            throw Error(Exit::invalid,
                        say("{} made the last change to {} (revision {}, {}): a case is reviewed by someone "
                                    "else; say --self to review your own work, and its history will say so",
                                    reviewer, id, last->revision, last->action));
        }
        if (verdict == Verdict::approve) {
            // Approval means "complete, and checked": hold the case to what a complete case needs.
            Json as_complete = doc;
            as_complete["status"] = "complete";
            for (const Problem& p : record::check_record(as_complete)) {
                if (p.severity == Severity::error) {
                    result.problems.push_back(Diagnostic{std::string(id), 0, 0, p.pointer, p.code, p.message, p.severity});
                }
            }
            if (!result.problems.empty()) {
                result.status = status_of(&current.doc);
                result.revision = current.revision;
                return;
            }
        }
        doc["status"] = verdict == Verdict::approve ? "reviewed" : "rejected";
        result.status = doc["status"].get<std::string>();
        const std::string history_note = own ? (note.empty() ? "self-review" : "self-review: " + note) : note;
        result.stored = store.update(doc, current.revision, reviewer, "review", history_note);
        result.revision = current.revision + (result.stored ? 1 : 0);
    });
    return result;
}

std::optional<Problem> status_problem(const Json& record, const Json* stored)
{
    const std::string wanted = status_of(&record);
    const std::string before = stored != nullptr ? status_of(stored) : "";
    if (set_by_review(wanted) && wanted != before) {
        return Problem{"/status", "status_set_by_review",
                       say("status \"{}\" is set only by 'casebook review ID {}' after someone has checked the "
                                   "case: use \"complete\" (or \"draft\") here",
                                   wanted, wanted == "reviewed" ? "--approve" : "--reject"),
                       Severity::error};
    }
    if (before == "rejected" && wanted != "rejected") {
        return Problem{"/status", "status_set_by_review",
                       say("the case was rejected in review: it stays \"rejected\" until 'casebook review ID "
                                   "--approve' (fix it, then ask for a review); put back \"rejected\""),
                       Severity::error};
    }
    return std::nullopt;
}

std::optional<std::string> withdraw_review(const Json& stored, Json& record)
{
    if (status_of(&stored) != "reviewed" || status_of(&record) != "reviewed") {
        return std::nullopt;
    }
    std::string changed;
    std::size_t n = 0;
    for (const store::Change& c : store::diff_records(stored, record::canonicalise(record))) {
        if (c.pointer == "/notes" || c.pointer == "/status") {
            continue;
        }
        changed += (changed.empty() ? "" : ", ") + c.pointer;
        ++n;
    }
    if (n == 0) {
        return std::nullopt;
    }
    record["status"] = "complete";
    return say("review withdrawn, status reviewed \u2192 complete: {} changed", changed);
}

} // namespace casebook::ops
