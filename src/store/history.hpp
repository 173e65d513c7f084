// Reading a case's history: what changed between two versions, and the `log` listing.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "json/json.hpp"
#include "store/store.hpp"

namespace casebook::store {

// One changed value: where, what it was, what it became (absent = not there).
struct Change {
    std::string pointer;
    std::optional<Json> before;
    std::optional<Json> after;
};

// The values that differ between two records, as JSON Pointers: objects key
// by key, arrays position by position, anything else as a whole.
std::vector<Change> diff_records(const Json& before, const Json& after);

// "/person/sex: "male" → "female"" ("(absent)" for a missing side).
std::string format_change(const Change& change);

// Whether `log` shows what each entry changed.
enum class ShowDiff { no, yes };

// Prints history entries, oldest first: "rev 3  2017-03-09T14:05:00Z  R01  edit  sv-001 (revision 2)",
// a note when there is one, and with ShowDiff::yes the changes since the case's previous revision.
void print_history(std::ostream& out, const std::vector<HistoryEntry>& entries, ShowDiff diff);

} // namespace casebook::store
