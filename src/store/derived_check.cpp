// For verify: the stored derived columns of every case, read in one scan,
// and whether they are those of its document, or those its version's
// derived hash was made of.
#include "store/store_impl.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "record/dims.hpp"
#include "store/database_error.hpp"

namespace casebook {

namespace {

// A column as verify compares it: its text (integers as SQLite prints them), or nullopt for NULL.
std::optional<std::string> stored_text(const SQLite::Column& value)
{
    return value.isNull() ? std::nullopt : std::optional<std::string>(value.getString());
}

// Whether the two copies of the single-valued columns (cases, case_dims) agree with each other.
bool copies_agree(const StoredDerived& stored)
{
    return stored.has_dims && stored.deleted_agree && stored.dims.size() >= stored.cases.size() &&
           std::equal(stored.cases.begin(), stored.cases.end(), stored.dims.begin());
}

} // namespace

void for_each_case_check_row(const Store& store, CheckDocs docs, const std::function<void(CaseCheckRow&&)>& visit,
                             const std::function<void(const std::string&)>& orphan)
{
    Store::Impl& impl = *store.impl_;
    const std::vector<std::string>& singles = Store::Impl::derived_columns();
    std::vector<std::string> multis;
    for (const Dimension& d : dimensions()) {
        if (d.arity == Arity::multi) {
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
                                        "c.deleted IS d.deleted, h.derived, h.purged_by IS NULL FROM cases c "
                                        "LEFT JOIN case_dims d ON d.id = c.id "
                                        "LEFT JOIN history h ON h.rev = c.version ORDER BY c.id",
                                        columns);
    guarded(impl.path, [&] {
        SQLite::Statement st(impl.db, sql);
        // case_values in its own key order (case_id, dim, value), merged with the cases by id.
        SQLite::Statement values(impl.db, "SELECT case_id, dim, value FROM case_values ORDER BY case_id, dim, value");
        bool more_values = values.executeStep();
        std::string last_orphan;
        auto skip_orphans_before = [&](const std::string* id) {
            while (more_values) {
                const char* text = values.getColumn(0).getText();
                if (id != nullptr && id->compare(text) <= 0) {
                    return;
                }
                if (last_orphan != text) {
                    last_orphan = text;
                    orphan(last_orphan);
                }
                more_values = values.executeStep();
            }
        };
        const int n_singles = static_cast<int>(singles.size());
        const int n_multis = static_cast<int>(multis.size());
        while (st.executeStep()) {
            CaseCheckRow c;
            c.row = {st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getInt() != 0,
                     st.getColumn(3).getInt64(), st.getColumn(4).getInt64()};
            int at = 6;
            c.stored.cases.reserve(singles.size());
            for (int i = 0; i < n_singles; ++i) {
                c.stored.cases.push_back(stored_text(st.getColumn(at++)));
            }
            c.stored.has_dims = st.getColumn(at++).getInt() != 0;
            c.stored.dims.reserve(singles.size() + multis.size());
            for (int i = 0; i < n_singles + n_multis; ++i) {
                c.stored.dims.push_back(stored_text(st.getColumn(at++)));
            }
            c.stored.deleted_agree = st.getColumn(at).getInt() != 0;
            // The version's derived hash, unless a purge changed its document since.
            if (st.getColumn(at + 2).getInt() != 0) {
                c.derived = column_text(st, at + 1);
                if (custody::derived_version(c.derived) != Store::Impl::derivation_version) {
                    c.derived.clear();
                }
            }
            c.has_doc = !st.getColumn(5).isNull();
            if (c.has_doc && (docs == CheckDocs::all || c.derived.empty())) {
                const SQLite::Column doc = st.getColumn(5);
                c.doc_text.emplace(doc.getText(), static_cast<std::size_t>(doc.getBytes()));
            }
            skip_orphans_before(&c.row.id);
            while (more_values && c.row.id == values.getColumn(0).getText()) {
                c.stored.values.emplace_back(values.getColumn(1).getString(), values.getColumn(2).getString());
                more_values = values.executeStep();
            }
            visit(std::move(c));
        }
        skip_orphans_before(nullptr);
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
           custody::derived_hash(Store::Impl::derivation_version, stored.dims, stored.values) == derived;
}

} // namespace casebook
