#include "casebook/review.hpp"

#include "casebook/store.hpp"
#include "casebook/validate.hpp"

namespace casebook {

ReviewResult review_case(Store& store, std::string_view id, Verdict verdict, const std::string& reviewer,
                         const std::string& note)
{
    ReviewResult result;
    store.write([&] {
        StoredCase current = live_case(store, id);
        Json doc = current.doc;
        if (verdict == Verdict::approve) {
            // Approval means "complete, and checked": hold the case to what a complete case needs.
            Json as_complete = doc;
            as_complete["status"] = "complete";
            for (const Problem& p : check_record(as_complete)) {
                if (p.severity == Severity::error) {
                    result.problems.push_back(Diagnostic{std::string(id), 0, 0, p.pointer, p.code, p.message, p.severity});
                }
            }
            if (!result.problems.empty()) {
                result.status = current.doc.value("status", "draft");
                result.revision = current.revision;
                return;
            }
        }
        doc["status"] = verdict == Verdict::approve ? "reviewed" : "rejected";
        result.status = doc["status"].get<std::string>();
        result.stored = store.update(doc, current.revision, reviewer, "review", note);
        result.revision = current.revision + (result.stored ? 1 : 0);
    });
    return result;
}

} // namespace casebook
