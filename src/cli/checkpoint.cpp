// casebook checkpoint: the database's head hash, to write in a report or send
// to a partner (signed, with --sign), so that verify --since HASH later proves
// the history since then only grew.
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "crypto/keys.hpp"
#include "crypto/signed_output.hpp"
#include "store/store.hpp"
#include "ops/verify.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"

namespace casebook::cli {

Action setup_checkpoint(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        SignedFileOptions file;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    add_signed_file_options(o, opt->file, N_("Also write the checkpoint line to FILE (a new file, mode 0600)"),
                            N_("With --out: replace an existing FILE"),
                            N_("With --out: sign FILE with your key (--key), in FILE.minisig, which minisign -V checks"));
    o.footer(tr("The history is verified first: a checkpoint of a history that does not hold together is refused (exit 1). "
             "Later, 'casebook verify --since HASH' proves the history since the checkpoint only grew."));

    return [opt, &ctx]() -> int {
        const store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::read, open_settings(ctx));
        SignedFile file(opt->file, store.path(), tr("the checkpoint"));
        const ops::VerifyReport report = ops::verify_store(store);
        if (!report.ok()) {
            throw Error(Exit::invalid, say("{}: its history does not verify ({} broken link{}; 'casebook verify' "
                                                   "lists them): no checkpoint",
                                                   store.path(), report.breaks.size(), report.breaks.size() == 1 ? "" : "s"));
        }
        const std::string line = fmt::format("casebook checkpoint\thead:{}\trows:{}\tcases:{}\tat:{}",
                                             report.head.empty() ? "none" : report.head, report.rows, report.cases,
                                             store::utc_now());
        ctx.out << line << '\n';
        if (std::ostream* out = file.stream()) {
            *out << line << '\n';
            file.commit(line, ctx.err);
        }
        return 0;
    };
}

} // namespace casebook::cli
