// Asking one question: what it shows, what Enter gives, and the checks an
// answer passes before it is kept (interview_session.hpp).
#include "ops/interview_session.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ops/interview_sources.hpp"
#include "ops/interview_wording.hpp"
#include "schema/schema_validator.hpp"
#include "util/i18n.hpp"

namespace casebook::ops::interview {

namespace {

// Free texts: read over several lines (or in the editor).
bool is_free_text(const Field& f, const std::string& pointer)
{
    return f.kind == Kind::text && (pointer == "/narrative" || pointer == "/notes");
}

} // namespace

bool Interview::ask_yes_no(const std::string& question, bool default_yes, bool new_question)
{
    if (new_question) {
        begin_question();
    }
    const std::string hint = default_yes ? tr("[Y/n]") : tr("[y/N]");
    auto help = [this]() { out() << "  " << tr("answer y (yes) or n (no); Enter gives the capital letter; < goes back") << '\n'; };
    for (;;) {
        const std::string a = read_answer(question + " " + hint + " ", help);
        if (a.empty()) {
            return default_yes;
        }
        input::Parsed<bool> yes = input::parse_yes_no(a);
        if (yes.value) {
            return *yes.value;
        }
        out() << "  " << yes.error << '\n';
    }
}

std::optional<std::string> Interview::default_for(const Field& f, const std::string& pointer) const
{
    if (pointer == "/recorded/date" && !options_.today.empty()) {
        return options_.today;
    }
    if (auto d = options_.defaults.find(pointer); d != options_.defaults.end() && !d->second.empty()) {
        return d->second;
    }
    if (pointer.rfind("/sources/", 0) == 0 && f.key == "id") {
        return suggested_source_id();
    }
    // Most returns are from the last country reached, to the country of origin.
    if (pointer.rfind("/returns/", 0) == 0 && f.key == "from") {
        return last_string(record_, "/journey", "country");
    }
    if (pointer.rfind("/returns/", 0) == 0 && f.key == "to") {
        const Json::json_pointer origin("/origin/country");
        if (record_.contains(origin) && record_.at(origin).is_string()) {
            return record_.at(origin).get<std::string>();
        }
    }
    if (f.schema_default && f.schema_default->is_string()) {
        return f.schema_default->get<std::string>();
    }
    return std::nullopt;
}

std::string Interview::suggested_source_id() const
{
    const std::vector<std::string> listed = string_members(record_, "/sources", "id");
    for (const std::string& cited : cited_sources(record_)) {
        if (std::find(listed.begin(), listed.end(), cited) == listed.end()) {
            return cited;
        }
    }
    for (int n = 1;; ++n) {
        std::string id = "s" + std::to_string(n);
        if (std::find(listed.begin(), listed.end(), id) == listed.end()) {
            return id;
        }
    }
}

std::string Interview::choice_line(const Field& f, std::size_t i) const
{
    std::string line = f.choices[i];
    if (language() != "en") {
        line += " = " + value_label(f.choices[i]);
    }
    if (i < f.glosses.size() && !f.glosses[i].empty()) {
        line += " (" + std::string(tr(f.glosses[i].c_str())) + ')';
    }
    return line;
}

void Interview::show_choices(const Field& f)
{
    bool glossed = language() != "en";
    for (const std::string& g : f.glosses) {
        glossed = glossed || !g.empty();
    }
    if (!glossed && f.choices.size() <= 6) {
        out() << ' ';
        for (std::size_t i = 0; i < f.choices.size(); ++i) {
            out() << fmt::format("  {}. {}", i + 1, f.choices[i]);
        }
        out() << '\n';
        return;
    }
    for (std::size_t i = 0; i < f.choices.size(); ++i) {
        out() << fmt::format("  {:>2}. {}", i + 1, choice_line(f, i)) << '\n';
    }
}

void Interview::help(const Field& f, Need need, const std::optional<std::string>& def)
{
    out() << "  " << tr(f.description.c_str()) << '\n';
    switch (f.kind) {
    case Kind::choice:
    case Kind::choice_list:
        out() << "  " << (f.kind == Kind::choice ? tr("one of:") : tr("one or more of (separated by commas):")) << '\n';
        for (std::size_t i = 0; i < f.choices.size(); ++i) {
            out() << fmt::format("    {:>2}. {}", i + 1, choice_line(f, i)) << '\n';
        }
        break;
    case Kind::boolean: out() << "  " << tr("y (yes) or n (no)") << '\n'; break;
    case Kind::country: out() << "  " << tr("a country: its name (in English or Spanish) or its code (SLV, SV)") << '\n'; break;
    case Kind::date: out() << "  " << tr("a date: YYYY, YYYY-MM or YYYY-MM-DD") << '\n'; break;
    case Kind::integer: out() << "  " << tr("a whole number") << '\n'; break;
    case Kind::text_list: out() << "  " << tr("one or more values separated by commas") << '\n'; break;
    default: break;
    }
    if (def) {
        out() << "  " << say("Enter gives {}", *def) << '\n';
    } else if (need == Need::optional) {
        out() << "  " << tr("Enter leaves it out (not recorded)") << '\n';
    } else {
        out() << "  " << tr("this answer is required") << '\n';
    }
    out() << "  " << tr("< goes back one question") << '\n';
}

std::string Interview::hint(const Field& f, Need need, const std::optional<std::string>& def, const std::string& holder) const
{
    std::string h;
    switch (f.kind) {
    case Kind::choice: h = fmt::format(" [1-{}]", f.choices.size()); break;
    case Kind::choice_list: h = std::string(" ") + tr("[numbers or values, comma-separated]"); break;
    case Kind::text_list: h = std::string(" ") + tr("[comma-separated]"); break;
    case Kind::boolean: h = std::string(" ") + tr("[y/n]"); break;
    case Kind::country: h = std::string(" ") + tr("[code or name]"); break;
    default: break;
    }
    if (def) {
        h += " [" + *def + "]";
    } else if (f.key == "id" && holder.empty()) {
        h += std::string(" ") + tr("[Enter: assigned when saved, <ORIGIN>-NNNN]");
    }
    if (need == Need::required) {
        h += std::string(" ") + tr("(required)");
    } else if (need == Need::required_or_drop && !def) {
        h += " " + say("(Enter: no {})", tr(label_of(holder).c_str()));
    }
    return h;
}

input::Parsed<Json> Interview::value_of(const Field& f, const std::string& answer)
{
    auto from = [](auto parsed) -> input::Parsed<Json> {
        if (!parsed.value) {
            return {std::nullopt, parsed.error};
        }
        return {Json(*parsed.value), ""};
    };
    switch (f.kind) {
    case Kind::choice: return from(input::parse_choice(answer, f.choices));
    case Kind::choice_list: return from(input::parse_choices(answer, f.choices));
    case Kind::boolean: return from(input::parse_yes_no(answer));
    case Kind::country: return from(input::parse_country(answer));
    case Kind::date: return from(input::parse_date_answer(answer));
    case Kind::integer: return from(input::parse_integer(answer));
    case Kind::text_list: {
        std::vector<std::string> items = input::split_list(answer);
        if (items.empty()) {
            return {std::nullopt, tr("type one or more values separated by commas")};
        }
        return {Json(items), ""};
    }
    default: return {Json(answer), ""};
    }
}

std::vector<Problem> Interview::problems_at(const Json& candidate, const std::string& pointer) const
{
    std::vector<Problem> all;
    SchemaValidator::builtin().check(candidate, all);
    record::check_cross_field_rules(candidate, all);
    std::vector<Problem> here;
    for (Problem& p : all) {
        const bool at = p.pointer == pointer || p.pointer.rfind(pointer + "/", 0) == 0;
        if (at && p.severity == Severity::error && p.code != "unknown_source") {
            here.push_back(std::move(p));
        }
    }
    return here;
}

Outcome Interview::ask_field(const Field& f, const std::string& pointer, Need need, const std::string& holder,
                             const std::optional<std::string>& current)
{
    begin_question();
    asking_sensitive_ = f.sensitive;
    const std::optional<std::string> def = current ? current : default_for(f, pointer);
    const Reading how = is_free_text(f, pointer) ? Reading::text : Reading::line;
    out() << tr(f.description.c_str()) << '\n';
    if (f.kind == Kind::choice || f.kind == Kind::choice_list) {
        show_choices(f);
    }
    std::string prompt = tr(label_of(f.key).c_str()) + hint(f, need, how == Reading::text && def ? std::nullopt : def, holder);
    if (how == Reading::text) {
        prompt += current ? std::string("\n") + tr("(several lines; a line holding only . ends; Enter alone keeps it, - removes it)")
                          : std::string("\n") + tr("(several lines; a line holding only . ends the text; Enter alone leaves it out)");
    }
    prompt += ": ";
    if (how == Reading::text) {
        prompt += '\n';
    }
    for (;;) {
        std::string answer = read_answer(prompt, [&]() { help(f, need, def); }, how);
        if (answer == "-" && (current || (def && need == Need::optional))) {
            if (current) {
                erase(pointer);
            }
            return Outcome::skipped;
        }
        if (answer.empty() && def) {
            answer = *def;
        }
        if (answer.empty()) {
            if (need == Need::optional) {
                return Outcome::skipped;
            }
            if (need == Need::required_or_drop) {
                return Outcome::drop_object;
            }
            out() << "  " << tr("this answer is required") << '\n';
            continue;
        }
        input::Parsed<Json> value = value_of(f, answer);
        if (!value.value) {
            out() << "  " << value.error << '\n';
            continue;
        }
        if (pointer == "/id" && options_.id_taken && options_.id_taken(value.value->get<std::string>())) {
            out() << "  "
                  << say("id \"{}\" is already in the database: choose another, or press Enter to have one assigned",
                         value.value->get<std::string>())
                  << '\n';
            continue;
        }
        Json candidate = record_;
        candidate[Json::json_pointer(pointer)] = *value.value;
        std::vector<Problem> problems = problems_at(candidate, pointer);
        if (!problems.empty()) {
            for (const Problem& p : problems) {
                out() << "  " << p.message << '\n';
            }
            if (need == Need::optional) {
                out() << "  " << tr("(type another answer, or press Enter to leave it out)") << '\n';
            }
            continue;
        }
        record_ = std::move(candidate);
        // Say what a number, a prefix or a country name stood for.
        if (f.kind == Kind::choice || f.kind == Kind::choice_list || f.kind == Kind::country) {
            const std::string stored = shown(f, *value.value, false);
            if (stored != answer) {
                out() << "  = " << stored << '\n';
            }
        }
        return Outcome::answered;
    }
}

} // namespace casebook::ops::interview
