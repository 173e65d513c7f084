// casebook init: create a new database, sealed to a project key if asked.
#include <memory>

#include "util/i18n.hpp"
#include "crypto/keys.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"

namespace casebook::cli {

Action setup_init(OptionSet& o, Context& ctx)
{
    auto db = std::make_shared<std::string>();
    auto seal_to = std::make_shared<std::string>();
    add_db_option(o, *db);
    o.add_option("--seal-to", *seal_to,
                 "Seal every sensitive value to this project public key (casebook-pk1:..., from 'casebook keys show'); "
                 "only its secret key opens them")
        .type_name("PUBKEY");
    o.footer(tr("Creates the file with mode 0600 (readable by you only); never overwrites an existing file."));
    return [db, seal_to, &ctx]() -> int {
        // The key first: a mistyped one makes no database.
        std::optional<crypto::keys::PublicKey> key;
        if (!seal_to->empty()) {
            key = crypto::keys::parse_public_text(*seal_to);
        }
        store::Store store = store::Store::create(database_path(ctx, *db), open_settings(ctx));
        if (key) {
            store.seal_to(*key, ctx.env.actor);
            ctx.err << say("created {}, sealed to the project key with fingerprint {}", store.path(), crypto::keys::fingerprint(*key))
                    << '\n';
            return 0;
        }
        ctx.err << say("created {}", store.path()) << '\n';
        return 0;
    };
}

} // namespace casebook::cli
