// Writing cases: a new case, a new version, deleted or restored.
#include "store/store_impl.hpp"

#include <cstdint>

#include "json/record_access.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::store {

void Store::insert(const Json& record, const std::string& actor, std::string_view action, std::string_view note)
{
    // Derived values do not depend on key order: only the stored text is canonical.
    auto id = access::text(&record, "id");
    if (!id) {
        throw Error(Exit::invalid, tr("a case needs an id to be stored"));
    }
    write([&] {
        if (impl_->find(*id)) {
            throw Error(Exit::invalid, say("case \"{}\" already exists in {}", *id, impl_->path));
        }
        if (impl_->has_history(*id)) {
            throw Error(Exit::invalid, say("case \"{}\" was purged from {}: its id is not used again; choose another",
                                                   *id, impl_->path));
        }
        const std::string now = utc_now();
        const std::string text = impl_->stored_text(record, nullptr);
        const Impl::DerivedRow row = Impl::derived_row(record);
        const long long rev = impl_->add_history(*id, 1, now, actor, action, note, &text, {}, {}, Impl::derived_hash(row));
        impl_->insert_case(*id, 1, false, rev, rev, now, now, row);
        impl_->write_dims(*id, false, row, true);
    });
}

bool Store::update(const Json& record, long long expected_revision, const std::string& actor, std::string_view action,
                   std::string_view note)
{
    auto id = access::text(&record, "id");
    if (!id) {
        throw Error(Exit::invalid, tr("a case needs an id to be stored"));
    }
    bool changed = false;
    write([&] {
        auto current = impl_->find(*id);
        if (!current) {
            throw Error(Exit::invalid, say("no case \"{}\" in {}", *id, impl_->path));
        }
        if (current->revision != expected_revision) {
            throw Error(Exit::invalid, say("case \"{}\" changed meanwhile (revision {} is now {}): nothing saved",
                                                   *id, expected_revision, current->revision));
        }
        const std::string text = impl_->stored_text(record, &*current);
        if (current->doc.dump() == text) {
            return;
        }
        changed = true;
        const std::string now = utc_now();
        const long long revision = current->revision + 1;
        const Impl::DerivedRow row = Impl::derived_row(record);
        const long long rev = impl_->add_history(*id, revision, now, actor, action, note, &text, {}, current->head_hash,
                                                 Impl::derived_hash(row));
        impl_->update_case(*id, revision, rev, now, row);
        impl_->write_dims(*id, false, row, false);
    });
    return changed;
}

void Store::set_deleted(std::string_view id_view, bool deleted, const std::string& actor, std::string_view note)
{
    const std::string id(id_view);
    write([&] {
        auto current = impl_->find(id);
        if (!current) {
            throw Error(Exit::invalid, say("no case \"{}\" in {}", id, impl_->path));
        }
        if (current->deleted == deleted) {
            throw Error(Exit::invalid, deleted ? say("case \"{}\" is already deleted", id)
                                               : say("case \"{}\" is not deleted: nothing to restore", id));
        }
        const std::string now = utc_now();
        const long long revision = current->revision + 1;
        const long long rev = impl_->add_history(id, revision, now, actor, deleted ? "delete" : "restore", note, nullptr,
                                                 impl_->version_hash(id), current->head_hash);
        SQLite::Statement& st =
            impl_->statement("UPDATE cases SET deleted = ?, revision = ?, updated_at = ?, head = ? WHERE id = ?");
        st.bind(1, deleted ? 1 : 0);
        st.bind(2, static_cast<std::int64_t>(revision));
        st.bind(3, now);
        st.bind(4, static_cast<std::int64_t>(rev));
        st.bind(5, id);
        st.exec();
        SQLite::Statement& dims = impl_->statement("UPDATE case_dims SET deleted = ? WHERE id = ?");
        dims.bind(1, deleted ? 1 : 0);
        dims.bind(2, id);
        dims.exec();
    });
}

} // namespace casebook::store
