// casebook edit: change a case in the researcher's editor.
#include <memory>

#include <CLI/CLI.hpp>

#include "casebook/edit.hpp"
#include "casebook/store.hpp"
#include "command.hpp"

namespace casebook::cli {

Action setup_edit(CLI::App& app, Context& ctx)
{
    struct Options {
        std::string db;
        std::string id;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    app.add_option("id", opt->id, "The case id")->type_name("ID")->required();
    app.footer("Runs $VISUAL, else $EDITOR, else vi, without a shell: the setting is split on spaces "
               "(EDITOR='code --wait' works; quotes do not). The record is validated on save; when it is "
               "invalid you can re-open the editor or abandon (the edited file is kept, its path printed).");

    return [opt, &ctx]() -> int {
        std::vector<std::string> command = editor_command();
        Store store = Store::open(database_path(opt->db), Access::write);
        ctx.out.flush();
        EditResult result = edit_case(
            store, opt->id, current_actor(), [&command](const std::string& file) { return run_editor(command, file); },
            ctx.in, ctx.err);
        switch (result.end) {
        case EditEnd::saved:
            ctx.err << opt->id << ": saved revision " << result.revision << '\n';
            return 0;
        case EditEnd::unchanged:
            ctx.err << opt->id << ": no changes\n";
            return 0;
        case EditEnd::abandoned:
            break;
        }
        return 1;
    };
}

} // namespace casebook::cli
