// casebook delete and casebook restore: soft deletion, kept in history.
#include <memory>

#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

Action setup_deletion(CLI::App& app, Context& ctx, bool deleted)
{
    OptionSet o(app);
    struct Options {
        std::string db;
        std::string id;
        std::string note;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    o.add_option("id", opt->id, "The case id").type_name("ID").required();
    o.add_option("--note", opt->note, "Why, for the history");
    return [opt, &ctx, deleted]() -> int {
        Store store = Store::open(database_path(ctx, opt->db), Access::write, open_settings(ctx));
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

Action setup_delete(CLI::App& app, Context& ctx)
{
    OptionSet o(app);
    return setup_deletion(app, ctx, true);
}

Action setup_restore(CLI::App& app, Context& ctx)
{
    OptionSet o(app);
    return setup_deletion(app, ctx, false);
}

} // namespace casebook::cli
