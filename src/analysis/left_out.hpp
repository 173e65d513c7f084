// How many cases the consent and review rules (src/record/consent.hpp) leave
// out of a database, counted in SQL without reading a document.
#pragma once

#include <string>
#include <vector>

#include "record/consent.hpp"
#include "record/where.hpp"

namespace casebook {

// How many cases matching `where` the rule of `output` leaves out of the
// database at db_path (deleted cases are not counted at all).
LeftOutCounts count_left_out(const std::string& db_path, const std::vector<Condition>& where,
                             Output output = Output::counts);

} // namespace casebook
