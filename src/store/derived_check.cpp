// For verify: the stored derived columns of every case, read in one scan,
// and whether they are those of its document.
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

// What a document's derived columns should be, in StoredDerived's order.
struct ExpectedDerived {
    std::vector<std::optional<std::string>> singles; // Store's derived columns
    std::vector<std::string> multis;                 // each multi-valued dimension, encoded as case_dims holds it
    std::vector<std::pair<std::string, std::string>> values;
};

} // namespace

void for_each_case_check_row(const Store& store, const std::function<void(CaseCheckRow&&)>& visit,
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
                                        "c.deleted IS d.deleted FROM cases c LEFT JOIN case_dims d ON d.id = c.id "
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
            if (!st.getColumn(5).isNull()) {
                const SQLite::Column doc = st.getColumn(5);
                c.doc_text.emplace(doc.getText(), static_cast<std::size_t>(doc.getBytes()));
            }
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
    ExpectedDerived want;
    const auto& dims = dimensions();
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i].arity == Arity::single) {
            want.singles.push_back(row.values[i].empty() ? std::nullopt : std::optional<std::string>(row.values[i].front()));
        }
    }
    want.singles.push_back(row.return_date);
    want.singles.emplace_back(row.flags);
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i].arity == Arity::multi) {
            want.multis.push_back(encode_values(row.values[i]));
            for (const std::string& v : row.values[i]) {
                want.values.emplace_back(dims[i].name, v);
            }
        }
    }
    std::sort(want.values.begin(), want.values.end());
    want.values.erase(std::unique(want.values.begin(), want.values.end()), want.values.end());

    if (!stored.has_dims || !stored.deleted_agree || stored.cases != want.singles ||
        stored.dims.size() != want.singles.size() + want.multis.size() || stored.values != want.values) {
        return false;
    }
    if (!std::equal(want.singles.begin(), want.singles.end(), stored.dims.begin())) {
        return false;
    }
    for (std::size_t i = 0; i < want.multis.size(); ++i) {
        if (stored.dims[want.singles.size() + i] != want.multis[i]) {
            return false;
        }
    }
    return true;
}

} // namespace casebook
