// casebook backup: a consistent private copy of the database, the way to copy one.
#include <memory>

#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

Action setup_backup(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string target;
        bool force = false;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("file", opt->target, "The new file").type_name("FILE").required();
    o.add_flag("--force", opt->force, "Replace an existing file (never the database itself or its -wal/-shm)");
    o.footer(tr("Copies through SQLite's online backup: a consistent copy with every committed change, also those "
             "still in the -wal file that a plain cp misses, while others read or write. The copy is mode 0600."));
    return [opt, &ctx]() -> int {
        const store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::read, open_settings(ctx));
        store.backup_to(opt->target, opt->force ? Overwrite::yes : Overwrite::no);
        ctx.err << say("backed up {} to {}", store.path(), opt->target) << '\n';
        return 0;
    };
}

} // namespace casebook::cli
