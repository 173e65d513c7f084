// Signing cases off: `casebook review ID --approve|--reject`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/diagnostic.hpp"
#include "json/json.hpp"

namespace casebook::store {
class Store;
} // namespace casebook::store

namespace casebook::ops {

// A reviewer's decision on a case.
enum class Verdict { approve, reject };

// What review_case did.
struct ReviewResult {
    bool stored = false;               // a new revision was written
    std::string status;                // the case's status afterwards ("reviewed", "rejected")
    long long revision = 0;            // the case's revision afterwards
    std::vector<Diagnostic> problems;  // why an approval was refused (file: the case id)
};

// Whether a reviewer may sign off a case they made the last change to.
enum class SelfReview { refused, allowed };

// Sets a case's status to reviewed (approve) or rejected (reject), with the
// reviewer and note in its history (action "review"). Approval is refused,
// storing nothing, when the case would not be valid as a complete case.
// Throws Error(invalid) for an unknown or deleted case, and, unless
// SelfReview::allowed, when the reviewer made the case's last change (the
// history then says "self-review").
ReviewResult review_case(store::Store& store, std::string_view id, Verdict verdict, const std::string& reviewer,
                         const std::string& note, SelfReview self = SelfReview::refused);

// The rule for a researcher's write (create, import, edit; not merge, which
// carries another database's reviews): status "reviewed" and "rejected" come
// only from `casebook review`. A record may keep the status its stored case
// already has (stored: its current document, null for a new case), and a
// rejected case stays rejected until it is reviewed again. The problem points
// at /status.
std::optional<Problem> status_problem(const Json& record, const Json* stored);

// A reviewed case that a write changes anywhere but /notes goes back to
// "complete": sets record's status so, and returns the history note naming
// the pointers that changed ("review withdrawn: /after_return/harms/0/type
// changed"); nullopt when the review stands.
std::optional<std::string> withdraw_review(const Json& stored, Json& record);

} // namespace casebook::ops
