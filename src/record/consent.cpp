#include "record/consent.hpp"

#include <fmt/format.h>

#include "json/record_access.hpp"
#include "util/i18n.hpp"

namespace casebook::record {

ConsentState consent_state(const Json& record)
{
    const Json* consent = access::member(&record, "consent");
    const Json* obtained = access::member(consent, "obtained");
    if (obtained == nullptr || !obtained->is_boolean()) {
        return ConsentState::not_recorded;
    }
    if (!obtained->get<bool>()) {
        return ConsentState::refused;
    }
    auto scope = access::text(consent, "scope");
    if (!scope) {
        return ConsentState::no_scope;
    }
    if (*scope == "full") {
        return ConsentState::full;
    }
    if (*scope == "anonymised_quotes") {
        return ConsentState::anonymised_quotes;
    }
    // aggregate_only, and any scope this build does not know: the narrowest reading.
    return ConsentState::aggregate_only;
}

std::string_view consent_name(ConsentState state)
{
    switch (state) {
    case ConsentState::full:
        return "full";
    case ConsentState::anonymised_quotes:
        return "anonymised_quotes";
    case ConsentState::aggregate_only:
        return "aggregate_only";
    case ConsentState::no_scope:
        return "no_scope";
    case ConsentState::not_recorded:
        return "not_recorded";
    case ConsentState::refused:
        return "refused";
    }
    return "not_recorded";
}

std::vector<std::string> consent_names()
{
    std::vector<std::string> out;
    for (ConsentState s : {ConsentState::full, ConsentState::anonymised_quotes, ConsentState::aggregate_only,
                           ConsentState::no_scope, ConsentState::not_recorded, ConsentState::refused}) {
        out.emplace_back(consent_name(s));
    }
    return out;
}

bool asks_for_status(const std::vector<Condition>& where)
{
    for (const Condition& c : where) {
        if (c.dim != nullptr && c.dim->name == "status") {
            return true;
        }
    }
    return false;
}

std::optional<LeftOutBecause> left_out(Output output, const Json& record, bool status_asked)
{
    const ConsentState consent = consent_state(record);
    if (consent == ConsentState::refused) {
        return LeftOutBecause::consent_refused;
    }
    if (output == Output::shared_records && consent != ConsentState::full && consent != ConsentState::anonymised_quotes) {
        return LeftOutBecause::consent_not_for_sharing;
    }
    if (!status_asked && access::text_is(&record, "status", "rejected")) {
        return LeftOutBecause::rejected;
    }
    return std::nullopt;
}

std::string counted_sql(std::string_view alias, bool status_asked)
{
    // IS NOT: a row without a consent value (never written by this build) still counts.
    std::string sql = fmt::format("{}.consent IS NOT 'refused'", alias);
    if (!status_asked) {
        sql += fmt::format(" AND {}.status IS NOT 'rejected'", alias);
    }
    return sql;
}

void LeftOutCounts::add(LeftOutBecause why)
{
    switch (why) {
    case LeftOutBecause::consent_refused:
        ++consent_refused;
        break;
    case LeftOutBecause::consent_not_for_sharing:
        ++consent_not_for_sharing;
        break;
    case LeftOutBecause::rejected:
        ++rejected;
        break;
    }
}

std::string LeftOutCounts::sentence(Wording wording) const
{
    const bool translated = wording == Wording::translated;
    auto text = [translated](const char* english) { return translated ? tr(english) : english; };
    if (total() == 0) {
        return text(N_("left out no case"));
    }
    std::string parts;
    auto part = [&](long long n, const char* why) {
        if (n > 0) {
            parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", n, text(why));
        }
    };
    part(consent_refused, N_("whose consent was refused or withdrawn (counted nowhere)"));
    part(consent_not_for_sharing,
         N_("whose consent does not allow sharing the record (aggregate_only, no scope or none recorded: tables only)"));
    part(rejected, N_("rejected in review (--where status=rejected shows them)"));
    const char* head = translated ? tr_plural("left out {} case: {}", "left out {} cases: {}", static_cast<unsigned long>(total()))
                                  : (total() == 1 ? "left out {} case: {}" : "left out {} cases: {}");
    return fmt::format(fmt::runtime(head), total(), parts);
}

std::string LeftOutCounts::note() const
{
    std::string s = sentence();
    s[0] = 'L';
    return s + ".";
}

std::string included_sql(Output output, std::string_view alias, bool status_asked)
{
    std::string sql = counted_sql(alias, status_asked);
    if (output == Output::shared_records) {
        sql += fmt::format(" AND {}.consent IN ('full', 'anonymised_quotes')", alias);
    }
    return sql;
}

} // namespace casebook::record
