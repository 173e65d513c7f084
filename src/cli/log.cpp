// casebook log: the history of changes.
#include <memory>

#include "util/error.hpp"
#include "store/history.hpp"
#include "store/store.hpp"
#include "util/i18n.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "cli/sealed_view.hpp"

namespace casebook::cli {

Action setup_log(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string id;
        bool diff = false;
        std::string key;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("id", opt->id, "Only this case").type_name("ID");
    o.add_flag("--diff", opt->diff, "Show what each change changed, as JSON Pointer: old \u2192 new");
    add_key_option(o, opt->key);
    o.footer(tr("Oldest first: rev, time (UTC), actor ($CASEBOOK_USER, else the login name), action, case and its revision."));

    return [opt, &ctx]() -> int {
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::read, open_settings(ctx));
        std::optional<std::string> id;
        if (!opt->id.empty()) {
            id = opt->id;
            if (!store.find(opt->id) && store.history(opt->id).empty()) {
                store::live_case(store, opt->id); // throws: no such case, with the closest ids
            }
        }
        std::vector<store::HistoryEntry> rows = store.history(id);
        // A sealed database: the values open with its key, else each shows as sealed.
        const auto opener = opt->diff ? opener_for(store, opt->key) : nullptr;
        std::size_t sealed = 0;
        for (store::HistoryEntry& e : rows) {
            if (e.doc && opener) {
                opener->open_record(*e.doc, say("case {} revision {}", e.case_id, e.revision));
            } else if (e.doc) {
                sealed += mark_sealed(*e.doc, SealedMark::distinct);
            }
        }
        store::print_history(ctx.out, rows, opt->diff ? store::ShowDiff::yes : store::ShowDiff::no);
        if (opt->diff && sealed > 0) {
            ctx.err << sealed_note(sealed) << '\n';
        }
        return 0;
    };
}

} // namespace casebook::cli
