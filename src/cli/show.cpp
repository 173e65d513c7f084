// casebook show: one case, as a summary or as the stored JSON.
#include <memory>

#include <CLI/CLI.hpp>

#include "casebook/canonical.hpp"
#include "casebook/store.hpp"
#include "casebook/summary.hpp"
#include "command.hpp"

namespace casebook::cli {

Action setup_show(CLI::App& app, Context& ctx)
{
    struct Options {
        std::string db;
        std::string id;
        std::string format = "text";
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    app.add_option("id", opt->id, "The case id")->type_name("ID")->required();
    one_of(app.add_option("--format", opt->format, "text: a one-screen summary; json: the stored record exactly"), {"text", "json"});

    return [opt, &ctx]() -> int {
        Store store = Store::open(database_path(opt->db), Access::read);
        StoredCase stored = live_case(store, opt->id);
        ctx.out << (opt->format == "json" ? pretty_text(stored.doc) : case_summary(stored));
        return 0;
    };
}

} // namespace casebook::cli
