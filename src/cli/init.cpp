// casebook init: create a new database.
#include <memory>

#include <CLI/CLI.hpp>

#include "casebook/store.hpp"
#include "command.hpp"

namespace casebook::cli {

Action setup_init(CLI::App& app, Context& ctx)
{
    auto db = std::make_shared<std::string>();
    add_db_option(app, *db);
    app.footer("Creates the file with mode 0600 (readable by you only); never overwrites an existing file.");
    return [db, &ctx]() -> int {
        Store store = Store::create(database_path(*db));
        ctx.err << "created " << store.path() << '\n';
        return 0;
    };
}

} // namespace casebook::cli
