// casebook purge: erase a case, or one value in every version of it, for good.
#include <memory>

#include "ops/purge.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

Action setup_purge(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string id;
        std::string field;
        std::string reason;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("id", opt->id, "The case id").type_name("ID").required();
    o.add_option("--field", opt->field, "Erase only this value (a JSON Pointer, like /person/pseudonym) in every version")
        .type_name("POINTER");
    o.add_option("--reason", opt->reason, "Why (kept in the tombstone; never the erased content)").type_name("TEXT").required();
    o.footer(tr("The content leaves every history version, the -wal file, free pages, casebook's backups, edit buffers and "
             "recovery files; a tombstone keeps who, when and why, and 'casebook verify' still verifies."));

    return [opt, &ctx]() -> int {
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::write, open_settings(ctx));
        sign_changes(store);
        std::optional<std::string> field;
        if (!opt->field.empty()) {
            field = opt->field;
        }
        ops::PurgeResult result = ops::purge_case(store, opt->id, field, opt->reason, ctx.env.actor, {ctx.env.state_folder, ctx.env.temp_folder});
        if (field) {
            ctx.err << fmt::format(fmt::runtime(tr_plural("purged {} of {} from {} version; the tombstone keeps who, when and why",
                                                          "purged {} of {} from {} versions; the tombstone keeps who, when and why",
                                                          result.versions)),
                                   *field, opt->id, result.versions);
        } else {
            ctx.err << fmt::format(fmt::runtime(tr_plural("purged {} from {} version; the tombstone keeps who, when and why",
                                                          "purged {} from {} versions; the tombstone keeps who, when and why",
                                                          result.versions)),
                                   opt->id, result.versions);
        }
        ctx.err << '\n';
        for (const std::string& f : result.removed_files) {
            ctx.err << say("removed {} (it held the purged content)", f) << '\n';
        }
        return 0;
    };
}

} // namespace casebook::cli
