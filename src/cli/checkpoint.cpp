// casebook checkpoint: the database's head hash, to write in a report or send
// to a partner (signed, with --sign), so that verify --since HASH later proves
// the history since then only grew.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "casebook/error.hpp"
#include "casebook/keys.hpp"
#include "casebook/signed_output.hpp"
#include "casebook/store.hpp"
#include "casebook/verify.hpp"
#include "command.hpp"
#include "key_options.hpp"

namespace casebook::cli {

Action setup_checkpoint(CLI::App& app, Context& ctx)
{
    struct Options {
        std::string db;
        std::string out;
        bool force = false;
        bool sign = false;
        std::string key;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    app.add_option("--out", opt->out, "Also write the checkpoint line to FILE (a new file, mode 0600)")->type_name("FILE");
    app.add_flag("--force", opt->force, "With --out: replace an existing FILE");
    app.add_flag("--sign", opt->sign, "With --out: sign FILE with your key (--key), in FILE.minisig, which minisign -V checks");
    add_key_option(app, opt->key);
    app.footer("The history is verified first: a checkpoint of a history that does not hold together is refused (exit 1). "
               "Later, 'casebook verify --since HASH' proves the history since the checkpoint only grew.");

    return [opt, &ctx]() -> int {
        if (opt->sign && opt->out.empty()) {
            throw Error(Exit::usage, "--sign needs --out FILE: the signature is written beside the file, as FILE.minisig");
        }
        const Store store = Store::open(database_path(opt->db), Access::read);
        std::optional<keys::Identity> identity;
        if (opt->sign) {
            identity.emplace(unlock_identity(opt->key));
        }
        std::optional<SignedOutput> file;
        if (!opt->out.empty()) {
            ProtectedFiles protect;
            protect.add_database(store.path());
            file.emplace(opt->out, opt->force ? Overwrite::yes : Overwrite::no, protect, "the checkpoint", opt->sign);
        }
        const VerifyReport report = verify_store(store);
        if (!report.ok()) {
            throw Error(Exit::invalid, fmt::format("{}: its history does not verify ({} broken link{}; 'casebook verify' "
                                                   "lists them): no checkpoint",
                                                   store.path(), report.breaks.size(), report.breaks.size() == 1 ? "" : "s"));
        }
        const std::string line = fmt::format("casebook checkpoint\thead:{}\trows:{}\tcases:{}\tat:{}",
                                             report.head.empty() ? "none" : report.head, report.rows, report.cases,
                                             utc_now());
        ctx.out << line << '\n';
        if (file) {
            file->stream() << line << '\n';
            file->commit(identity ? &*identity : nullptr, line);
            if (identity) {
                ctx.err << "signed " << opt->out << " in " << SignedOutput::signature_path(opt->out)
                        << " (check: minisign -Vm " << opt->out << " -P "
                        << keys::minisign_public_key_line(identity->public_key().sign) << ")\n";
            }
        }
        return 0;
    };
}

} // namespace casebook::cli
