// casebook seal --to PUBKEY: seal an existing database's sensitive values
// (every version of every case) to a project key, and leave no plaintext of
// them in its files.
#include <memory>

#include "util/i18n.hpp"
#include "crypto/keys.hpp"
#include "store/erasure.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"

namespace casebook::cli {

Action setup_seal(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string to;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("--to", opt->to, "The project's public key (casebook-pk1:..., from 'casebook keys show')")
        .type_name("PUBKEY")
        .required();
    o.footer(tr("Every version of every case is sealed, with a 'seal' row in its history, and the file is scrubbed of "
             "the old content (secure delete, VACUUM, WAL truncated); casebook's own backups of older formats are "
             "erased. 'casebook info' says whether a database is sealed."));
    return [opt, &ctx]() -> int {
        const crypto::keys::PublicKey key = crypto::keys::parse_public_text(opt->to);
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::write, open_settings(ctx));
        sign_changes(store);
        store.set_secure_delete(true);
        const std::size_t versions = store.seal_to(key, ctx.env.actor);
        store::scrub_file(store);
        for (const std::string& removed : store::remove_backups(store.path())) {
            ctx.err << say("casebook: erased {}, a copy of the database from before it was sealed", removed) << '\n';
        }
        ctx.err << say("casebook: sealed {} to the project key with fingerprint {} ({} versions sealed now)", store.path(),
                       crypto::keys::fingerprint(key), versions)
                << '\n';
        return 0;
    };
}

} // namespace casebook::cli
