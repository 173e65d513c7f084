#include "analysis/tables.hpp"

#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "analysis/left_out.hpp"
#include "analysis/reader.hpp"
#include "analysis/table_labels.hpp"
#include "analysis/table_tally.hpp"
#include "record/consent.hpp"
#include "record/derive.hpp"
#include "record/dims.hpp"
#include "util/i18n.hpp"
#include "util/suggest.hpp"

namespace casebook::analysis {

namespace {

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

// One side of a table (rows or columns) as the scan sees it: the values of each
// distinct stored text, decoded once and numbered.
class Side {
public:
    explicit Side(const record::Dimension* dim) : dim_(dim) {}

    const record::Dimension* dimension() const { return dim_; }
    bool multi() const { return dim_ != nullptr && dim_->arity == record::Arity::multi; }

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
            } else if (!record::decode_values(text, [&](std::string_view v) { numbers.push_back(number(v)); })) {
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

    const record::Dimension* dim_;
    std::string key_;
    std::unordered_map<std::string, std::vector<int>> seen_;
    std::unordered_map<std::string, int> numbers_;
    std::vector<std::string> names_;
};

} // namespace

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
        : spec_(spec), rows_(std::move(rows)), cols_(std::move(cols)), status_asked_(record::asks_for_status(spec.where))
    {
    }

    void add(const Json& record)
    {
        record::Derived derived = record::derive(record);
        if (!record::matches(spec_.where, record, derived)) {
            return;
        }
        if (auto why = record::left_out(record::Output::counts, record, status_asked_)) {
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
        return with_left_out(assemble_counts(spec_, rows_, cols_ ? &*cols_ : nullptr, tally_), left_);
    }

private:
    static std::string text_of_status(const Json& record)
    {
        const Json* st = record.is_object() && record.contains("status") ? &record.at("status") : nullptr;
        return st != nullptr && st->is_string() ? st->get<std::string>() : "draft";
    }

    // The values of a dimension for one counted unit: the case's own, the
    // union over its sub-records (counting cases), or the sub-record's own.
    std::vector<std::string> values(const TableDimension& dim, const Json& record, const record::Derived& derived,
                                    const Json* part) const
    {
        if (part == nullptr || dim.level == Level::case_record) {
            return case_values_of(dim, record, derived);
        }
        auto v = dim.part(*part);
        return v ? std::vector<std::string>{std::move(*v)} : std::vector<std::string>{};
    }

    // Counts one unit (a case, or one of its sub-records); false when it is left out.
    bool count_unit(const Json& record, const record::Derived& derived, const Json* part)
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
    record::LeftOutCounts left_;
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

CaseCounts count_cases(const store::DatabaseFile& db_file, const TableSpec& spec)
{
    check_table_dimensions(spec);
    const TableDimension rows = dimension_named(spec.rows, "--rows");
    const std::optional<TableDimension> cols =
        spec.cols.empty() ? std::nullopt : std::optional<TableDimension>(dimension_named(spec.cols, "--cols"));
    if (needs_documents(spec, rows, cols ? &*cols : nullptr)) {
        store::Store store = store::Store::open(db_file.path, store::Access::read, db_file.settings);
        RecordCounter counter(spec, rows, cols);
        store.for_each_case([&](const store::StoredCase& c) {
            counter.add(c.doc);
            return true;
        });
        return counter.finish();
    }
    SQLite::Database db = reading::open_reader(db_file);
    const record::SqlFilter where = record::compile_where(spec.where, "c");
    const record::Dimension& row_column = *rows.column;
    const record::Dimension* col_column = cols ? cols->column : nullptr;

    // One scan of case_dims (narrow: no documents), counted here: SQLite's
    // GROUP BY would sort every row first, and a multi-valued side would need
    // a join per value. Single-valued sides without a value leave the case out
    // of the table (counted as missing); a multi-valued side without a value
    // keeps it in the totals (and counts it as missing).
    return reading::guarded(db_file.path, [&] {
        SQLite::Statement st(db, fmt::format("SELECT c.{}, {}, c.status = 'draft', c.status = 'rejected' FROM case_dims c "
                                             "WHERE c.deleted = 0 AND {} AND ({})",
                                             row_column.name,
                                             col_column == nullptr ? std::string("NULL") : "c." + std::string(col_column->name),
                                             record::counted_sql("c", record::asks_for_status(spec.where)), where.sql));
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
        return with_left_out(assemble_counts(spec, rows, cols ? &*cols : nullptr, tally), count_left_out(db_file, spec.where));
    });
}

std::vector<CaseCounts> count_by(const store::DatabaseFile& db_file, const TableSpec& spec, const std::string& by)
{
    const record::Dimension* d = record::find_dimension(by);
    if (d == nullptr) {
        std::vector<std::string> names;
        for (const record::Dimension& dim : record::dimensions()) {
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
    const CaseCounts values = count_cases(db_file, values_spec);
    std::vector<CaseCounts> out;
    for (std::size_t r = 0; r < values.table.rows.labels.size(); ++r) {
        if (values.table.row_totals[r] == 0) {
            continue;
        }
        const std::string& value = values.table.rows.labels[r];
        TableSpec slice = spec;
        slice.where.push_back(record::Condition{d, record::WhereOp::any_of, {value}});
        CaseCounts counts = count_cases(db_file, slice);
        counts.table.slice_dim = by;
        counts.table.slice_value = value;
        if (d->arity == record::Arity::multi) {
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
} // namespace casebook::analysis
