// Who a case's consent and review status let casebook count, and what may leave
// the database as a record (DESIGN.md, version 2, "Consent" and "Status").
// Every output that reads cases asks this module, and says how many it left out.
//
//   consent (the `consent` dimension)        tables, listings   records (export, query --unredacted)   shared records (--redact, query)
//   full, anonymised_quotes                  yes                yes                                      yes, redacted
//   aggregate_only                           yes                yes                                      never
//   no_scope (obtained, scope not recorded)  yes                yes                                      never
//   not_recorded (no consent.obtained)       yes                yes                                      never
//   refused (obtained: false)                no                 no                                       never
//
// Rejected cases (status "rejected") are left out of every output too, unless
// a --where condition on status asks for them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"
#include "record/where.hpp"
#include "util/i18n.hpp"

namespace casebook::record {

// What a case's consent says, as the `consent` dimension names it.
enum class ConsentState { full, anonymised_quotes, aggregate_only, no_scope, not_recorded, refused };

// The state of a record's consent object (absent or without `obtained`: not_recorded).
ConsentState consent_state(const Json& record);

// The dimension value of a state ("aggregate_only", "refused", ...).
std::string_view consent_name(ConsentState state);

// Every state's name, in the order of the table above.
std::vector<std::string> consent_names();

// What a command is about to print.
enum class Output {
    counts,         // tables, `query` listings of dimension columns
    records,        // whole documents for the research team: export, query --unredacted
    shared_records, // records for partners: export --redact, query's default record output
};

// Why a case is left out of an output.
enum class LeftOutBecause { consent_refused, consent_not_for_sharing, rejected };

// Whether a --where condition names the status dimension: then rejected cases
// are left to the conditions instead of being left out.
bool asks_for_status(const std::vector<Condition>& where);

// Why the case is left out of the output, or nullopt when it is included.
std::optional<LeftOutBecause> left_out(Output output, const Json& record, bool status_asked);

// The rule for Output::counts as a boolean SQL expression over case_dims
// (or cases) aliased as `alias`: the one condition table and query scans add.
std::string counted_sql(std::string_view alias, bool status_asked);

// The rule for any output as such an expression (counted_sql for Output::counts).
std::string included_sql(Output output, std::string_view alias, bool status_asked);

// The words of a sentence: English always (what a file keeps), or the language
// of messages (what a person reads).
enum class Wording { english, translated };

// How many cases an output left out, by reason.
struct LeftOutCounts {
    long long consent_refused = 0;
    long long consent_not_for_sharing = 0;
    long long rejected = 0;

    void add(LeftOutBecause why);
    long long total() const { return consent_refused + consent_not_for_sharing + rejected; }
    // "left out 3 cases: 1 whose consent was refused or withdrawn, 2 rejected in review"
    // ("left out no case" when none was); in English for a data package's description.
    std::string sentence(Wording wording = Wording::english) const;
    // The sentence as a table's footnote: "Left out 3 cases: ….".
    std::string note() const;
};

} // namespace casebook::record
