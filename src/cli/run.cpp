#include <algorithm>
#include <exception>
#include <iostream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <system_error>

#include <CLI/CLI.hpp>
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>

#include "ops/edit.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"
#include "json/json.hpp"
#include "util/terminal.hpp"
#include "util/suggest.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"

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


// The message of one of CLI11's parse errors in casebook's words and language:
// the kind of error (its class) and the names and numbers in CLI11's English
// message; in English the words are CLI11's own. A message of another shape is
// shown as CLI11 wrote it.
// An option the command does not have ("--fromat"): the closest it has, or
// nothing when the argument is not an option or the command is not known.
std::optional<std::string> unknown_option_message(const CLI::App* app, const std::string& arg)
{
    if (app == nullptr || arg.rfind("--", 0) != 0 || arg.size() < 3) {
        return std::nullopt;
    }
    const CLI::App* command = app;
    const std::vector<CLI::App*> parsed = app->get_subcommands();
    if (!parsed.empty()) {
        command = parsed.front();
    }
    std::vector<std::string> names;
    for (const CLI::Option* option : command->get_options([](const CLI::Option*) { return true; })) {
        for (const std::string& name : option->get_lnames()) {
            names.push_back("--" + name);
        }
    }
    const std::string given = arg.substr(0, arg.find('='));
    if (std::optional<std::string> close = closest_within(given, names)) {
        return say("unknown option {}; did you mean {}?", terminal_safe(given), *close);
    }
    return say("unknown option {}", terminal_safe(given));
}

std::string parse_error_message(const CLI::App* app, const CLI::Error& e)
{
    const std::string what = e.what();
    std::smatch m;
    auto is = [&](const char* pattern) { return std::regex_match(what, m, std::regex(pattern)); };
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        if (is("The following arguments? (?:was|were) not expected: (.*)")) {
            // The first unknown option among them, with the closest the command has.
            std::istringstream extras(m.str(1));
            for (std::string arg; extras >> arg;) {
                if (std::optional<std::string> unknown = unknown_option_message(app, arg)) {
                    return *unknown;
                }
            }
        }
        if (is("The following argument was not expected: (.*)")) {
            return say("The following argument was not expected: {}", m.str(1));
        }
        if (is("The following arguments were not expected: (.*)")) {
            return say("The following arguments were not expected: {}", m.str(1));
        }
    } else if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        if (what == "A subcommand is required") {
            return tr("A subcommand is required");
        }
        if (is("Requires at least ([0-9]+) subcommands")) {
            return say("Requires at least {} subcommands", m.str(1));
        }
        if (is("(.+) is required")) {
            return say("{} is required", m.str(1));
        }
    } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        if (is("(.+): ([0-9]+) required (.+) missing")) {
            return say("{}: {} required {} missing", m.str(1), m.str(2), m.str(3));
        }
        if (is("Expected exactly ([0-9]+) arguments to (.+), got ([0-9]+)")) {
            return say("Expected exactly {} arguments to {}, got {}", m.str(1), m.str(2), m.str(3));
        }
        if (is("Expected at least ([0-9]+) arguments to (.+), got ([0-9]+)")) {
            return say("Expected at least {} arguments to {}, got {}", m.str(1), m.str(2), m.str(3));
        }
        if (is("(.+): At least ([0-9]+) required but received ([0-9]+)")) {
            return say("{}: At least {} required but received {}", m.str(1), m.str(2), m.str(3));
        }
        if (is("(.+): At Most ([0-9]+) required but received ([0-9]+)")) {
            return say("{}: At Most {} required but received {}", m.str(1), m.str(2), m.str(3));
        }
        if (is("(.+) was given a disallowed flag override")) {
            return say("{} was given a disallowed flag override", m.str(1));
        }
    } else if (dynamic_cast<const CLI::ConversionError*>(&e)) {
        if (is("Could not convert: (.+) = (.*)")) {
            return say("Could not convert: {} = {}", m.str(1), m.str(2));
        }
        if (is("The value (.*) is not an allowed value for (.+)")) {
            return say("The value {} is not an allowed value for {}", m.str(1), m.str(2));
        }
        if (is("(.+): too many inputs for a flag")) {
            return say("{}: too many inputs for a flag", m.str(1));
        }
        if (is("(.+): Should be true/false or a number")) {
            return say("{}: Should be true/false or a number", m.str(1));
        }
    } else if (dynamic_cast<const CLI::ValidationError*>(&e)) {
        // "NAME: MESSAGE", the message casebook's own check's (translated) or a CLI11 validator's.
        if (is("(-[^ :]+): Value (.*) not in range (.+) to (.+)")) {
            // CLI::NonNegativeNumber: "0.000000 to 1797693…" (the largest double, in full).
            if ((m.str(3) == "0" || m.str(3) == "0.000000") && m.str(4).size() > 300) {
                return say("{}: Value {} is not a number of 0 or more", m.str(1), m.str(2));
            }
            return say("{}: Value {} not in range {} to {}", m.str(1), m.str(2), m.str(3), m.str(4));
        }
        if (is("(-[^ :]+): Value (.*) could not be converted")) {
            return say("{}: Value {} could not be converted", m.str(1), m.str(2));
        }
    } else if (dynamic_cast<const CLI::RequiresError*>(&e)) {
        if (is("(.+) requires (.+)")) {
            return say("{} requires {}", m.str(1), m.str(2));
        }
    } else if (dynamic_cast<const CLI::ExcludesError*>(&e)) {
        if (is("(.+) excludes (.+)")) {
            return say("{} excludes {}", m.str(1), m.str(2));
        }
    }
    return what;
}

} // namespace

int print_failure(const std::exception_ptr& failure, std::ostream& err)
{
    try {
        std::rethrow_exception(failure);
    } catch (const Error& e) {
        err << "casebook: error: " << terminal_safe(e.what(), LineBreaks::keep) << '\n';
        return static_cast<int>(e.exit());
    } catch (const std::bad_alloc&) {
        err << "casebook: error: " << tr("out of memory") << '\n';
        return static_cast<int>(Exit::io);
    } catch (const SQLite::Exception& e) {
        // The library turns what it expects of SQLite into Error; what is left is still the database's.
        err << "casebook: error: " << say("database: {}", terminal_safe(e.what(), LineBreaks::keep)) << '\n';
        return static_cast<int>(Exit::io);
    } catch (const std::system_error& e) {
        // The system's refusals (files, folders, threads): filesystem_error and ios_base::failure among them.
        err << "casebook: error: " << terminal_safe(e.what(), LineBreaks::keep) << '\n';
        return static_cast<int>(Exit::io);
    } catch (const Json::parse_error& e) {
        // Stored JSON that does not parse: the database was changed by something other than casebook.
        err << "casebook: error: " << say("damaged data in the database: {}", terminal_safe(e.what(), LineBreaks::keep))
            << '\n';
        return static_cast<int>(Exit::io);
    } catch (const std::exception& e) {
        // Anything else is a fault of casebook itself, not of the data or the system.
        err << "casebook: internal error: " << terminal_safe(e.what(), LineBreaks::keep) << '\n'
            << "casebook: " << tr("this is a bug in casebook: please report it, with the command that caused it") << '\n';
    } catch (...) {
        err << "casebook: internal error: " << tr("an exception of unknown type") << '\n'
            << "casebook: " << tr("this is a bug in casebook: please report it, with the command that caused it") << '\n';
    }
    return static_cast<int>(Exit::internal);
}

int run(const std::vector<std::string>& arguments, Context& ctx)
{
    std::vector<std::string> args = arguments;
    try {
        choose_language(ctx.env.language);
        const std::string wanted = language_option(args);
        choose_language(wanted.empty() ? ctx.env.language : wanted);
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
    app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
        return fmt::format("casebook: error: {}\n{}\n", parse_error_message(failed, e), tr("Run with --help for more information."));
    });

    // A database from an older casebook is migrated when a command opens it: say so, once.
    ctx.open.busy_timeout_ms = ctx.env.busy_timeout_ms;
    ctx.open.sharing = ctx.env.sharing;
    ctx.open.migrated = [&ctx](const std::string& path, int from, int to, const std::optional<std::string>& backup) {
        ctx.err << say("casebook: {} upgraded from database format {} to {}", path, from, to)
                << (backup ? say("; the old file is kept as {}", *backup) : std::string()) << '\n';
    };
    // Warnings about a database's files, and the edits kept for it (edit itself resumes them, and says so).
    bool mention_kept_edits = true;
    std::set<std::string> noticed;
    ctx.open.opened = [&](const std::string& path, const std::vector<std::string>& warnings) {
        if (!noticed.insert(path).second) {
            return;
        }
        for (const std::string& w : warnings) {
            ctx.err << "casebook: warning: " << w << '\n';
        }
        if (!mention_kept_edits) {
            return;
        }
        for (const ops::KeptEdit& kept : ops::kept_edits(ctx.env.state_folder, path)) {
            ctx.err << say("casebook: an unsaved edit of {} is kept in {}: 'casebook edit {}' resumes it, "
                           "'casebook edit {} --discard' throws it away\n",
                           kept.id, kept.file, kept.id, kept.id);
        }
    };
    struct Unset {
        Context& ctx;
        ~Unset() // the notices hold this call's state
        {
            ctx.open.migrated = nullptr;
            ctx.open.opened = nullptr;
        }
    } unset_notices{ctx};

    translate_help(app);
    app.set_version_flag("--version", std::string("casebook ") + CASEBOOK_VERSION, tr("Display program version information and exit"));

    Action action;
    std::vector<Action> actions(commands().size());
    for (std::size_t i = 0; i < commands().size(); ++i) {
        const Command& c = commands()[i];
        CLI::App* sub = app.add_subcommand(c.name, tr(c.summary));
        OptionSet options(*sub);
        actions[i] = c.setup(options, ctx);
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
    } catch (...) {
        return print_failure(std::current_exception(), ctx.err);
    }
}

} // namespace casebook::cli
