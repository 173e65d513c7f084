// casebook merge: bring another researcher's database into this one.
#include <memory>

#include "util/error.hpp"
#include "ops/merge.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

Action setup_merge(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string other;
        bool dry_run = false;
        std::string prefer;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("other", opt->other, "The database to bring in (it is only read)").type_name("FILE").required();
    o.add_flag("--dry-run", opt->dry_run, "Say what would be added and which ids conflict; write nothing");
    o.add_option("--prefer", opt->prefer, "Resolve conflicts: theirs (take their version) or ours (keep ours)").one_of({"theirs", "ours"});

    return [opt, &ctx]() -> int {
        const std::string here = database_path(ctx, opt->db);
        const store::Store theirs = store::Store::open(opt->other, store::Access::read, open_settings(ctx));
        store::Store ours = store::Store::open(here, opt->dry_run ? store::Access::read : store::Access::write, open_settings(ctx));
        if (!opt->dry_run) {
            sign_changes(ours);
        }
        ops::MergeOptions options;
        options.prefer = opt->prefer == "theirs" ? ops::Prefer::theirs : opt->prefer == "ours" ? ops::Prefer::ours : ops::Prefer::neither;
        options.dry_run = opt->dry_run ? ops::DryRun::yes : ops::DryRun::no;
        options.actor = ctx.env.actor;
        options.report = [&](const Diagnostic& d) { print_text(ctx.err, d); };
        options.on_conflict = [&](const ops::MergeConflict& c) {
            ctx.err << say("{}: conflict: {}: ", opt->other, c.id);
            if (c.theirs_did == "purged" || c.theirs_did == "deleted") {
                ctx.err << (c.theirs_did == "purged" ? say("purged in {}, changed in {} since the version both have", opt->other, here)
                                                     : say("deleted in {}, changed in {} since the version both have", opt->other, here));
            } else if (c.deleted_here) {
                ctx.err << say("deleted in {}, changed in {}", here, opt->other);
            } else {
                ctx.err << tr("differs at ");
                for (std::size_t i = 0; i < c.pointers.size(); ++i) {
                    ctx.err << (i == 0 ? "" : ", ") << c.pointers[i];
                }
                if (c.pointers.empty()) {
                    ctx.err << tr("(the same document, different histories)");
                }
            }
            if (c.winner == ops::Prefer::theirs) {
                ctx.err << tr(" (theirs wins)");
            } else if (c.winner == ops::Prefer::ours) {
                ctx.err << tr(" (ours wins)");
            }
            ctx.err << '\n';
        };
        options.on_not_taken = [&](const ops::NotTaken& n) {
            ctx.err << say("{}: not taken: {}: {}", opt->other, n.id, n.why) << '\n';
        };
        ops::MergeSummary s = ops::merge_stores(ours, theirs, options);
        ctx.err << s.summary_line(options.prefer, options.dry_run) << '\n';
        bool unresolved = s.conflicts > 0 && options.prefer == ops::Prefer::neither;
        return unresolved || s.invalid > 0 ? static_cast<int>(Exit::invalid) : static_cast<int>(Exit::ok);
    };
}

} // namespace casebook::cli
