#include "analysis/left_out.hpp"

#include <fmt/format.h>

#include "analysis/reader.hpp"

namespace casebook::analysis {

record::LeftOutCounts count_left_out(const store::DatabaseFile& db_file, const std::vector<record::Condition>& where, record::Output output)
{
    SQLite::Database db = reading::open_reader(db_file);
    const record::SqlFilter filter = record::compile_where(where, "c");
    // Each count reads a partial index of migration 3 (only refused or
    // rejected cases are in it): no scan of the whole table.
    auto count = [&](std::string_view condition) {
        SQLite::Statement st(db, fmt::format("SELECT COUNT(*) FROM case_dims c WHERE {} AND c.deleted = 0 AND ({})",
                                             condition, filter.sql));
        reading::bind_all(st, filter.params);
        st.executeStep();
        return static_cast<long long>(st.getColumn(0).getInt64());
    };
    return reading::guarded(db_file.path, [&] {
        record::LeftOutCounts out;
        out.consent_refused = count("c.consent = 'refused'");
        const bool status_asked = record::asks_for_status(where);
        if (output == record::Output::shared_records) {
            // A scan, but only of what an export of whole records reads anyway.
            out.consent_not_for_sharing = count("c.consent IN ('aggregate_only', 'no_scope', 'not_recorded')");
        }
        if (!status_asked) {
            out.rejected = count(output == record::Output::shared_records
                                     ? "c.status = 'rejected' AND c.consent IN ('full', 'anonymised_quotes')"
                                     : "c.status = 'rejected' AND c.consent IS NOT 'refused'");
        }
        return out;
    });
}

} // namespace casebook::analysis
