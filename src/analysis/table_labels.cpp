#include "analysis/table_labels.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "record/dims.hpp"
#include "util/countries.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

namespace {

// How dimensions read in titles and notes.
struct DimensionLabel {
    std::string_view dim;
    std::string_view label;
};

// clang-format off
constexpr DimensionLabel dimension_labels[] = {
    {"origin",           N_("country of origin")},
    {"returned_from",    N_("country returned from")},
    {"returned_to",      N_("country returned to")},
    {"mechanism",        N_("return mechanism")},
    {"return_year",      N_("year of return")},
    {"flight_year",      N_("year of flight")},
    {"sex",              N_("sex")},
    {"age_group",        N_("age group at flight")},
    {"minor",            N_("minor at flight")},
    {"outcome",          N_("post-return outcome")},
    {"flag",             N_("refoulement flag")},
    {"harm",             N_("harm after return")},
    {"reason",           N_("reason for flight")},
    {"persecutor",       N_("persecutor")},
    {"failure",          N_("protection failure")},
    {"transit",          N_("transit country")},
    {"status",           N_("review status")},
    {"project",          N_("project")},
    {"tag",              N_("tag")},
    {"verified_outcome", N_("verified post-return outcome")},
    {"verification",     N_("verification of harms")},
    {"perpetrator",      N_("perpetrator of harm")},
    {"harm_year",        N_("year of harm")},
    {"same_persecutor",  N_("harm by the persecutor fled")},
    {"pending_claim",    N_("claim pending at return")},
    {"unaccompanied_minor", N_("unaccompanied minor at return")},
    {"first_mechanism",  N_("first return mechanism")},
    {"first_returned_from", N_("country first returned from")},
    {"first_returned_to", N_("country first returned to")},
    {"first_return_year", N_("year of first return")},
    {"leg_country",      N_("country of journey leg")},
    {"leg_role",         N_("role of journey leg")},
    {"detained",         N_("detention")},
    {"procedure",        N_("asylum procedure")},
    {"asylum_outcome",   N_("asylum outcome")},
    {"represented",      N_("legal representation")},
};

// Shorter labels where the title already names the sub-record counted
// ("Harms after return by type and verification").
constexpr DimensionLabel unit_labels[] = {
    {"harm",         NC_("title label", "type")},
    {"verification", NC_("title label", "verification")},
    {"perpetrator",  NC_("title label", "perpetrator")},
    {"harm_year",    NC_("title label", "year")},
    {"leg_country",  NC_("title label", "country")},
    {"leg_role",     NC_("title label", "role")},
};
// clang-format on

// A dimension's label in a title of `unit`: shorter when the title names the sub-record.
std::string title_label(std::string_view dim, Unit unit)
{
    const std::optional<TableDimension> d = find_table_dimension(dim);
    if (unit != Unit::cases && d && d->level == level_of(unit)) {
        for (const DimensionLabel& l : unit_labels) {
            if (l.dim == dim) {
                return tr_in("title label", std::string(l.label).c_str());
            }
        }
    }
    return dimension_label(dim);
}

// " (sex: female)" for a slice of a --by table, else nothing.
std::string slice_label(const CrossTable& t)
{
    return t.slice_dim.empty() ? std::string() : fmt::format(" ({}: {})", dimension_label(t.slice_dim), t.slice_value);
}

} // namespace

std::string dimension_label(std::string_view dim)
{
    for (const DimensionLabel& l : dimension_labels) {
        if (l.dim == dim) {
            return tr(std::string(l.label).c_str());
        }
    }
    std::string out(dim);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::optional<long long> cases_shown(const PublishedTable& table)
{
    const Controls& c = table.controls;
    const long long k = table.source.cases;
    if (table.total().hidden != Hidden::no || (c.suppress > 1 && k < c.suppress)) {
        return std::nullopt;
    }
    return round_to(k, c.round);
}

std::string table_title(const PublishedTable& table)
{
    const CrossTable& t = table.source;
    std::string n = display_count(table.total(), table.controls);
    if (t.unit != Unit::cases) {
        std::string by = title_label(t.rows.dim, t.unit);
        if (!t.one_way()) {
            // TRANSLATORS: the two dimensions of a table's title ("type and verification").
            by = say("{} and {}", by, title_label(t.cols.dim, t.unit));
        }
        const auto count = static_cast<unsigned long>(table.total().count);
        const char* f = t.unit == Unit::harms
                            ? tr_plural("Harms after return by {}{}, N = {} harm", "Harms after return by {}{}, N = {} harms", count)
                        : t.unit == Unit::returns
                            ? tr_plural("Returns by {}{}, N = {} return", "Returns by {}{}, N = {} returns", count)
                            : tr_plural("Journey legs by {}{}, N = {} journey leg", "Journey legs by {}{}, N = {} journey legs",
                                        count);
        std::string title = fmt::format(fmt::runtime(f), by, slice_label(t), n);
        if (const std::optional<long long> cases = cases_shown(table)) {
            title += fmt::format(fmt::runtime(tr_plural(" in {} case", " in {} cases", static_cast<unsigned long>(*cases))),
                                 *cases);
        }
        return title;
    }
    if (t.one_way()) {
        return say("Cases by {}{}, N = {}", dimension_label(t.rows.dim), slice_label(t), n);
    }
    return say("Cases by {} and {}{}, N = {}", dimension_label(t.rows.dim), dimension_label(t.cols.dim), slice_label(t), n);
}

std::string capitalised(std::string s)
{
    if (!s.empty()) {
        s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    }
    return s;
}

std::string value_label(const Axis& axis, const std::string& value, bool names)
{
    if (!names) {
        return value;
    }
    if (axis.country) {
        return language() == "en" ? country_name(value) : country_label(value);
    }
    // Another language shows the label of a vocabulary or derived value ("killed" -> "asesinada").
    return language() == "en" ? value : casebook::value_label(value);
}

// The label of an axis's margin (the totals row, or the totals column):
// "total" ("Total" where names are shown), bracketed as often as it takes
// not to read as one of the axis's own values (a tag or project may be named
// "total"; the comparison ignores case, as a spreadsheet's lookup would).
std::string margin_label(const Axis& axis, bool names)
{
    auto lower = [](std::string v) {
        std::transform(v.begin(), v.end(), v.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        return v;
    };
    std::set<std::string> taken;
    for (const std::string& v : axis.labels) {
        taken.insert(lower(value_label(axis, v, names)));
    }
    std::string label = names ? tr("Total") : "total";
    while (taken.count(lower(label)) > 0) {
        label = "(" + label + ")";
    }
    return label;
}

} // namespace casebook::analysis
