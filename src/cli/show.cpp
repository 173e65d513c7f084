// casebook show: one case, as a summary or as the stored JSON.
#include <memory>

#include "util/i18n.hpp"
#include "record/canonical.hpp"
#include "store/store.hpp"
#include "analysis/summary.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "cli/sealed_view.hpp"

namespace casebook::cli {

Action setup_show(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string id;
        std::string format = "text";
        std::string key;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("id", opt->id, "The case id").type_name("ID").required();
    o.add_option("--format", opt->format, "text: a one-screen summary; json: the stored record exactly").one_of({"text", "json"});
    add_key_option(o, opt->key);
    o.footer(tr("In a sealed database, sensitive values show as sealed unless the project's key file (--key, "
             "$CASEBOOK_KEY) opens them."));

    return [opt, &ctx]() -> int {
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::read, open_settings(ctx));
        store::StoredCase stored = store::live_case(store, opt->id);
        std::size_t sealed = 0;
        if (const auto opener = opener_for(store, opt->key)) {
            opener->open_record(stored.doc, say("case {}", stored.id));
        } else if (opt->format == "text") {
            sealed = mark_sealed(stored.doc);
        } else {
            sealed = crypto::seal::sealed_pointers(stored.doc).size();
        }
        ctx.out << (opt->format == "json" ? record::pretty_text(stored.doc) : analysis::case_summary(stored));
        if (sealed > 0) {
            ctx.err << sealed_note(sealed) << '\n';
        }
        return 0;
    };
}

} // namespace casebook::cli
