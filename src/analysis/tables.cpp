#include "util/i18n.hpp"
#include "analysis/tables.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "analysis/left_out.hpp"
#include "record/consent.hpp"
#include "util/countries.hpp"
#include "record/derive.hpp"
#include "record/dims.hpp"
#include "util/suggest.hpp"
#include "analysis/reader.hpp"

namespace casebook {

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

const std::vector<TablePreset> presets = {
    {"outcomes",   "origin",        "outcome",   N_("post-return outcomes by country of origin")},
    {"flags",      "origin",        "flag",      N_("signs of refoulement by country of origin")},
    {"harms",      "origin",        "harm",      N_("harms after return by country of origin")},
    {"mechanisms", "returned_from", "mechanism", N_("return mechanisms by the country that returned people")},
    {"timeline",   "return_year",   "outcome",   N_("post-return outcomes by year of return")},
};
// clang-format on

TableDimension dimension_named(std::string_view name, std::string_view option)
{
    if (auto d = find_table_dimension(name)) {
        return *d;
    }
    std::vector<std::string> names = table_dimension_names();
    auto close = closest_first(std::string(name), names);
    std::string all;
    for (const std::string& n : names) {
        all += (all.empty() ? "" : ", ") + n;
    }
    throw Error(Exit::usage, say("{} \"{}\": unknown dimension; did you mean \"{}\"? dimensions: {}", option,
                                         name, close.empty() ? "" : close.front(), all));
}

// Whether a unit can have several values of a dimension: a case's own
// multi-valued ones, and under --count cases any sub-record dimension (a case
// has several harms); a sub-record counted by itself has one value at most.
bool multi_at(const TableDimension& d, Unit unit)
{
    if (d.level == Level::case_record) {
        return d.case_dim->arity == Arity::multi;
    }
    return unit == Unit::cases;
}

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

// The counts before they are laid out as a table.
struct Tally {
    std::map<std::pair<std::string, std::string>, long long> cells;
    std::map<std::string, long long> row_totals, col_totals;
    long long total = 0;
    long long cases = 0;  // cases with at least one counted unit
    long long drafts = 0;
    long long rejected = 0; // counted because a --where condition on status asked for them
    long long rows_missing = 0; // cases without a row value (left out, or in totals only when multi-valued)
    long long cols_missing = 0;
};

// The values of one side in display order (see tables.hpp).
std::vector<std::string> ordered_values(const TableDimension& dim, const std::map<std::string, long long>& totals)
{
    std::vector<std::string> out;
    switch (dim.kind) {
    case ValueKind::vocabulary:
        out = dim.values;
        for (const auto& [value, n] : totals) {
            if (std::find(out.begin(), out.end(), value) == out.end()) {
                out.push_back(value); // not in the vocabulary: kept, last
            }
        }
        return out;
    case ValueKind::year: {
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
    case ValueKind::country:
    case ValueKind::free:
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
    a.country = dim.kind == ValueKind::country;
    a.labels = ordered_values(dim, totals);
    return a;
}

long long lookup(const std::map<std::string, long long>& m, const std::string& key)
{
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

CaseCounts assemble(const TableSpec& spec, const TableDimension& rows, const TableDimension* cols, const Tally& tally)
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
CaseCounts with_left_out(CaseCounts counts, const LeftOutCounts& left)
{
    if (left.total() > 0) {
        counts.notes.push_back(left.note());
    }
    return counts;
}

// One side of a table (rows or columns) as the scan sees it: the values of each
// distinct stored text, decoded once and numbered.
class Side {
public:
    explicit Side(const Dimension* dim) : dim_(dim) {}

    const Dimension* dimension() const { return dim_; }
    bool multi() const { return dim_ != nullptr && dim_->arity == Arity::multi; }

    // The value numbers of a case's column (empty: no value); a table
    // without this side has one pseudo value, numbered 0.
    const std::vector<int>& values(const SQLite::Column& column)
    {
        if (dim_ == nullptr) {
            static const std::vector<int> none{0};
            return none;
        }
        key_.assign(column.isNull() ? "\0" : "\1", 1);
        if (!column.isNull()) {
            key_.append(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
        }
        auto it = seen_.find(key_);
        if (it != seen_.end()) {
            return it->second;
        }
        std::vector<int> numbers;
        if (!column.isNull()) {
            std::string_view text(key_.data() + 1, key_.size() - 1);
            if (!multi()) {
                numbers.push_back(number(text));
            } else if (!decode_values(text, [&](std::string_view v) { numbers.push_back(number(v)); })) {
                throw Error(Exit::io, say("the database's case_dims.{} holds a damaged value: "
                                                  "restore the database from a backup",
                                                  dim_->name));
            }
        }
        return seen_.emplace(key_, std::move(numbers)).first->second;
    }

    const std::string& name(int number) const { return names_[static_cast<std::size_t>(number)]; }
    std::size_t size() const { return dim_ == nullptr ? 1 : names_.size(); }

private:
    int number(std::string_view value)
    {
        auto [it, fresh] = numbers_.try_emplace(std::string(value), static_cast<int>(names_.size()));
        if (fresh) {
            names_.emplace_back(value);
        }
        return it->second;
    }

    const Dimension* dim_;
    std::string key_;
    std::unordered_map<std::string, std::vector<int>> seen_;
    std::unordered_map<std::string, int> numbers_;
    std::vector<std::string> names_;
};

} // namespace

const std::vector<TablePreset>& table_presets() { return presets; }

const TablePreset* find_preset(std::string_view name)
{
    for (const TablePreset& p : presets) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

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

void check_table_dimensions(const TableSpec& spec)
{
    check_unit(spec.unit, dimension_named(spec.rows, "--rows"), "--rows");
    if (!spec.cols.empty()) {
        check_unit(spec.unit, dimension_named(spec.cols, "--cols"), "--cols");
        if (spec.cols == spec.rows) {
            throw Error(Exit::usage, say("--rows and --cols are both \"{}\": choose two dimensions, or leave "
                                                 "out --cols for a one-way table",
                                                 spec.rows));
        }
    }
}

namespace {

// Counts the units of records one record at a time: the reference the scan of
// case_dims is tested against, and the path of tables that pair sub-records
// or count them (case_dims holds no sub-record).
class RecordCounter {
public:
    RecordCounter(const TableSpec& spec, TableDimension rows, std::optional<TableDimension> cols)
        : spec_(spec), rows_(std::move(rows)), cols_(std::move(cols)), status_asked_(asks_for_status(spec.where))
    {
    }

    void add(const Json& record)
    {
        Derived derived = derive(record);
        if (!matches(spec_.where, record, derived)) {
            return;
        }
        if (auto why = left_out(Output::counts, record, status_asked_)) {
            left_.add(*why);
            return;
        }
        bool counted = false;
        if (spec_.unit == Unit::cases) {
            counted = count_unit(record, derived, nullptr);
        } else {
            for (const Json& part : parts_of(record, level_of(spec_.unit))) {
                counted = count_unit(record, derived, &part) || counted;
            }
        }
        if (counted) {
            ++tally_.cases;
            tally_.drafts += text_of_status(record) == "draft" ? 1 : 0;
            tally_.rejected += text_of_status(record) == "rejected" ? 1 : 0;
        }
    }

    CaseCounts finish() const
    {
        return with_left_out(assemble(spec_, rows_, cols_ ? &*cols_ : nullptr, tally_), left_);
    }

private:
    static std::string text_of_status(const Json& record)
    {
        const Json* st = record.is_object() && record.contains("status") ? &record.at("status") : nullptr;
        return st != nullptr && st->is_string() ? st->get<std::string>() : "draft";
    }

    // The values of a dimension for one counted unit: the case's own, the
    // union over its sub-records (counting cases), or the sub-record's own.
    std::vector<std::string> values(const TableDimension& dim, const Json& record, const Derived& derived,
                                    const Json* part) const
    {
        if (part == nullptr || dim.level == Level::case_record) {
            return case_values_of(dim, record, derived);
        }
        auto v = dim.part(*part);
        return v ? std::vector<std::string>{std::move(*v)} : std::vector<std::string>{};
    }

    // Counts one unit (a case, or one of its sub-records); false when it is left out.
    bool count_unit(const Json& record, const Derived& derived, const Json* part)
    {
        const Unit unit = spec_.unit;
        std::vector<std::string> rv = values(rows_, record, derived, part);
        std::vector<std::string> cv = cols_ ? values(*cols_, record, derived, part) : std::vector<std::string>{};
        const bool row_single = !multi_at(rows_, unit), col_single = cols_ && !multi_at(*cols_, unit);
        const bool left = (row_single && rv.empty()) || (col_single && cv.empty());
        if (row_single || !left) {
            tally_.rows_missing += rv.empty() ? 1 : 0;
        }
        if (cols_ && (col_single || !left)) {
            tally_.cols_missing += cv.empty() ? 1 : 0;
        }
        if (left) {
            return false;
        }
        ++tally_.total;
        for (const std::string& r : rv) {
            ++tally_.row_totals[r];
        }
        for (const std::string& c : cv) {
            ++tally_.col_totals[c];
        }
        if (!cols_) {
            return true;
        }
        // Counting cases by two dimensions of the same kind of sub-record, a
        // pair of values counts only when one sub-record has both.
        std::set<std::pair<std::string, std::string>> pairs;
        if (part == nullptr && rows_.level != Level::case_record && rows_.level == cols_->level) {
            for (const Json& p : parts_of(record, rows_.level)) {
                auto r = rows_.part(p), c = cols_->part(p);
                if (r && c) {
                    pairs.emplace(std::move(*r), std::move(*c));
                }
            }
        } else {
            for (const std::string& r : rv) {
                for (const std::string& c : cv) {
                    pairs.emplace(r, c);
                }
            }
        }
        for (const auto& pair : pairs) {
            ++tally_.cells[pair];
        }
        return true;
    }

    const TableSpec& spec_;
    TableDimension rows_;
    std::optional<TableDimension> cols_;
    bool status_asked_;
    Tally tally_;
    LeftOutCounts left_;
};

// Whether a table must read documents: it counts sub-records, pairs values
// of one kind of sub-record, or uses a dimension case_dims does not hold.
bool needs_documents(const TableSpec& spec, const TableDimension& rows, const TableDimension* cols)
{
    if (spec.unit != Unit::cases || rows.column == nullptr || (cols != nullptr && cols->column == nullptr)) {
        return true;
    }
    return cols != nullptr && rows.level != Level::case_record && rows.level == cols->level;
}

} // namespace

CaseCounts count_cases(const std::string& db_path, const TableSpec& spec)
{
    check_table_dimensions(spec);
    const TableDimension rows = dimension_named(spec.rows, "--rows");
    const std::optional<TableDimension> cols =
        spec.cols.empty() ? std::nullopt : std::optional<TableDimension>(dimension_named(spec.cols, "--cols"));
    if (needs_documents(spec, rows, cols ? &*cols : nullptr)) {
        Store store = Store::open(db_path, Access::read);
        RecordCounter counter(spec, rows, cols);
        store.for_each_case([&](const StoredCase& c) {
            counter.add(c.doc);
            return true;
        });
        return counter.finish();
    }
    SQLite::Database db = reading::open_reader(db_path);
    const SqlFilter where = compile_where(spec.where, "c");
    const Dimension& row_column = *rows.column;
    const Dimension* col_column = cols ? cols->column : nullptr;

    // One scan of case_dims (narrow: no documents), counted here: SQLite's
    // GROUP BY would sort every row first, and a multi-valued side would need
    // a join per value. Single-valued sides without a value leave the case out
    // of the table (counted as missing); a multi-valued side without a value
    // keeps it in the totals (and counts it as missing).
    return reading::guarded(db_path, [&] {
        SQLite::Statement st(db, fmt::format("SELECT c.{}, {}, c.status = 'draft', c.status = 'rejected' FROM case_dims c "
                                             "WHERE c.deleted = 0 AND {} AND ({})",
                                             row_column.name,
                                             col_column == nullptr ? std::string("NULL") : "c." + std::string(col_column->name),
                                             counted_sql("c", asks_for_status(spec.where)), where.sql));
        reading::bind_all(st, where.params);
        Side row_side(&row_column), col_side(col_column);
        Tally tally;
        std::vector<long long> row_totals, col_totals;
        std::unordered_map<long long, long long> cells; // row number << 32 | column number
        while (st.executeStep()) {
            const std::vector<int>& r = row_side.values(st.getColumn(0));
            const std::vector<int>& k = col_side.values(st.getColumn(1));
            const bool row_left_out = !row_side.multi() && r.empty();
            const bool col_left_out = col_column != nullptr && !col_side.multi() && k.empty();
            tally.rows_missing += row_left_out ? 1 : 0;
            tally.cols_missing += col_left_out ? 1 : 0;
            if (row_left_out || col_left_out) {
                continue;
            }
            ++tally.total;
            tally.drafts += st.getColumn(2).getInt();
            tally.rejected += st.getColumn(3).getInt();
            tally.rows_missing += r.empty() ? 1 : 0;
            tally.cols_missing += col_column != nullptr && k.empty() ? 1 : 0;
            row_totals.resize(row_side.size());
            col_totals.resize(col_side.size());
            for (int a : r) {
                ++row_totals[static_cast<std::size_t>(a)];
                for (int b : k) {
                    ++cells[(static_cast<long long>(a) << 32) | b];
                }
            }
            for (int b : k) {
                ++col_totals[static_cast<std::size_t>(b)];
            }
        }
        tally.cases = tally.total;
        for (std::size_t a = 0; a < row_totals.size(); ++a) {
            if (row_totals[a] > 0) {
                tally.row_totals[row_side.name(static_cast<int>(a))] = row_totals[a];
            }
        }
        if (col_column != nullptr) {
            for (std::size_t b = 0; b < col_totals.size(); ++b) {
                if (col_totals[b] > 0) {
                    tally.col_totals[col_side.name(static_cast<int>(b))] = col_totals[b];
                }
            }
            for (const auto& [key, n] : cells) {
                tally.cells[{row_side.name(static_cast<int>(key >> 32)), col_side.name(static_cast<int>(key & 0xffffffff))}] = n;
            }
        }
        return with_left_out(assemble(spec, rows, cols ? &*cols : nullptr, tally), count_left_out(db_path, spec.where));
    });
}

std::vector<CaseCounts> count_by(const std::string& db_path, const TableSpec& spec, const std::string& by)
{
    const Dimension* d = find_dimension(by);
    if (d == nullptr) {
        std::vector<std::string> names;
        for (const Dimension& dim : dimensions()) {
            names.emplace_back(dim.name);
        }
        auto close = closest_first(by, names);
        throw Error(Exit::usage, say("--by \"{}\": not a dimension of the case (--by takes what --where "
                                             "takes; did you mean \"{}\"?)",
                                             by, close.empty() ? "" : close.front()));
    }
    if (by == spec.rows || by == spec.cols) {
        throw Error(Exit::usage, say("--by {0}: the table is already by {0}; choose a third dimension", by));
    }
    TableSpec values_spec{by, "", spec.where_text, spec.where};
    const CaseCounts values = count_cases(db_path, values_spec);
    std::vector<CaseCounts> out;
    for (std::size_t r = 0; r < values.table.rows.labels.size(); ++r) {
        if (values.table.row_totals[r] == 0) {
            continue;
        }
        const std::string& value = values.table.rows.labels[r];
        TableSpec slice = spec;
        slice.where.push_back(Condition{d, WhereOp::any_of, {value}});
        CaseCounts counts = count_cases(db_path, slice);
        counts.table.slice_dim = by;
        counts.table.slice_value = value;
        if (d->arity == Arity::multi) {
            counts.notes.push_back(say("A case is in the table of each {} it has.", dimension_label(by)));
        }
        out.push_back(std::move(counts));
    }
    return out;
}

CaseCounts count_records(const std::vector<Json>& records, const TableSpec& spec)
{
    check_table_dimensions(spec);
    RecordCounter counter(spec, dimension_named(spec.rows, "--rows"),
                          spec.cols.empty() ? std::nullopt : std::optional<TableDimension>(dimension_named(spec.cols, "--cols")));
    for (const Json& record : records) {
        counter.add(record);
    }
    return counter.finish();
}

namespace {

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

namespace {

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

// The footnote of a margin whose label had to change, or nothing.
void margin_note(const Axis& axis, bool names, std::string_view which, std::vector<std::string>& notes)
{
    const std::string label = margin_label(axis, names);
    const std::string plain = names ? tr("Total") : "total";
    if (label == plain) {
        return;
    }
    for (const std::string& v : axis.labels) {
        const std::string shown = value_label(axis, v, names);
        if (margin_label(Axis{axis.dim, false, false, {shown}}, names) != plain) {
            const char* f = which == "row" ? tr("The totals row is labelled \"{}\": a {} is named \"{}\".")
                                           : tr("The totals column is labelled \"{}\": a {} is named \"{}\".");
            notes.push_back(fmt::format(fmt::runtime(f), label, dimension_label(axis.dim), shown));
            return;
        }
    }
}

Json cell_json(const Shown& s, const Controls& controls)
{
    Json cell = Json::object();
    if (s.hidden != Hidden::no) {
        cell["count"] = nullptr;
        cell["suppressed"] = true;
        cell["display"] = display_count(s, controls);
        return cell;
    }
    cell["count"] = s.count;
    if (s.percent) {
        cell["percent"] = std::stod(display_percent(*s.percent));
    }
    return cell;
}

} // namespace

Grid table_grid(const PublishedTable& table, const std::vector<std::string>& notes, Format format, Totals totals)
{
    const CrossTable& t = table.source;
    const bool names = shows_country_names(format);
    const bool pct_columns = table.controls.percent != Percent::none && !names;
    const bool pct_inline = table.controls.percent != Percent::none && names;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    const bool show_totals = totals == Totals::shown;
    Grid g;
    g.title = table_title(table);
    g.header.push_back(names ? capitalised(dimension_label(t.rows.dim)) : t.rows.dim);
    g.align.push_back(Align::left);

    // The count columns: each column value, then the row totals (one-way: the single count column).
    std::vector<std::size_t> columns;
    for (std::size_t c = 0; c < cols; ++c) {
        columns.push_back(c);
    }
    if (!t.one_way() && show_totals) {
        columns.push_back(cols);
    }
    for (std::size_t c : columns) {
        std::string head = t.one_way()  ? (names ? capitalised(std::string(unit_name(t.unit))) : std::string(unit_name(t.unit)))
                           : c == cols ? margin_label(t.cols, names)
                                       : value_label(t.cols, t.cols.labels[c], names);
        g.header.push_back(head);
        g.align.push_back(Align::right);
        if (pct_columns) {
            g.header.push_back(head + "_pct");
            g.align.push_back(Align::right);
        }
    }
    auto line = [&](std::string label, std::size_t r) {
        std::vector<std::string> cells{std::move(label)};
        for (std::size_t c : columns) {
            const Shown& s = table.grid[r][c];
            std::string count = display_count(s, table.controls);
            if (pct_inline && s.percent) {
                count += fmt::format(" ({}%)", display_percent(*s.percent));
            }
            cells.push_back(count);
            if (pct_columns) {
                cells.push_back(s.percent ? display_percent(*s.percent) : "");
            }
        }
        g.rows.push_back(std::move(cells));
    };
    for (std::size_t r = 0; r < rows; ++r) {
        line(value_label(t.rows, t.rows.labels[r], names), r);
    }
    if (show_totals) {
        g.totals_from = g.rows.size();
        line(margin_label(t.rows, names), rows);
    }
    g.footnotes = table.footnotes;
    g.footnotes.insert(g.footnotes.end(), notes.begin(), notes.end());
    if (show_totals) {
        margin_note(t.rows, names, "row", g.footnotes);
        if (!t.one_way()) {
            margin_note(t.cols, names, "column", g.footnotes);
        }
    }
    return g;
}

Json table_json(const PublishedTable& table, const std::vector<std::string>& notes, Totals totals)
{
    const CrossTable& t = table.source;
    const Controls& n = table.controls;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    const bool show_totals = totals == Totals::shown;
    Json j = Json::object();
    j["title"] = table_title(table);
    j["unit"] = unit_name(t.unit);
    j["n"] = table.total().hidden == Hidden::no ? Json(table.total().count) : Json(nullptr);
    const std::optional<long long> cases = cases_shown(table);
    j["cases"] = cases ? Json(*cases) : Json(nullptr);
    j["rows"] = t.rows.dim;
    j["cols"] = t.one_way() ? Json(nullptr) : Json(t.cols.dim);
    if (!t.slice_dim.empty()) {
        j["by"] = Json::object({{"dim", t.slice_dim}, {"value", t.slice_value}});
    }
    Json multi = Json::array();
    for (const Axis* a : {&t.rows, &t.cols}) {
        if (a->multi) {
            multi.push_back(a->dim);
        }
    }
    j["multi_valued"] = multi;
    j["row_values"] = t.rows.labels;
    j["col_values"] = t.one_way() ? Json::array() : Json(t.cols.labels);
    auto counts_of = [&](std::size_t r) {
        Json counts = Json::object();
        for (std::size_t c = 0; c < cols && !t.one_way(); ++c) {
            counts[t.cols.labels[c]] = cell_json(table.grid[r][c], n);
        }
        return counts;
    };
    Json data = Json::array();
    for (std::size_t r = 0; r < rows; ++r) {
        Json row = Json::object();
        row[t.rows.dim] = t.rows.labels[r];
        if (!t.one_way()) {
            row["counts"] = counts_of(r);
        }
        if (show_totals || t.one_way()) {
            row["total"] = cell_json(table.grid[r][cols], n);
        }
        data.push_back(std::move(row));
    }
    j["data"] = std::move(data);
    if (show_totals) {
        Json sums = Json::object();
        if (!t.one_way()) {
            sums["counts"] = counts_of(rows);
        }
        sums["total"] = cell_json(table.grid[rows][cols], n);
        j["totals"] = std::move(sums);
    }
    const Controls& c = table.controls;
    Json controls = Json::object();
    controls["percent"] = c.percent == Percent::none ? Json(nullptr)
                          : c.percent == Percent::row ? Json("row")
                          : c.percent == Percent::col ? Json("col")
                                                      : Json("total");
    controls["suppress"] = c.suppress > 1 ? Json(c.suppress) : Json(nullptr);
    controls["round"] = c.round > 1 ? Json(c.round) : Json(nullptr);
    j["controls"] = std::move(controls);
    Json all_notes = table.footnotes;
    for (const std::string& note : notes) {
        all_notes.push_back(note);
    }
    j["notes"] = std::move(all_notes);
    j["cells"] = table_cells_json(table);
    return j;
}

namespace {

// The hidden numbers of a table in grid order, with the labels of their row and column.
struct AuditLine {
    std::string row, col;
    const Shown* shown;
};

std::vector<AuditLine> audit_lines(const PublishedTable& table, bool names)
{
    const CrossTable& t = table.source;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    std::vector<AuditLine> out;
    for (std::size_t r = 0; r <= rows; ++r) {
        // A one-way table's count column and its total column are the same numbers.
        for (std::size_t c = 0; c < (t.one_way() ? 1 : cols + 1); ++c) {
            const Shown& s = table.grid[r][c];
            if (s.hidden == Hidden::no) {
                continue;
            }
            std::string row = r == rows ? margin_label(t.rows, false) : value_label(t.rows, t.rows.labels[r], names);
            std::string col = t.one_way() ? "" : c == cols ? margin_label(t.cols, false) : value_label(t.cols, t.cols.labels[c], names);
            out.push_back({row, col, &s});
        }
    }
    return out;
}

std::string number_text(double v)
{
    return fmt::format("{}", static_cast<long long>(std::llround(v)));
}

} // namespace

void write_table_notes(const std::string& path, const std::string& text)
{
    int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && ::fchmod(fd, 0600) == 0;
    std::size_t done = 0;
    while (ok && done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        ok = n > 0;
        done += ok ? static_cast<std::size_t>(n) : 0;
    }
    int error = ok ? 0 : errno;
    if (fd >= 0 && ::close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        throw Error(Exit::io, say("cannot write the notes to {}: {}", path, std::strerror(error)));
    }
}

namespace {

// One number of a table in long form (long_grid, and table_json's "cells").
struct LongCell {
    std::string row, col;          // empty for a margin
    std::optional<long long> count; // none when hidden
    std::string shown;              // as the table prints it
    std::string suppressed;         // primary, complementary or empty
    std::optional<double> percent;
};

std::vector<LongCell> long_cells(const PublishedTable& table)
{
    const CrossTable& t = table.source;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    std::vector<LongCell> out;
    for (std::size_t r = 0; r <= rows; ++r) {
        for (std::size_t c = 0; c < (t.one_way() ? 1 : cols + 1); ++c) {
            const Shown& s = table.grid[r][c];
            out.push_back({r == rows ? "" : t.rows.labels[r], t.one_way() || c == cols ? "" : t.cols.labels[c],
                           s.hidden == Hidden::no ? std::optional<long long>(s.count) : std::nullopt,
                           display_count(s, table.controls),
                           s.hidden == Hidden::primary ? "primary" : s.hidden == Hidden::secondary ? "complementary" : "",
                           s.percent ? std::optional<double>(std::stod(display_percent(*s.percent))) : std::nullopt});
        }
    }
    return out;
}

} // namespace

Grid long_grid(const PublishedTable& table)
{
    Grid g;
    g.header = {"row", "col", "count", "shown", "suppressed", "percent"};
    for (const LongCell& cell : long_cells(table)) {
        g.rows.push_back({cell.row, cell.col, cell.count ? std::to_string(*cell.count) : "", cell.shown,
                          cell.suppressed, cell.percent ? display_percent(*cell.percent) : ""});
    }
    return g;
}

Grid long_grid_by(const std::vector<PublishedTable>& slices)
{
    Grid g;
    for (const PublishedTable& table : slices) {
        Grid one = long_grid(table);
        if (g.header.empty()) {
            g.header = one.header;
            g.header.insert(g.header.begin(), table.source.slice_dim);
        }
        for (std::vector<std::string>& row : one.rows) {
            row.insert(row.begin(), table.source.slice_value);
            g.rows.push_back(std::move(row));
        }
    }
    return g;
}

Json table_cells_json(const PublishedTable& table)
{
    Json cells = Json::array();
    for (const LongCell& cell : long_cells(table)) {
        Json j = Json::object();
        j["row"] = cell.row.empty() ? Json(nullptr) : Json(cell.row);
        j["col"] = cell.col.empty() ? Json(nullptr) : Json(cell.col);
        j["count"] = cell.count ? Json(*cell.count) : Json(nullptr);
        j["shown"] = cell.shown;
        j["suppressed"] = cell.suppressed.empty() ? Json(nullptr) : Json(cell.suppressed);
        j["percent"] = cell.percent ? Json(*cell.percent) : Json(nullptr);
        cells.push_back(std::move(j));
    }
    return cells;
}

Grid audit_grid(const PublishedTable& table, Format format)
{
    const CrossTable& t = table.source;
    const bool names = shows_country_names(format);
    Grid g;
    g.title = "Audit of " + table_title(table);
    g.header = {names ? capitalised(dimension_label(t.rows.dim)) : t.rows.dim};
    if (!t.one_way()) {
        g.header.push_back(names ? capitalised(dimension_label(t.cols.dim)) : t.cols.dim);
    }
    for (const char* h : {"shown", "lower", "upper", "width", "required", "protected"}) {
        g.header.emplace_back(h);
    }
    g.align.assign(g.header.size(), Align::right);
    g.align[0] = Align::left;
    if (!t.one_way()) {
        g.align[1] = Align::left;
    }
    for (const AuditLine& line : audit_lines(table, names)) {
        const Interval& in = line.shown->interval;
        std::vector<std::string> cells{line.row};
        if (!t.one_way()) {
            cells.push_back(line.col);
        }
        cells.push_back(display_count(*line.shown, table.controls));
        cells.push_back(number_text(in.lower));
        cells.push_back(in.upper ? number_text(*in.upper) : (names ? "unbounded" : ""));
        cells.push_back(in.upper ? number_text(*in.upper - in.lower) : (names ? "unbounded" : ""));
        cells.push_back(number_text(in.required));
        cells.push_back(in.protected_ ? "yes" : "no");
        g.rows.push_back(std::move(cells));
    }
    g.footnotes.push_back(fmt::format(
        "Each range is the least and the greatest value of a hidden number in a linear program (GLPK) over every "
        "number shown, the totals, the relations that hold between them and what the marks say; an empty upper "
        "bound is unbounded. Required: {}.",
        table.controls.mark == HiddenMark::alike
            ? fmt::format("a hidden count below {0} spans at least {0}; any other hidden number is not a single value",
                          table.controls.suppress)
            : fmt::format("a <{0} spans all of what <{0} says; an x is not a single value", table.controls.suppress)));
    return g;
}

Json audit_json(const PublishedTable& table)
{
    Json j = Json::object();
    j["title"] = "Audit of " + table_title(table);
    Json hidden = Json::array();
    for (const AuditLine& line : audit_lines(table, false)) {
        const Interval& in = line.shown->interval;
        Json h = Json::object();
        h["row"] = line.row;
        h["col"] = table.source.one_way() ? Json(nullptr) : Json(line.col);
        h["display"] = display_count(*line.shown, table.controls);
        h["lower"] = std::llround(in.lower);
        h["upper"] = in.upper ? Json(std::llround(*in.upper)) : Json(nullptr);
        h["required"] = std::llround(in.required);
        h["protected"] = in.protected_;
        hidden.push_back(std::move(h));
    }
    j["hidden"] = std::move(hidden);
    return j;
}

} // namespace casebook
