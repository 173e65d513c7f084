#include <algorithm>
#include <exception>
#include <iostream>
#include <optional>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "ops/edit.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"
#include "store/store.hpp"
#include "util/terminal.hpp"
#include "util/suggest.hpp"
#include "cli/command.hpp"

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
            throw Error(Exit::usage, say("unknown command \"{}\"; did you mean \"{}\"? ('casebook help' lists the commands)",
                                         args[0], closest_first(args[0], names).front()));
        }
    }
    return args;
}

// Takes "--lang es|en" (or "--lang=es") out of the arguments, wherever it is
// before "--": the language is chosen before anything is said. "" when not given.
std::string language_option(std::vector<std::string>& args)
{
    std::string wanted;
    for (std::size_t i = 0; i < args.size() && args[i] != "--";) {
        std::optional<std::string> value;
        if (args[i] == "--lang") {
            if (i + 1 >= args.size()) {
                throw Error(Exit::usage, tr("--lang needs a language: es or en"));
            }
            value = args[i + 1];
            args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        } else if (args[i].rfind("--lang=", 0) == 0) {
            value = args[i].substr(7);
            args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
        } else {
            ++i;
            continue;
        }
        if (*value != "es" && *value != "en") {
            throw Error(Exit::usage, say("--lang takes es or en, not \"{}\"", terminal_safe(*value)));
        }
        wanted = *value;
    }
    return wanted;
}

// --help in the chosen language: option descriptions (the literals given to
// add_option and add_flag, which scripts/po-template.sh extracts) and CLI11's labels.
void translate_help(CLI::App& app)
{
    app.set_help_flag("-h,--help", tr("Print this help message and exit"));
    for (CLI::Option* option : app.get_options([](const CLI::Option*) { return true; })) {
        option->description(tr(option->get_description().c_str()));
        if (option->get_group() == "Options") {
            option->group(tr("Options"));
        }
    }
}

} // namespace

int run(const std::vector<std::string>& arguments, Context& ctx)
{
    std::vector<std::string> args = arguments;
    try {
        choose_language("");
        choose_language(language_option(args));
    } catch (const Error& e) {
        ctx.err << "casebook: error: " << e.what() << '\n';
        return static_cast<int>(e.exit());
    }
    CLI::App app{tr("casebook: pseudonymous case records of people returned to danger, and the tables they add up to")};
    app.name("casebook");
    // Taken out of the arguments before parsing (language_option); declared for --help.
    std::string lang;
    app.add_option("--lang", lang, tr("Language of messages and prompts: es or en (default: from LC_ALL, LC_MESSAGES, LANG)"))
        ->type_name("LANG");
    app.require_subcommand(1);
    for (const char* label : {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("REQUIRED"), N_("Positionals")}) {
        app.get_formatter()->label(label, tr(label));
    }
    app.fallthrough(false);
    // Usage errors read like every other casebook error.
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return fmt::format("casebook: error: {}\n{}\n", e.what(), tr("Run with --help for more information."));
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

    translate_help(app);
    app.set_version_flag("--version", std::string("casebook ") + CASEBOOK_VERSION, tr("Display program version information and exit"));

    Action action;
    std::vector<Action> actions(commands().size());
    for (std::size_t i = 0; i < commands().size(); ++i) {
        const Command& c = commands()[i];
        CLI::App* sub = app.add_subcommand(c.name, tr(c.summary));
        actions[i] = c.setup(*sub, ctx);
        sub->group(tr("Subcommands"));
        translate_help(*sub);
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
