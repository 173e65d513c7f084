// casebook verify: the chain of custody, checked end to end.
#include <memory>

#include <CLI/CLI.hpp>

#include "casebook/error.hpp"
#include "casebook/store.hpp"
#include "casebook/verify.hpp"
#include "command.hpp"

namespace casebook::cli {

Action setup_verify(CLI::App& app, Context& ctx)
{
    struct Options {
        std::string db;
        std::string since;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    app.add_option("--since", opt->since, "A head hash printed earlier: prove the history since then only grew")
        ->type_name("HASH");
    app.footer("Exit 0: every row and case holds together (one summary line on stdout). Exit 1: each broken link on "
               "stderr, naming the case and revision.");

    return [opt, &ctx]() -> int {
        Store store = Store::open(database_path(opt->db), Access::read);
        VerifyOptions options;
        if (!opt->since.empty()) {
            options.since = opt->since;
        }
        VerifyReport report = verify_store(store, options);
        for (const ChainBreak& b : report.breaks) {
            ctx.err << store.path() << ": ";
            if (!b.case_id.empty()) {
                ctx.err << "case " << b.case_id;
                if (b.revision > 0) {
                    ctx.err << " revision " << b.revision;
                }
                if (b.rev > 0) {
                    ctx.err << " (rev " << b.rev << ")";
                }
                ctx.err << ": ";
            }
            ctx.err << b.what << '\n';
        }
        if (options.since && !report.rows_since) {
            ctx.err << store.path() << ": " << opt->since
                    << " is not a head of this database's history: the history was rewritten since, or it is another "
                       "database's\n";
        }
        if (!report.ok() || (options.since && !report.rows_since)) {
            ctx.err << "verify: " << report.breaks.size() << " broken link" << (report.breaks.size() == 1 ? "" : "s")
                    << " in " << report.rows << " history rows\n";
            return static_cast<int>(Exit::invalid);
        }
        ctx.out << "verified: " << report.rows << " history rows, " << report.cases << " cases, head "
                << (report.head.empty() ? "(empty)" : report.head);
        if (report.rows_since) {
            ctx.out << "; " << *report.rows_since << " rows added since " << opt->since;
        }
        ctx.out << '\n';
        return 0;
    };
}

} // namespace casebook::cli
