#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "casebook/error.hpp"
#include "casebook/store.hpp"
#include "command.hpp"

namespace casebook::cli {

int run(const std::vector<std::string>& args, Context& ctx)
{
    CLI::App app{"casebook: pseudonymous case records of people returned to danger, and the tables they add up to"};
    app.name("casebook");
    app.set_version_flag("--version", std::string("casebook ") + CASEBOOK_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);
    // Usage errors read like every other casebook error.
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return fmt::format("casebook: error: {}\nRun with --help for more information.\n", e.what());
    });

    // A database from an older casebook is migrated when a command opens it: say so, once.
    set_migration_notice([&ctx](const std::string& path, int from, int to, const std::optional<std::string>& backup) {
        ctx.err << fmt::format("casebook: {} upgraded from database format {} to {}", path, from, to)
                << (backup ? fmt::format("; the old file is kept as {}", *backup) : std::string()) << '\n';
    });
    struct Unset {
        ~Unset() { set_migration_notice(nullptr); } // ctx does not outlive this call
    } unset_notice;

    Action action;
    std::vector<Action> actions(commands().size());
    for (std::size_t i = 0; i < commands().size(); ++i) {
        const Command& c = commands()[i];
        CLI::App* sub = app.add_subcommand(c.name, c.summary);
        actions[i] = c.setup(*sub, ctx);
    }

    // CLI11 parses in reverse order when given a vector; it expects argv order reversed.
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" that exit 0.
        int code = app.exit(e, ctx.out, ctx.err);
        return code == 0 ? 0 : static_cast<int>(Exit::usage);
    }

    for (std::size_t i = 0; i < commands().size(); ++i) {
        if (app.got_subcommand(commands()[i].name)) {
            action = actions[i];
        }
    }
    try {
        return action();
    } catch (const Error& e) {
        ctx.err << "casebook: error: " << e.what() << '\n';
        return static_cast<int>(e.exit());
    } catch (const std::bad_alloc&) {
        ctx.err << "casebook: error: out of memory\n";
        return static_cast<int>(Exit::io);
    } catch (const std::exception& e) {
        ctx.err << "casebook: error: " << e.what() << '\n';
        return static_cast<int>(Exit::io);
    }
}

} // namespace casebook::cli
