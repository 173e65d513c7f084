// casebook delete and casebook restore: soft deletion, kept in history.
#include <memory>

#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

Action setup_deletion(OptionSet& o, Context& ctx, bool deleted)
{
    struct Options {
        std::string db;
        std::string id;
        std::string note;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("id", opt->id, "The case id").type_name("ID").required();
    o.add_option("--note", opt->note, "Why, for the history");
    return [opt, &ctx, deleted]() -> int {
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::write, open_settings(ctx));
        sign_changes(store);
        store.set_deleted(opt->id, deleted, ctx.env.actor, opt->note);
        if (deleted) {
            ctx.err << say("deleted {0} (its history is kept: 'casebook restore {0}' brings it back)", opt->id) << '\n';
        } else {
            ctx.err << say("restored {}", opt->id) << '\n';
        }
        return 0;
    };
}

} // namespace

Action setup_delete(OptionSet& o, Context& ctx)
{
    return setup_deletion(o, ctx, true);
}

Action setup_restore(OptionSet& o, Context& ctx)
{
    return setup_deletion(o, ctx, false);
}

} // namespace casebook::cli
