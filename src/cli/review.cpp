// casebook review: a reviewer signs a case off (approve) or sends it back (reject).
#include <memory>

#include "util/error.hpp"
#include "ops/review.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

Action setup_review(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string id;
        bool approve = false;
        bool reject = false;
        std::string note;
        std::string reviewer;
        bool self = false;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("id", opt->id, "The case id").type_name("ID").required();
    Option approve = o.add_flag("--approve", opt->approve, "Sign the case off: status reviewed (it must be valid as complete)");
    Option reject = o.add_flag("--reject", opt->reject, "Send the case back: status rejected");
    approve.excludes(reject);
    o.add_option("--note", opt->note, "The reviewer's note, kept in the history");
    o.add_flag("--self", opt->self, "Review a case you made the last change to (its history says self-review)");
    o.add_option("--reviewer", opt->reviewer, "Who reviews (default: $CASEBOOK_USER, else the login name)").type_name("NAME");

    return [opt, &ctx]() -> int {
        if (!opt->approve && !opt->reject) {
            throw Error(Exit::usage, tr("say --approve or --reject: casebook review ID --approve|--reject [--note TEXT]"));
        }
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::write, open_settings(ctx));
        sign_changes(store);
        const std::string reviewer = opt->reviewer.empty() ? ctx.env.actor : opt->reviewer;
        ops::ReviewResult r = ops::review_case(store, opt->id, opt->approve ? ops::Verdict::approve : ops::Verdict::reject, reviewer, opt->note,
                                     opt->self ? ops::SelfReview::allowed : ops::SelfReview::refused);
        if (!r.problems.empty()) {
            for (const Diagnostic& d : r.problems) {
                print_text(ctx.err, d);
            }
            ctx.err << fmt::format(fmt::runtime(tr_plural("not approved: {0} is not valid as a complete case ({1} error); "
                                                          "fix it with 'casebook edit {0}' or --reject it",
                                                          "not approved: {0} is not valid as a complete case ({1} errors); "
                                                          "fix it with 'casebook edit {0}' or --reject it",
                                                          r.problems.size())),
                                   opt->id, r.problems.size())
                    << '\n';
            return static_cast<int>(Exit::invalid);
        }
        if (!r.stored) {
            ctx.err << say("{} is already {}: nothing changed", opt->id, r.status) << '\n';
        } else {
            ctx.err << say("{}: {} by {} (revision {})", opt->id, r.status, reviewer, r.revision) << '\n';
        }
        return 0;
    };
}

} // namespace casebook::cli
