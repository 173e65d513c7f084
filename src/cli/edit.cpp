// casebook edit: change a case in the researcher's editor.
#include <memory>

#include "ops/edit.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

Action setup_edit(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string id;
        bool discard = false;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("id", opt->id, "The case id").type_name("ID").required();
    o.add_flag("--discard", opt->discard, "Throw away the kept, unsaved edit of the case instead of resuming it");
    o.footer(tr("Runs $VISUAL, else $EDITOR, else vi, without a shell: the setting is split on spaces "
             "(EDITOR='code --wait' works; quotes do not). The record is validated on save; when it is "
             "invalid you can re-open the editor or abandon. An edit that did not end (abandoned, or casebook "
             "or the editor killed) is kept in ~/.local/state/casebook ($XDG_STATE_HOME/casebook), 0600: "
             "the next 'casebook edit ID' resumes it, --discard throws it away."));

    return [opt, &ctx]() -> int {
        if (opt->discard) {
            const store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::read, open_settings(ctx));
            const std::size_t n = ops::discard_kept_edits(ctx.env.state_folder, store.path(), opt->id);
            ctx.err << opt->id << ": "
                    << (n == 0 ? std::string(tr("no kept edit to discard"))
                               : fmt::format(fmt::runtime(tr_plural("{} kept edit discarded", "{} kept edits discarded", n)), n))
                    << '\n';
            return 0;
        }
        std::vector<std::string> command = ops::editor_command(ctx.env.visual, ctx.env.editor);
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::write, open_settings(ctx));
        sign_changes(store);
        ctx.out.flush();
        ops::EditResult result = ops::edit_case(
            store, opt->id, ctx.env.actor, ctx.env.state_folder, [&command](const std::string& file) { return ops::run_editor(command, file); },
            ctx.in, ctx.err);
        switch (result.end) {
        case ops::EditEnd::saved:
            ctx.err << say("{}: saved revision {}", opt->id, result.revision) << '\n';
            return 0;
        case ops::EditEnd::unchanged:
            ctx.err << say("{}: no changes", opt->id) << '\n';
            return 0;
        case ops::EditEnd::abandoned:
            break;
        }
        return 1;
    };
}

} // namespace casebook::cli
