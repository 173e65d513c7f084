// What every command takes from its Context: the database, how to open it, the output's width.
#include <string>

#include "cli/command.hpp"
#include "util/error.hpp"

namespace casebook::cli {

std::string database_path(const Context& ctx, const std::string& db_option)
{
    if (!db_option.empty()) {
        return db_option;
    }
    if (!ctx.env.database.empty()) {
        return ctx.env.database;
    }
    return "casebook.db";
}

const store::OpenSettings& open_settings(const Context& ctx)
{
    if (!ctx.env.busy_timeout_error.empty()) {
        throw Error(Exit::usage, ctx.env.busy_timeout_error);
    }
    return ctx.open;
}

std::size_t output_width(const Context& ctx)
{
    if (ctx.env.columns) {
        return *ctx.env.columns;
    }
    return ctx.out_is_tty ? ctx.env.terminal_columns : 0;
}

} // namespace casebook::cli
