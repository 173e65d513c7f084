// How many cases the consent and review rules (src/record/consent.hpp) leave
// out of a database, counted in SQL without reading a document.
#pragma once

#include <string>
#include <vector>

#include "store/open_settings.hpp"
#include "record/consent.hpp"
#include "record/where.hpp"

namespace casebook::analysis {

// How many cases matching `where` the rule of `output` leaves out of the
// database db_file (deleted cases are not counted at all).
record::LeftOutCounts count_left_out(const store::DatabaseFile& db_file, const std::vector<record::Condition>& where,
                             record::Output output = record::Output::counts);

} // namespace casebook::analysis
