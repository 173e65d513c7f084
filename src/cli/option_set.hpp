// The options of a command, declared through CLI11 without including it: only
// option_set.cpp and run.cpp compile <CLI/CLI.hpp>, which is slow to compile.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}

namespace casebook::cli {

// One declared option; each modifier returns the option, as CLI11's do.
class Option {
public:
    // Wraps an option CLI11 made.
    explicit Option(CLI::Option* option) : option_(option) {}
    // Names the value in --help (FILE, N, ...).
    Option& type_name(const std::string& name);
    // Makes the option required.
    Option& required();
    // Makes giving both this option and other a usage error.
    Option& excludes(const Option& other);
    // Lets the option take between min and max values.
    Option& expected(int min, int max);
    // Shows the target's initial value in --help as the default.
    Option& capture_default_str();
    // Accepts only numbers >= 0.
    Option& non_negative();
    // Accepts only numbers from min to max.
    Option& range(double min, double max);
    // Accepts only numbers from min to max (N in --help reads UINT).
    Option& range(unsigned min, unsigned max);
    // Accepts only values (listed in --help) and, unlisted, aliases.
    Option& one_of(const std::vector<std::string>& values, const std::vector<std::string>& aliases = {});
    // Whether the option was given on the command line.
    bool given() const;
    // The CLI11 option, to compare with another.
    const CLI::Option* get() const { return option_; }

private:
    CLI::Option* option_;
};

// The options of one command (or subcommand): its CLI11 app, seen through a few calls.
class OptionSet {
public:
    // Declares options on app.
    explicit OptionSet(CLI::App& app) : app_(&app) {}
    // An option that takes a value (positional when name has no leading -), with its help line.
    Option add_option(const std::string& name, std::string& target, const std::string& help = "");
    Option add_option(const std::string& name, std::vector<std::string>& target, const std::string& help = "");
    Option add_option(const std::string& name, std::optional<std::string>& target, const std::string& help = "");
    Option add_option(const std::string& name, long long& target, const std::string& help = "");
    Option add_option(const std::string& name, std::optional<long long>& target, const std::string& help = "");
    Option add_option(const std::string& name, std::optional<double>& target, const std::string& help = "");
    Option add_option(const std::string& name, unsigned& target, const std::string& help = "");
    // A flag that sets target when given.
    Option add_flag(const std::string& name, bool& target, const std::string& help = "");
    // The text --help prints after the options.
    void footer(const std::string& text);
    // Declares a subcommand and returns its options.
    OptionSet add_subcommand(const std::string& name, const std::string& description);
    // Requires exactly n subcommands.
    void require_subcommand(int n);
    // Whether this (sub)command was given on the command line.
    bool parsed() const;
    // The index in options of the one given last on the command line, or -1 when none was.
    int last_given(std::initializer_list<Option> options) const;

private:
    CLI::App* app_;
};

} // namespace casebook::cli
