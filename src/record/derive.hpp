// Derived classification (DESIGN.md, "Derived classification"): the headline
// outcome, the verified outcome and the refoulement flags of a case, computed
// from its record on every write, never typed in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"

namespace casebook::record {

// What casebook derives from one case record.
struct Derived {
    std::string outcome;            // one of outcome_values()
    std::string verified_outcome;   // same rules, counting only confirmed/corroborated harms
    std::vector<std::string> flags; // a subset of flag_values(), in that order
};

// One value of a derived vocabulary and what it means (for show, dims and the man page).
struct DerivedValue {
    std::string_view name;
    std::string_view meaning;
};

// The headline outcomes, in rule order (the first rule that applies wins).
const std::vector<DerivedValue>& outcome_values();

// The refoulement flags, in vocabulary order.
const std::vector<DerivedValue>& flag_values();

// Derives outcome, verified outcome and flags. Tolerates partial records (drafts):
// missing or wrongly shaped fields simply trigger no rule.
Derived derive(const Json& record);

} // namespace casebook::record
