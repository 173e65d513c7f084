// The options of a command, through CLI11: this file and run.cpp are the only ones that compile it.
#include "cli/option_set.hpp"

#include <CLI/CLI.hpp>

#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

std::string joined(const std::vector<std::string>& values, const char* separator)
{
    std::string out;
    for (const std::string& v : values) {
        out += (out.empty() ? "" : separator) + v;
    }
    return out;
}

} // namespace

Option& Option::type_name(const std::string& name)
{
    option_->type_name(name);
    return *this;
}

Option& Option::required()
{
    option_->required();
    return *this;
}

Option& Option::excludes(const Option& other)
{
    option_->excludes(other.option_);
    return *this;
}

Option& Option::expected(int min, int max)
{
    option_->expected(min, max);
    return *this;
}

Option& Option::capture_default_str()
{
    option_->capture_default_str();
    return *this;
}

Option& Option::non_negative()
{
    option_->check(CLI::NonNegativeNumber);
    return *this;
}

Option& Option::range(double min, double max)
{
    option_->check(CLI::Range(min, max));
    return *this;
}

Option& Option::range(unsigned min, unsigned max)
{
    option_->check(CLI::Range(min, max));
    return *this;
}

Option& Option::one_of(const std::vector<std::string>& values, const std::vector<std::string>& aliases)
{
    // --help shows the values after the type name (TEXT:{a,b}); bash completion reads them there.
    CLI::Validator choices(
        [values, aliases](std::string& input) -> std::string {
            for (const std::vector<std::string>* list : {&values, &aliases}) {
                for (const std::string& v : *list) {
                    if (input == v) {
                        return "";
                    }
                }
            }
            return say("\"{}\" is not one of {}", input, joined(values, ", "));
        },
        "{" + joined(values, ",") + "}");
    option_->check(choices);
    return *this;
}

bool Option::given() const
{
    return option_->count() > 0;
}

Option OptionSet::add_option(const std::string& name, std::string& target, const std::string& help)
{
    return Option(app_->add_option(name, target, help));
}

Option OptionSet::add_option(const std::string& name, std::vector<std::string>& target, const std::string& help)
{
    return Option(app_->add_option(name, target, help));
}

Option OptionSet::add_option(const std::string& name, std::optional<std::string>& target, const std::string& help)
{
    return Option(app_->add_option(name, target, help));
}

Option OptionSet::add_option(const std::string& name, long long& target, const std::string& help)
{
    return Option(app_->add_option(name, target, help));
}

Option OptionSet::add_option(const std::string& name, std::optional<long long>& target, const std::string& help)
{
    return Option(app_->add_option(name, target, help));
}

Option OptionSet::add_option(const std::string& name, std::optional<double>& target, const std::string& help)
{
    return Option(app_->add_option(name, target, help));
}

Option OptionSet::add_option(const std::string& name, unsigned& target, const std::string& help)
{
    return Option(app_->add_option(name, target, help));
}

Option OptionSet::add_flag(const std::string& name, bool& target, const std::string& help)
{
    return Option(app_->add_flag(name, target, help));
}

void OptionSet::footer(const std::string& text)
{
    app_->footer(text);
}

OptionSet OptionSet::add_subcommand(const std::string& name, const std::string& description)
{
    return OptionSet(*app_->add_subcommand(name, description));
}

void OptionSet::require_subcommand(int n)
{
    app_->require_subcommand(n);
}

bool OptionSet::parsed() const
{
    return app_->parsed();
}

int OptionSet::last_given(std::initializer_list<Option> options) const
{
    int last = -1;
    for (const CLI::Option* given : app_->parse_order()) {
        int i = 0;
        for (const Option& option : options) {
            if (option.get() == given) {
                last = i;
            }
            ++i;
        }
    }
    return last;
}

} // namespace casebook::cli
