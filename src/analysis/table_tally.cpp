#include "analysis/table_tally.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/table_labels.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

// Whether a unit can have several values of a dimension: a case's own
// multi-valued ones, and under --count cases any sub-record dimension (a case
// has several harms); a sub-record counted by itself has one value at most.
bool multi_at(const TableDimension& d, Unit unit)
{
    if (d.level == Level::case_record) {
        return d.case_dim->arity == record::Arity::multi;
    }
    return unit == Unit::cases;
}

namespace {

// The table notes, a whole sentence for each unit so that a translation never
// assembles nouns of another language.
std::string missing_values_note(Unit unit, long long n, const std::string& label, bool multi)
{
    const auto k = static_cast<unsigned long>(n);
    const char* f = nullptr;
    switch (unit) {
    case Unit::cases:
        f = multi ? tr_plural("{} case with no {} counts in the totals only.", "{} cases with no {} count in the totals only.", k)
                  : tr_plural("{} case with no {} recorded is not counted.", "{} cases with no {} recorded are not counted.", k);
        break;
    case Unit::harms:
        f = multi ? tr_plural("{} harm with no {} counts in the totals only.", "{} harms with no {} count in the totals only.", k)
                  : tr_plural("{} harm with no {} recorded is not counted.", "{} harms with no {} recorded are not counted.", k);
        break;
    case Unit::returns:
        f = multi ? tr_plural("{} return with no {} counts in the totals only.", "{} returns with no {} count in the totals only.", k)
                  : tr_plural("{} return with no {} recorded is not counted.", "{} returns with no {} recorded are not counted.", k);
        break;
    case Unit::legs:
        f = multi ? tr_plural("{} journey leg with no {} counts in the totals only.",
                              "{} journey legs with no {} count in the totals only.", k)
                  : tr_plural("{} journey leg with no {} recorded is not counted.",
                              "{} journey legs with no {} recorded are not counted.", k);
        break;
    }
    return fmt::format(fmt::runtime(f), n, label);
}

std::string multi_valued_note(Unit unit, const std::string& label, bool rows)
{
    const char* f = nullptr;
    switch (unit) {
    case Unit::cases:
        f = rows ? tr("A case counts once under each {} it has: the rows need not add up to the totals, and percentages "
                      "are shares of cases.")
                 : tr("A case counts once under each {} it has: the columns need not add up to the totals, and "
                      "percentages are shares of cases.");
        break;
    case Unit::harms:
        f = rows ? tr("A harm counts once under each {} of its case: the rows need not add up to the totals, and "
                      "percentages are shares of harms.")
                 : tr("A harm counts once under each {} of its case: the columns need not add up to the totals, and "
                      "percentages are shares of harms.");
        break;
    case Unit::returns:
        f = rows ? tr("A return counts once under each {} of its case: the rows need not add up to the totals, and "
                      "percentages are shares of returns.")
                 : tr("A return counts once under each {} of its case: the columns need not add up to the totals, and "
                      "percentages are shares of returns.");
        break;
    case Unit::legs:
        f = rows ? tr("A journey leg counts once under each {} of its case: the rows need not add up to the totals, and "
                      "percentages are shares of legs.")
                 : tr("A journey leg counts once under each {} of its case: the columns need not add up to the totals, "
                      "and percentages are shares of legs.");
        break;
    }
    return fmt::format(fmt::runtime(f), label);
}

// "a harm", "its harms": a sub-record as the pairing note names it.
const char* level_with_article(Level level)
{
    return level == Level::harm ? tr("a harm") : level == Level::return_event ? tr("a return") : tr("a journey leg");
}

const char* its_level(Level level)
{
    return level == Level::harm ? tr("its harms") : level == Level::return_event ? tr("its returns") : tr("its journey legs");
}

std::string same_level_note(Level level)
{
    return level == Level::harm ? tr("A case counts in a cell when one of its harms has both values, not when one harm "
                                     "has one and another harm the other.")
           : level == Level::return_event
               ? tr("A case counts in a cell when one of its returns has both values, not when one return has one and "
                    "another return the other.")
               : tr("A case counts in a cell when one of its journey legs has both values, not when one journey leg has "
                    "one and another journey leg the other.");
}

// The values of one side in display order (see tables.hpp).
std::vector<std::string> ordered_values(const TableDimension& dim, const std::map<std::string, long long>& totals)
{
    std::vector<std::string> out;
    switch (dim.kind) {
    case record::ValueKind::vocabulary:
        out = dim.values;
        for (const auto& [value, n] : totals) {
            if (std::find(out.begin(), out.end(), value) == out.end()) {
                out.push_back(value); // not in the vocabulary: kept, last
            }
        }
        return out;
    case record::ValueKind::year: {
        if (totals.empty()) {
            return out;
        }
        long long first = std::stoll(totals.begin()->first), last = first;
        for (const auto& [value, n] : totals) {
            first = std::min(first, std::stoll(value));
            last = std::max(last, std::stoll(value));
        }
        for (long long y = first; y <= last; ++y) {
            out.push_back(std::to_string(y));
        }
        return out;
    }
    case record::ValueKind::country:
    case record::ValueKind::free:
        break;
    }
    for (const auto& [value, n] : totals) {
        out.push_back(value);
    }
    std::stable_sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) {
        return totals.at(a) > totals.at(b);
    });
    return out;
}

Axis axis_of(const TableDimension& dim, Unit unit, const std::map<std::string, long long>& totals)
{
    Axis a;
    a.dim = std::string(dim.name);
    a.multi = multi_at(dim, unit);
    a.country = dim.kind == record::ValueKind::country;
    a.labels = ordered_values(dim, totals);
    return a;
}

long long lookup(const std::map<std::string, long long>& m, const std::string& key)
{
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

} // namespace

CaseCounts assemble_counts(const TableSpec& spec, const TableDimension& rows, const TableDimension* cols, const Tally& tally)
{
    CaseCounts out;
    const Unit unit = spec.unit;
    Axis col_axis = cols != nullptr ? axis_of(*cols, unit, tally.col_totals) : Axis{};
    CrossTable& t = out.table = CrossTable::zeros(axis_of(rows, unit, tally.row_totals), col_axis);
    for (std::size_t r = 0; r < t.rows.labels.size(); ++r) {
        const std::string& rv = t.rows.labels[r];
        t.row_totals[r] = lookup(tally.row_totals, rv);
        for (std::size_t c = 0; c < t.cols.labels.size(); ++c) {
            if (cols == nullptr) {
                t.counts[r][c] = t.row_totals[r];
            } else {
                auto it = tally.cells.find({rv, t.cols.labels[c]});
                t.counts[r][c] = it == tally.cells.end() ? 0 : it->second;
            }
        }
    }
    for (std::size_t c = 0; c < t.cols.labels.size(); ++c) {
        t.col_totals[c] = cols == nullptr ? tally.total : lookup(tally.col_totals, t.cols.labels[c]);
    }
    t.total = tally.total;
    t.unit = unit;
    t.cases = tally.cases;

    auto& notes = out.notes;
    if (!spec.where_text.empty()) {
        std::string conditions;
        for (const std::string& w : spec.where_text) {
            // TRANSLATORS: joins the --where conditions of a table's note ("origin=SLV and sex=female").
            conditions += (conditions.empty() ? "" : tr(" and ")) + w;
        }
        notes.push_back(say("Only cases where {}.", conditions));
    }
    auto missing_note = [&](const TableDimension& dim, long long n) {
        if (n == 0) {
            return;
        }
        notes.push_back(missing_values_note(unit, n, dimension_label(dim.name), multi_at(dim, unit)));
    };
    missing_note(rows, tally.rows_missing);
    if (cols != nullptr) {
        missing_note(*cols, tally.cols_missing);
    }
    auto multi_note = [&](const TableDimension& dim, bool on_rows) {
        if (multi_at(dim, unit)) {
            notes.push_back(multi_valued_note(unit, dimension_label(dim.name), on_rows));
        }
    };
    multi_note(rows, true);
    if (cols != nullptr) {
        multi_note(*cols, false);
    }
    // What a cell of two sub-record dimensions counts (units.hpp).
    if (cols != nullptr && unit == Unit::cases && rows.level != Level::case_record &&
        cols->level != Level::case_record) {
        if (rows.level == cols->level) {
            notes.push_back(same_level_note(rows.level));
        } else {
            notes.push_back(say("A case counts in a cell when it has both values, the {} in {} and the {} in {}: the "
                                "record does not link {} to {}.",
                                dimension_label(rows.name), level_with_article(rows.level), dimension_label(cols->name),
                                level_with_article(cols->level), its_level(rows.level), its_level(cols->level)));
        }
    }
    if (tally.drafts > 0) {
        notes.push_back(fmt::format(fmt::runtime(tr_plural("Includes {} draft case (not yet complete); --where "
                                                           "status!=draft leaves them out.",
                                                           "Includes {} draft cases (not yet complete); --where "
                                                           "status!=draft leaves them out.",
                                                           static_cast<unsigned long>(tally.drafts))),
                                    tally.drafts));
    }
    if (tally.rejected > 0) {
        notes.push_back(fmt::format(fmt::runtime(tr_plural("Includes {} case rejected in review, as the --where "
                                                           "condition on status asks for them.",
                                                           "Includes {} cases rejected in review, as the --where "
                                                           "condition on status asks for them.",
                                                           static_cast<unsigned long>(tally.rejected))),
                                    tally.rejected));
    }
    return out;
}

// The counts with a note on the cases consent or review left out (consent.hpp).
CaseCounts with_left_out(CaseCounts counts, const record::LeftOutCounts& left)
{
    if (left.total() > 0) {
        counts.notes.push_back(left.note());
    }
    return counts;
}

} // namespace casebook::analysis
