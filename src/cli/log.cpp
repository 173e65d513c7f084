// casebook log: the history of changes.
#include <memory>

#include <CLI/CLI.hpp>

#include "casebook/error.hpp"
#include "casebook/history.hpp"
#include "casebook/store.hpp"
#include "command.hpp"

namespace casebook::cli {

Action setup_log(CLI::App& app, Context& ctx)
{
    struct Options {
        std::string db;
        std::string id;
        bool diff = false;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    app.add_option("id", opt->id, "Only this case")->type_name("ID");
    app.add_flag("--diff", opt->diff, "Show what each change changed, as JSON Pointer: old \u2192 new");
    app.footer("Oldest first: rev, time (UTC), actor ($CASEBOOK_USER, else the login name), action, case and its revision.");

    return [opt, &ctx]() -> int {
        Store store = Store::open(database_path(opt->db), Access::read);
        std::optional<std::string> id;
        if (!opt->id.empty()) {
            id = opt->id;
            if (!store.find(opt->id) && store.history(opt->id).empty()) {
                live_case(store, opt->id); // throws: no such case, with the closest ids
            }
        }
        print_history(ctx.out, store.history(id), opt->diff ? ShowDiff::yes : ShowDiff::no);
        return 0;
    };
}

} // namespace casebook::cli
