// The derived columns of a case (single-valued dimensions, first return date,
// flags), its case_dims row and case_values rows: computed from its document
// and written beside it, or rebuilt from its history.
#include "store/store_impl.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "json/record_access.hpp"
#include "record/derive.hpp"
#include "record/dims.hpp"
#include "store/erasure.hpp"

namespace casebook::store {

const std::vector<std::string>& Store::Impl::derived_columns()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const record::Dimension& d : record::dimensions()) {
            if (d.arity == record::Arity::single) {
                out.emplace_back(d.name);
            }
        }
        out.emplace_back("return_date");
        out.emplace_back("flags");
        return out;
    }();
    return names;
}

Store::Impl::DerivedRow Store::Impl::derived_row(const Json& doc)
{
    record::Derived derived = record::derive(doc);
    DerivedRow row;
    for (const record::Dimension& d : record::dimensions()) {
        row.values.push_back(d.extract(doc, derived));
    }
    const auto& returns = access::elements(access::member(&doc, "returns"));
    if (!returns.empty()) {
        row.return_date = access::text(&returns.front(), "date");
    }
    for (const std::string& f : derived.flags) {
        row.flags += (row.flags.empty() ? "" : ";") + f;
    }
    return row;
}

Store::Impl::StoredForm Store::Impl::stored_form(const DerivedRow& row)
{
    StoredForm form;
    const auto& dims = record::dimensions();
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i].arity == record::Arity::single) {
            form.columns.push_back(row.values[i].empty() ? std::nullopt : std::optional<std::string>(row.values[i].front()));
        }
    }
    form.columns.push_back(row.return_date);
    form.columns.emplace_back(row.flags);
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i].arity == record::Arity::multi) {
            form.columns.emplace_back(record::encode_values(row.values[i]));
            for (const std::string& v : row.values[i]) {
                form.values.emplace_back(dims[i].name, v);
            }
        }
    }
    std::sort(form.values.begin(), form.values.end());
    form.values.erase(std::unique(form.values.begin(), form.values.end()), form.values.end());
    return form;
}

crypto::custody::Bytes Store::Impl::derived_hash(const DerivedRow& row)
{
    const StoredForm form = stored_form(row);
    return crypto::custody::derived_hash(derivation_version, form.columns, form.values);
}

int Store::Impl::bind_derived(SQLite::Statement& st, int first, const DerivedRow& row)
{
    int at = first;
    const auto& dims = record::dimensions();
    for (std::size_t i = 0; i < dims.size(); ++i) {
        const record::Dimension& d = dims[i];
        if (d.arity != record::Arity::single) {
            continue;
        }
        const std::vector<std::string>& values = row.values[i];
        if (values.empty()) {
            st.bind(at++);
        } else if (d.kind == record::ValueKind::year) {
            st.bind(at++, static_cast<std::int64_t>(std::stoll(values.front())));
        } else {
            st.bind(at++, values.front());
        }
    }
    if (row.return_date) {
        st.bind(at++, *row.return_date);
    } else {
        st.bind(at++);
    }
    st.bind(at++, row.flags);
    return at;
}

std::string Store::Impl::derived_assignments()
{
    std::string out;
    for (const std::string& c : derived_columns()) {
        out += (out.empty() ? "" : ", ") + c + " = ?";
    }
    return out;
}

std::string Store::Impl::marks(std::size_t n)
{
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += i == 0 ? "?" : ", ?";
    }
    return out;
}

void Store::Impl::insert_case(const std::string& id, long long revision, bool deleted, long long version, long long head,
                              const std::string& created, const std::string& updated, const DerivedRow& row)
{
    static const std::string sql = [] {
        std::string columns;
        for (const std::string& c : derived_columns()) {
            columns += ", " + c;
        }
        return fmt::format("INSERT INTO cases(id, revision, deleted, version, head, created_at, updated_at{}) VALUES ({})",
                           columns, marks(7 + derived_columns().size()));
    }();
    SQLite::Statement& st = statement(sql.c_str());
    st.bind(1, id);
    st.bind(2, static_cast<std::int64_t>(revision));
    st.bind(3, deleted ? 1 : 0);
    st.bind(4, static_cast<std::int64_t>(version));
    st.bind(5, static_cast<std::int64_t>(head));
    st.bind(6, created);
    st.bind(7, updated);
    bind_derived(st, 8, row);
    st.exec();
}

void Store::Impl::update_case(const std::string& id, long long revision, long long rev, const std::string& now, const DerivedRow& row)
{
    static const std::string sql = fmt::format(
        "UPDATE cases SET version = ?, head = ?, revision = ?, updated_at = ?, {} WHERE id = ?", derived_assignments());
    SQLite::Statement& st = statement(sql.c_str());
    st.bind(1, static_cast<std::int64_t>(rev));
    st.bind(2, static_cast<std::int64_t>(rev));
    st.bind(3, static_cast<std::int64_t>(revision));
    st.bind(4, now);
    st.bind(bind_derived(st, 5, row), id);
    st.exec();
}

void Store::Impl::write_dims(const std::string& id, bool deleted, const DerivedRow& row, bool fresh)
{
    static const std::string sql = [] {
        std::string columns;
        std::size_t n = 2 + derived_columns().size();
        for (const std::string& c : derived_columns()) {
            columns += ", " + c;
        }
        for (const record::Dimension& d : record::dimensions()) {
            if (d.arity == record::Arity::multi) {
                columns += fmt::format(", {}", d.name);
                ++n;
            }
        }
        return fmt::format("INSERT OR REPLACE INTO case_dims(id, deleted{}) VALUES ({})", columns, marks(n));
    }();
    SQLite::Statement& st = statement(sql.c_str());
    st.bind(1, id);
    st.bind(2, deleted ? 1 : 0);
    int at = bind_derived(st, 3, row);
    const auto& dims = record::dimensions();
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i].arity == record::Arity::multi) {
            st.bind(at++, record::encode_values(row.values[i]));
        }
    }
    st.exec();

    if (!fresh) {
        SQLite::Statement& clear = statement("DELETE FROM case_values WHERE case_id = ?");
        clear.bind(1, id);
        clear.exec();
    }
    SQLite::Statement& add = statement("INSERT OR IGNORE INTO case_values(case_id, dim, value) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i].arity != record::Arity::multi) {
            continue;
        }
        for (const std::string& value : row.values[i]) {
            add.reset();
            add.bind(1, id);
            add.bind(2, std::string(dims[i].name));
            add.bind(3, value);
            add.exec();
        }
    }
}

void Store::Impl::follow_history(const std::string& id)
{
    long long version = 0;
    long long head = 0;
    long long revision = 0;
    bool deleted = false;
    bool purged = false;
    std::string created;
    std::string updated;
    std::string doc;
    {
        SQLite::Statement st(db, "SELECT rev, revision, at, action, doc FROM history WHERE case_id = ? ORDER BY rev");
        st.bind(1, id);
        while (st.executeStep()) {
            const std::string action = st.getColumn(3).getString();
            head = st.getColumn(0).getInt64();
            revision = st.getColumn(1).getInt64();
            updated = st.getColumn(2).getString();
            if (created.empty()) {
                created = updated;
            }
            if (action == "delete" || action == "restore") {
                deleted = action == "delete";
            } else if (action == "purge") {
                auto record = parse_purge_record(column_text(st, 4));
                purged = purged || (record && record->pointer.empty());
            } else if (!st.getColumn(4).isNull()) {
                version = head;
                doc = st.getColumn(4).getString();
            }
        }
    }
    for (const char* sql : {"DELETE FROM cases WHERE id = ?", "DELETE FROM case_dims WHERE id = ?",
                            "DELETE FROM case_values WHERE case_id = ?"}) {
        SQLite::Statement& del = statement(sql);
        del.bind(1, id);
        del.exec();
    }
    if (purged || version == 0) {
        return;
    }
    const DerivedRow row = derived_row(Json::parse(doc));
    insert_case(id, revision, deleted, version, head, created, updated, row);
    write_dims(id, deleted, row, true);
}

} // namespace casebook::store
