#include "input/answers.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "util/countries.hpp"
#include "util/dates.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

namespace {

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string joined(const std::vector<std::string>& values, std::string_view sep)
{
    std::string out;
    for (const std::string& v : values) {
        out += (out.empty() ? "" : std::string(sep)) + v;
    }
    return out;
}

// Words people use for a vocabulary value, in either language, that are
// neither the value nor its label; folded.
bool is_alias(const std::string& value, const std::string& key)
{
    static const std::pair<const char*, const char*> aliases[] = {
        {"female", "mujer"},    {"female", "femenino"}, {"female", "woman"}, {"male", "hombre"},
        {"male", "masculino"}, {"male", "man"},        {"other", "otro"},   {"other", "otra"},
        {"unknown", "desconocido"}, {"unknown", "nosesabe"},
    };
    for (const auto& [v, alias] : aliases) {
        if (value == v && key == alias) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string trim_answer(std::string_view text)
{
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

std::string text_problem(std::string_view answer, bool several_lines)
{
    for (std::size_t i = 0; i < answer.size();) {
        const auto c = static_cast<unsigned char>(answer[i]);
        if (c < 0x80) {
            if (c == '\n' && !several_lines) {
                return tr("the answer holds a line break (was it pasted?): this question takes one line; type or paste it again");
            }
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
                return tr("the answer holds control characters (from arrow or function keys?): type it again");
            }
            ++i;
            continue;
        }
        // Well-formed UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
        std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        bool ok = n != 0 && i + n <= answer.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            ok = (static_cast<unsigned char>(answer[i + k]) & 0xC0) == 0x80;
        }
        if (ok && n >= 3) {
            const auto c1 = static_cast<unsigned char>(answer[i + 1]);
            ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 > 0x9F) && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 > 0x8F);
        }
        if (!ok) {
            return tr("the answer is not UTF-8 text: set the terminal to UTF-8 and type it again");
        }
        i += n;
    }
    return "";
}

Parsed<std::string> parse_choice(std::string_view answer, const std::vector<std::string>& choices)
{
    const std::string given = trim_answer(answer);
    if (given.empty()) {
        return {std::nullopt, tr("type a number or a value from the list")};
    }
    if (all_digits(given)) {
        std::size_t n = 0;
        auto [end, ec] = std::from_chars(given.data(), given.data() + given.size(), n);
        if (ec == std::errc() && end == given.data() + given.size() && n >= 1 && n <= choices.size()) {
            return {choices[n - 1], ""};
        }
        return {std::nullopt, fmt::format(fmt::runtime(tr("{} is not a number from the list: type 1 to {}, or the value")), given,
                                          choices.size())};
    }
    // The value or its label, in either spelling: case, accents and spaces do not count.
    const std::string key = folded(given);
    std::vector<std::string> matches;
    for (const std::string& c : choices) {
        const std::string value = folded(c);
        const std::string label = folded(value_label(c));
        if (value == key || label == key || is_alias(c, key)) {
            return {c, ""};
        }
        if (value.rfind(key, 0) == 0 || label.rfind(key, 0) == 0) {
            matches.push_back(c);
        }
    }
    if (matches.size() == 1) {
        return {matches.front(), ""};
    }
    if (matches.size() > 1) {
        return {std::nullopt, fmt::format(fmt::runtime(tr("\"{}\" could be {}: type more of the value, or its number")), given,
                                          joined(matches, ", "))};
    }
    return {std::nullopt, fmt::format(fmt::runtime(tr("\"{}\" is not one of the choices: type a number from the list or a value")), given)};
}

Parsed<std::vector<std::string>> parse_choices(std::string_view answer, const std::vector<std::string>& choices)
{
    std::vector<std::string> values;
    auto add = [&values](const std::string& v) {
        if (std::find(values.begin(), values.end(), v) == values.end()) {
            values.push_back(v);
        }
    };
    // Commas (or semicolons) separate answers; a part that is not one label of
    // several words ("amenaza de pandillas") is several answers separated by spaces.
    std::string text(answer);
    text += ',';
    std::string part;
    for (char c : text) {
        if (c != ',' && c != ';') {
            part += c;
            continue;
        }
        const std::string whole = trim_answer(part);
        part.clear();
        if (whole.empty()) {
            continue;
        }
        if (Parsed<std::string> one = parse_choice(whole, choices); one.value) {
            add(*one.value);
            continue;
        }
        std::string token;
        for (char w : whole + ' ') {
            if (w != ' ' && w != '\t') {
                token += w;
                continue;
            }
            if (!token.empty()) {
                Parsed<std::string> one = parse_choice(token, choices);
                if (!one.value) {
                    return {std::nullopt, one.error};
                }
                add(*one.value);
                token.clear();
            }
        }
    }
    if (values.empty()) {
        return {std::nullopt, tr("type one or more numbers or values from the list, separated by commas")};
    }
    return {values, ""};
}

Parsed<bool> parse_yes_no(std::string_view answer)
{
    // English and Spanish: y, yes, s, sí, si; n, no.
    const std::string a = folded(trim_answer(answer));
    if (a == "y" || a == "yes" || a == "true" || a == "s" || a == "si") {
        return {true, ""};
    }
    if (a == "n" || a == "no" || a == "false") {
        return {false, ""};
    }
    return {std::nullopt, tr("answer y (yes) or n (no)")};
}

Parsed<std::string> parse_country(std::string_view answer)
{
    const std::string given = trim_answer(answer);
    if (auto code = country_code_for_answer(given)) {
        return {std::string(*code), ""};
    }
    // A part of a name that names exactly one country ("salvador") is enough.
    const std::string key = folded(given);
    std::vector<const Country*> found;
    for (const Country& c : countries()) {
        for (std::string_view name : {c.name, c.official_name, c.common_name}) {
            if (!name.empty() && (folded(name).find(key) != std::string::npos ||
                                  folded(country_label(c.code)).find(key) != std::string::npos)) {
                found.push_back(&c);
                break;
            }
        }
    }
    if (found.size() == 1 && key.size() >= 4) {
        return {std::string(found.front()->code), ""};
    }
    std::vector<std::string> named;
    if (!found.empty() && found.size() <= 8 && key.size() >= 2) {
        for (const Country* c : found) {
            named.push_back(fmt::format("{} ({})", country_label(c->code), c->code));
        }
        return {std::nullopt, fmt::format(fmt::runtime(tr("\"{}\" could be {}: type the code or the full name")), given,
                                          joined(named, ", "))};
    }
    for (std::string_view code : countries_like(given)) {
        named.push_back(fmt::format("{} ({})", country_label(code), code));
    }
    if (!named.empty()) {
        return {std::nullopt, fmt::format(fmt::runtime(tr("\"{}\" is not a country casebook knows: did you mean {}?")), given,
                                          joined(named, ", "))};
    }
    return {std::nullopt, fmt::format(fmt::runtime(tr("\"{}\" is not a country code or name casebook knows: type the ISO 3166-1 "
                                                      "alpha-3 code (e.g. SLV, GTM, HND, MEX, USA) or the name")),
                                      given)};
}

Parsed<std::string> parse_date_answer(std::string_view answer)
{
    const std::string given = trim_answer(answer);
    if (parse_partial_date(given)) {
        return {given, ""};
    }
    if (is_impossible_date(given)) {
        return {std::nullopt, fmt::format(fmt::runtime(tr("\"{}\" is not a day of the calendar: check the day and month")), given)};
    }
    return {std::nullopt, fmt::format(fmt::runtime(tr("\"{}\" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2017, "
                                                      "2017-03 or 2017-03-09)")),
                                      given)};
}

Parsed<long long> parse_integer(std::string_view answer)
{
    const std::string given = trim_answer(answer);
    std::string_view digits = given;
    if (!digits.empty() && digits.front() == '-') {
        digits.remove_prefix(1);
    }
    long long n = 0;
    if (all_digits(digits) && digits.size() <= 12) {
        auto [end, ec] = std::from_chars(given.data(), given.data() + given.size(), n);
        if (ec == std::errc() && end == given.data() + given.size()) {
            return {n, ""};
        }
    }
    return {std::nullopt, fmt::format(fmt::runtime(tr("\"{}\" is not a whole number: type digits only (e.g. 1996)")), given)};
}

std::vector<std::string> split_list(std::string_view answer)
{
    std::vector<std::string> items;
    std::string text(answer);
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) {
            comma = text.size();
        }
        std::string item = trim_answer(std::string_view(text).substr(start, comma - start));
        if (!item.empty() && std::find(items.begin(), items.end(), item) == items.end()) {
            items.push_back(item);
        }
        start = comma + 1;
    }
    return items;
}

} // namespace casebook::input
