// Signing cases off: `casebook review ID --approve|--reject`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "casebook/diagnostic.hpp"

namespace casebook {

class Store;

// A reviewer's decision on a case.
enum class Verdict { approve, reject };

// What review_case did.
struct ReviewResult {
    bool stored = false;               // a new revision was written
    std::string status;                // the case's status afterwards ("reviewed", "rejected")
    long long revision = 0;            // the case's revision afterwards
    std::vector<Diagnostic> problems;  // why an approval was refused (file: the case id)
};

// Sets a case's status to reviewed (approve) or rejected (reject), with the
// reviewer and note in its history (action "review"). Approval is refused,
// storing nothing, when the case would not be valid as a complete case.
// Throws Error(invalid) for an unknown or deleted case.
ReviewResult review_case(Store& store, std::string_view id, Verdict verdict, const std::string& reviewer,
                         const std::string& note);

} // namespace casebook
