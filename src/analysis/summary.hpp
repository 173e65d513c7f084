// The one-screen text summary of a case that `show` prints for a researcher.
#pragma once

#include <string>

#include "store/store.hpp"

namespace casebook::analysis {

// Who, origin, the journey as a line of countries and dates, asylum attempts
// and failures, returns, harms, situation, the derived outcome and flags, and
// the status; countries by name. Narrative and notes are only counted.
std::string case_summary(const store::StoredCase& stored);

} // namespace casebook::analysis
