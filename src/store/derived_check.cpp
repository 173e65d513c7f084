// For verify: the stored derived columns of every case, read in one scan,
// and whether they are those of its document, or those its version's
// derived hash was made of.
#include "store/store_impl.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <sqlite3.h>

#include "record/dims.hpp"
#include "store/database_error.hpp"

namespace casebook::store {

namespace {

// A column as verify compares it: its text (integers as SQLite prints them), or nullopt for NULL.
std::optional<std::string> stored_text(const SQLite::Column& value)
{
    return value.isNull() ? std::nullopt : std::optional<std::string>(value.getString());
}

// A statement whose rows are in the order of their first column, a case id,
// walked beside the cases (in id order): the ids it holds that cases has
// none of are reported, each once.
class OrderedIds {
public:
    OrderedIds(SQLite::Statement& st, Orphaned table, const std::function<void(Orphaned, const std::string&)>& orphan)
        : st_(st), table_(table), orphan_(orphan), more_(st.executeStep())
    {
    }
    // Whether the current row is of case id.
    bool at(const std::string& id) const { return more_ && here() == id; }
    void next() { more_ = st_.executeStep(); }
    // Reports and passes the rows before case id (all of them when id is null).
    void skip_before(const std::string* id)
    {
        while (more_) {
            const std::string_view id_here = here();
            if (id != nullptr && *id <= id_here) {
                return;
            }
            if (id_here != last_orphan_) {
                last_orphan_ = id_here;
                orphan_(table_, last_orphan_);
            }
            next();
        }
    }

private:
    // The current row's id, with its length (valid until the next step).
    std::string_view here() const
    {
        const SQLite::Column id = st_.getColumn(0);
        const char* bytes = static_cast<const char*>(id.getBlob());
        return {bytes, static_cast<std::size_t>(id.getBytes())};
    }

    SQLite::Statement& st_;
    Orphaned table_;
    const std::function<void(Orphaned, const std::string&)>& orphan_;
    bool more_;
    std::string last_orphan_;
};

// Whether the two copies of the single-valued columns (cases, case_dims) agree with each other.
bool copies_agree(const StoredDerived& stored)
{
    return stored.has_dims && stored.deleted_agree && stored.dims.size() >= stored.cases.size() &&
           std::equal(stored.cases.begin(), stored.cases.end(), stored.dims.begin());
}

// The storage type casebook writes in each derived column of cases and
// case_dims (besides NULL): an integer for a year, text for the rest. SQL
// compares a value of another type otherwise than its text says (deleted = 0
// is false for 'no' and 0.5, status = 'rejected' for a BLOB of the same
// bytes), so tables and queries would not count the case as its document says.
class StorageTypes {
public:
    StorageTypes(const std::vector<std::string>& singles, const std::vector<std::string>& multis)
        : singles_(singles), multis_(multis)
    {
        const auto& dims = record::dimensions();
        auto type_of = [&](const std::string& column) {
            const bool year = std::any_of(dims.begin(), dims.end(), [&](const record::Dimension& d) {
                return d.name == column && d.kind == record::ValueKind::year;
            });
            return year ? SQLITE_INTEGER : SQLITE_TEXT;
        };
        for (const std::string& name : singles) {
            types_.push_back(type_of(name));
        }
        for (const std::string& name : multis) {
            types_.push_back(type_of(name));
        }
    }

    // The first column of a table's row (from column first of st: deleted,
    // then the singles, then with_multis the multis) holding a value of
    // another type, as "table.column"; empty when none.
    std::string first_wrong(SQLite::Statement& st, int deleted, int first, bool with_multis, std::string_view table) const
    {
        const SQLite::Column flag = st.getColumn(deleted);
        if (flag.getType() != SQLITE_INTEGER || (flag.getInt64() != 0 && flag.getInt64() != 1)) {
            return fmt::format("{}.deleted", table);
        }
        const std::size_t n = singles_.size() + (with_multis ? multis_.size() : 0);
        for (std::size_t i = 0; i < n; ++i) {
            const int type = st.getColumn(first + static_cast<int>(i)).getType();
            if (type != SQLITE_NULL && type != types_[i]) {
                return fmt::format("{}.{}", table, i < singles_.size() ? singles_[i] : multis_[i - singles_.size()]);
            }
        }
        return {};
    }

private:
    const std::vector<std::string>& singles_;
    const std::vector<std::string>& multis_;
    std::vector<int> types_; // of the singles, then of the multis
};

} // namespace

void for_each_case_check_row(const Store& store, CheckDocs docs, const std::function<void(CaseCheckRow&&)>& visit,
                             const std::function<void(Orphaned, const std::string&)>& orphan)
{
    Store::Impl& impl = *store.impl_;
    const std::vector<std::string>& singles = Store::Impl::derived_columns();
    std::vector<std::string> multis;
    for (const record::Dimension& d : record::dimensions()) {
        if (d.arity == record::Arity::multi) {
            multis.emplace_back(d.name);
        }
    }
    std::string columns;
    for (const std::string& c : singles) {
        columns += ", c." + c;
    }
    columns += ", d.id IS NOT NULL";
    for (const std::string& c : singles) {
        columns += ", d." + c;
    }
    for (const std::string& c : multis) {
        columns += ", d." + c;
    }
    const std::string sql = fmt::format("SELECT c.id, c.revision, c.deleted, c.version, c.head, h.doc{}, "
                                        "c.deleted IS d.deleted, h.derived, h.purged_by IS NULL, d.deleted, "
                                        "c.created_at IS (SELECT f.at FROM history f WHERE f.case_id = c.id "
                                        "ORDER BY f.revision LIMIT 1), "
                                        "c.updated_at IS (SELECT l.at FROM history l WHERE l.rev = c.head) FROM cases c "
                                        "LEFT JOIN case_dims d ON d.id = c.id "
                                        "LEFT JOIN history h ON h.rev = c.version ORDER BY c.id",
                                        columns);
    const StorageTypes types(singles, multis);
    guarded(impl.path, [&] {
        SQLite::Statement st(impl.db, sql);
        // case_values in its own key order (case_id, dim, value), and the ids
        // of case_dims in theirs, each merged with the cases by id. Ids are
        // read with their length: one with a NUL in it is another id.
        SQLite::Statement values(impl.db, "SELECT case_id, dim, value, CASE WHEN typeof(dim) <> 'text' THEN "
                                          "'case_values.dim' WHEN typeof(value) <> 'text' THEN 'case_values.value' ELSE '' "
                                          "END FROM case_values ORDER BY case_id, dim, value");
        SQLite::Statement dims(impl.db, "SELECT id FROM case_dims ORDER BY id");
        OrderedIds value_ids{values, Orphaned::values, orphan};
        OrderedIds dims_ids{dims, Orphaned::dims, orphan};
        const int n_singles = static_cast<int>(singles.size());
        const int n_multis = static_cast<int>(multis.size());
        while (st.executeStep()) {
            CaseCheckRow c;
            c.row = {st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getInt() != 0,
                     st.getColumn(3).getInt64(), st.getColumn(4).getInt64()};
            const int cases_at = 6;
            int at = cases_at;
            c.stored.cases.reserve(singles.size());
            for (int i = 0; i < n_singles; ++i) {
                c.stored.cases.push_back(stored_text(st.getColumn(at++)));
            }
            c.stored.has_dims = st.getColumn(at++).getInt() != 0;
            const int dims_at = at;
            c.stored.dims.reserve(singles.size() + multis.size());
            for (int i = 0; i < n_singles + n_multis; ++i) {
                c.stored.dims.push_back(stored_text(st.getColumn(at++)));
            }
            c.stored.deleted_agree = st.getColumn(at).getInt() != 0;
            // The version's derived hash, unless a purge changed its document since.
            if (st.getColumn(at + 2).getInt() != 0) {
                c.derived = column_text(st, at + 1);
                if (crypto::custody::derived_version(c.derived) != Store::Impl::derivation_version) {
                    c.derived.clear();
                }
            }
            c.wrong_type = types.first_wrong(st, 2, cases_at, false, "cases");
            if (c.wrong_type.empty() && c.stored.has_dims) {
                c.wrong_type = types.first_wrong(st, at + 3, dims_at, true, "case_dims");
            }
            // The times of rows the walk checks against their hashes.
            c.created_at_agrees = st.getColumn(at + 4).getInt() != 0;
            c.updated_at_agrees = st.getColumn(at + 5).getInt() != 0;
            c.has_doc = !st.getColumn(5).isNull();
            if (c.has_doc && (docs == CheckDocs::all || c.derived.empty())) {
                const SQLite::Column doc = st.getColumn(5);
                c.doc_text.emplace(doc.getText(), static_cast<std::size_t>(doc.getBytes()));
            }
            dims_ids.skip_before(&c.row.id);
            if (dims_ids.at(c.row.id)) {
                dims_ids.next();
            }
            value_ids.skip_before(&c.row.id);
            while (value_ids.at(c.row.id)) {
                c.stored.values.emplace_back(values.getColumn(1).getString(), values.getColumn(2).getString());
                if (c.wrong_type.empty()) {
                    c.wrong_type = values.getColumn(3).getString();
                }
                value_ids.next();
            }
            visit(std::move(c));
        }
        value_ids.skip_before(nullptr);
        dims_ids.skip_before(nullptr);
    });
}

bool derived_agree(const StoredDerived& stored, const Json& doc)
{
    Store::Impl::DerivedRow row;
    try {
        row = Store::Impl::derived_row(doc);
    } catch (const std::exception&) {
        return false;
    }
    const Store::Impl::StoredForm want = Store::Impl::stored_form(row);
    return copies_agree(stored) && stored.dims == want.columns && stored.values == want.values;
}

bool derived_match(const StoredDerived& stored, std::string_view derived)
{
    return copies_agree(stored) &&
           crypto::custody::derived_hash(Store::Impl::derivation_version, stored.dims, stored.values) == derived;
}

bool derived_hash_fits(const Json& doc, std::string_view derived)
{
    if (crypto::custody::derived_version(derived) != Store::Impl::derivation_version) {
        return true;
    }
    try {
        return Store::Impl::derived_hash(Store::Impl::derived_row(doc)) == derived;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace casebook::store
