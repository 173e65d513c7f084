#include <algorithm>
#include <exception>
#include <iostream>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "casebook/edit.hpp"
#include "casebook/error.hpp"
#include "casebook/store.hpp"
#include "casebook/terminal.hpp"
#include "casebook/validate.hpp"
#include "command.hpp"

namespace casebook::cli {

namespace {

// The arguments as CLI11 takes them: "help [COMMAND]" is "[COMMAND] --help", and
// "--db FILE" given before the command goes after it. Throws Error(usage) for a
// command that does not exist, naming the closest one.
std::vector<std::string> normalised(std::vector<std::string> args)
{
    if (!args.empty() && args[0] == "help") {
        args.erase(args.begin());
        args.insert(args.size() > 0 ? args.begin() + 1 : args.end(), "--help");
    }
    if (args.size() >= 3 && args[0] == "--db") {
        std::rotate(args.begin(), args.begin() + 2, args.begin() + 3);
    } else if (args.size() >= 2 && args[0].rfind("--db=", 0) == 0) {
        std::rotate(args.begin(), args.begin() + 1, args.begin() + 2);
    }
    if (!args.empty() && !args[0].empty() && args[0][0] != '-') {
        std::vector<std::string> names;
        for (const Command& c : commands()) {
            names.push_back(c.name);
        }
        if (std::find(names.begin(), names.end(), args[0]) == names.end()) {
            throw Error(Exit::usage, fmt::format("unknown command \"{}\"; did you mean \"{}\"? ('casebook help' lists the commands)",
                                                 args[0], closest_first(args[0], names).front()));
        }
    }
    return args;
}

} // namespace

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
    // Warnings about a database's files, and the edits kept for it (edit itself resumes them, and says so).
    bool mention_kept_edits = true;
    std::set<std::string> noticed;
    set_open_notice([&](const std::string& path, const std::vector<std::string>& warnings) {
        if (!noticed.insert(path).second) {
            return;
        }
        for (const std::string& w : warnings) {
            ctx.err << "casebook: warning: " << w << '\n';
        }
        if (!mention_kept_edits) {
            return;
        }
        for (const KeptEdit& kept : kept_edits(path)) {
            ctx.err << fmt::format("casebook: an unsaved edit of {} is kept in {}: 'casebook edit {}' resumes it, "
                                   "'casebook edit {} --discard' throws it away\n",
                                   kept.id, kept.file, kept.id, kept.id);
        }
    });
    struct Unset {
        ~Unset() // ctx does not outlive this call
        {
            set_migration_notice(nullptr);
            set_open_notice(nullptr);
        }
    } unset_notice;

    Action action;
    std::vector<Action> actions(commands().size());
    for (std::size_t i = 0; i < commands().size(); ++i) {
        const Command& c = commands()[i];
        CLI::App* sub = app.add_subcommand(c.name, c.summary);
        actions[i] = c.setup(*sub, ctx);
    }

    std::vector<std::string> given;
    try {
        given = normalised(args);
    } catch (const Error& e) {
        ctx.err << "casebook: error: " << e.what() << '\n';
        return static_cast<int>(e.exit());
    }
    // CLI11 parses in reverse order when given a vector; it expects argv order reversed.
    std::vector<std::string> reversed(given.rbegin(), given.rend());
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
    mention_kept_edits = !app.got_subcommand("edit");
    try {
        return action();
    } catch (const Error& e) {
        ctx.err << "casebook: error: " << terminal_safe(e.what(), LineBreaks::keep) << '\n';
        return static_cast<int>(e.exit());
    } catch (const std::bad_alloc&) {
        ctx.err << "casebook: error: out of memory\n";
        return static_cast<int>(Exit::io);
    } catch (const std::exception& e) {
        ctx.err << "casebook: error: " << terminal_safe(e.what(), LineBreaks::keep) << '\n';
        return static_cast<int>(Exit::io);
    }
}

} // namespace casebook::cli
