// Copies of the database: the backup before a migration, and backup_to.
#include "store/store_impl.hpp"

#include <SQLiteCpp/Backup.h>
#include <fmt/format.h>

#include "store/database_error.hpp"
#include "util/i18n.hpp"

namespace casebook::store {

void Store::Impl::copy_to(const std::string& target, Overwrite overwrite, const std::string& what)
{
    ProtectedFiles protect;
    protect.add_database(path);
    OutputFile out(target, overwrite, std::move(protect), what, "--force");
    {
        SQLite::Database copy(out.staged_path(), SQLite::OPEN_READWRITE);
        SQLite::Backup(copy, db).executeStep();
    }
    out.commit();
}

std::string Store::Impl::backup(int version)
{
    std::string target = fmt::format("{}.v{}.bak", path, version);
    copy_to(target, Overwrite::yes, tr("the backup"));
    return target;
}

void Store::backup_to(const std::string& target, Overwrite overwrite) const
{
    guarded(impl_->path, [&] { impl_->copy_to(target, overwrite, tr("the backup")); });
}

} // namespace casebook::store
