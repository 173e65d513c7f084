// casebook info: what a database is: its format, size, head and whether
// (and to which project key) its sensitive values are sealed.
#include <memory>

#include "util/i18n.hpp"
#include "crypto/keys.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"

namespace casebook::cli {

Action setup_info(OptionSet& o, Context& ctx)
{
    auto db = std::make_shared<std::string>();
    add_db_option(o, *db);
    return [db, &ctx]() -> int {
        const store::Store store = store::Store::open(database_path(ctx, *db), store::Access::read, open_settings(ctx));
        const store::Store::Head head = store.head();
        ctx.out << say("database: {}", store.path()) << '\n'
                << say("format: {}", store.format_version()) << '\n'
                << say("cases: {}", store.ids().size()) << '\n'
                << say("history: {} rows, head {}", head.rows, head.hash.empty() ? std::string(tr("(empty)")) : head.hash) << '\n';
        if (auto key = store.sealed_to()) {
            ctx.out << say("sealed: yes, to the project key with fingerprint {}", crypto::keys::fingerprint(*key)) << '\n'
                    << say("public key: {}", crypto::keys::public_text(*key)) << '\n';
        } else {
            ctx.out << tr("sealed: no (sensitive values are stored in clear: 'casebook seal --to PUBKEY' seals them)") << '\n';
        }
        return 0;
    };
}

} // namespace casebook::cli
