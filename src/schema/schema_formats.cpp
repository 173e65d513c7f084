// The formats of draft-07 section 7.3 beyond dates and times: e-mail
// addresses (RFC 5322 addr-spec, dot-atom form), host names (RFC 1123),
// IPv4 and IPv6 addresses (RFC 2673, RFC 4291), URIs and URI references
// (RFC 3986), JSON Pointers (RFC 6901), relative JSON Pointers and regular
// expressions (those casebook's patterns take).
#include "schema/schema_formats.hpp"

#include <cstring>
#include <string_view>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/pattern.hpp"

namespace casebook {

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_hex(char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

bool one_of(char c, const char* set)
{
    return c != '\0' && std::strchr(set, c) != nullptr;
}

bool is_hostname(std::string_view s)
{
    if (s.empty() || s.size() > 253) {
        return false;
    }
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t end = std::min(s.find('.', start), s.size());
        const std::string_view label = s.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (char c : label) {
            if (!is_alpha(c) && !is_digit(c) && c != '-') {
                return false;
            }
        }
        start = end + 1;
    }
    return true;
}

bool is_ipv4(std::string_view s)
{
    int parts = 0;
    std::size_t i = 0;
    while (true) {
        std::size_t digits = 0;
        int value = 0;
        while (i < s.size() && is_digit(s[i]) && digits < 4) {
            value = value * 10 + (s[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s[i - digits] == '0')) {
            return false;
        }
        if (++parts == 4) {
            return i == s.size();
        }
        if (i >= s.size() || s[i] != '.') {
            return false;
        }
        ++i;
    }
}

bool is_ipv6(std::string_view s)
{
    const std::size_t gap = s.find("::");
    if (gap != std::string_view::npos && s.find("::", gap + 1) != std::string_view::npos) {
        return false;
    }
    // The groups on either side of "::" (or all of them), the last perhaps a dotted IPv4 address.
    auto groups = [](std::string_view part, bool last, int& count) {
        if (part.empty()) {
            return true;
        }
        std::size_t start = 0;
        while (start <= part.size()) {
            const std::size_t end = std::min(part.find(':', start), part.size());
            const std::string_view g = part.substr(start, end - start);
            if (last && end == part.size() && g.find('.') != std::string_view::npos) {
                count += 2;
                return is_ipv4(g);
            }
            if (g.empty() || g.size() > 4) {
                return false;
            }
            for (char c : g) {
                if (!is_hex(c)) {
                    return false;
                }
            }
            ++count;
            start = end + 1;
        }
        return true;
    };
    int count = 0;
    if (gap == std::string_view::npos) {
        return groups(s, true, count) && count == 8;
    }
    return groups(s.substr(0, gap), false, count) && groups(s.substr(gap + 2), true, count) && count <= 7;
}

bool is_email(std::string_view s)
{
    const std::size_t at = s.rfind('@');
    if (at == std::string_view::npos || at == 0) {
        return false;
    }
    const std::string_view local = s.substr(0, at);
    const std::string_view domain = s.substr(at + 1);
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
        return false;
    }
    for (char c : local) {
        if (!is_alpha(c) && !is_digit(c) && !one_of(c, "!#$%&'*+-/=?^_`{|}~.")) {
            return false;
        }
    }
    if (domain.size() > 2 && domain.front() == '[' && domain.back() == ']') {
        const std::string_view literal = domain.substr(1, domain.size() - 2);
        return literal.rfind("IPv6:", 0) == 0 ? is_ipv6(literal.substr(5)) : is_ipv4(literal);
    }
    return is_hostname(domain);
}

// RFC 3986 characters a URI may hold outside percent-escapes, beyond letters and digits.
constexpr const char* uri_marks = "-._~:/?#[]@!$&'()*+,;=";

// Every character a URI may hold, each '%' starting an escape; '[' and ']' only in the host.
bool uri_characters(std::string_view s, std::size_t host_start, std::size_t host_end)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
                return false;
            }
            i += 2;
        } else if ((c == '[' || c == ']') && !(i >= host_start && i < host_end)) {
            return false;
        } else if (!is_alpha(c) && !is_digit(c) && !one_of(c, uri_marks)) {
            return false;
        }
    }
    return s.find('#') == s.rfind('#'); // one fragment at most
}

// The length of a URI's scheme and its ':', or 0 when it has none.
std::size_t scheme_length(std::string_view s)
{
    if (s.empty() || !is_alpha(s[0])) {
        return 0;
    }
    std::size_t i = 1;
    while (i < s.size() && (is_alpha(s[i]) || is_digit(s[i]) || one_of(s[i], "+-."))) {
        ++i;
    }
    return i < s.size() && s[i] == ':' ? i + 1 : 0;
}

// A URI reference (a URI when absolute is required): characters, and an
// authority's host a name, an IPv4 address or an [IPv6] literal.
bool is_uri_reference(std::string_view s, bool absolute)
{
    const std::size_t scheme = scheme_length(s);
    if (absolute && scheme == 0) {
        return false;
    }
    std::size_t host_start = 0, host_end = 0;
    if (s.compare(scheme, 2, "//") == 0) {
        const std::size_t start = scheme + 2;
        const std::size_t end = std::min(s.find_first_of("/?#", start), s.size());
        const std::string_view authority = s.substr(start, end - start);
        const std::size_t at = authority.rfind('@');
        std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
        host_start = start + (at == std::string_view::npos ? 0 : at + 1);
        if (!host.empty() && host.front() == '[') {
            const std::size_t close = host.find(']');
            if (close == std::string_view::npos || !is_ipv6(host.substr(1, close - 1))) {
                return false;
            }
            host_end = host_start + close + 1;
            host = host.substr(close + 1);
        } else {
            host = host.substr(std::min(host.find(':'), host.size()));
        }
        if (!host.empty()) { // what follows the host: a port
            if (host.front() != ':') {
                return false;
            }
            for (char c : host.substr(1)) {
                if (!is_digit(c)) {
                    return false;
                }
            }
        }
    } else if (scheme == 0) {
        // A relative reference: no ':' in its first segment, or it would be read as a scheme.
        const std::size_t colon = s.find(':');
        if (colon != std::string_view::npos && colon < std::min(s.find_first_of("/?#"), s.size())) {
            return false;
        }
    }
    return uri_characters(s, host_start, host_end);
}

bool is_json_pointer(std::string_view s)
{
    if (!s.empty() && s.front() != '/') {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '~' && (i + 1 == s.size() || (s[i + 1] != '0' && s[i + 1] != '1'))) {
            return false;
        }
    }
    return true;
}

bool is_relative_json_pointer(std::string_view s)
{
    std::size_t digits = 0;
    while (digits < s.size() && is_digit(s[digits])) {
        ++digits;
    }
    if (digits == 0 || (digits > 1 && s[0] == '0')) {
        return false;
    }
    const std::string_view rest = s.substr(digits);
    return rest == "#" || is_json_pointer(rest);
}

bool is_regex(const std::string& s)
{
    try {
        const Pattern p(s);
        return true;
    } catch (const Error&) {
        return false;
    }
}

struct Format {
    const char* name;
    bool (*check)(const std::string&);
    const char* what; // N_: what a value in this format is
};

const Format formats[] = {
    {"email", [](const std::string& s) { return is_email(s); }, N_("an e-mail address")},
    {"hostname", [](const std::string& s) { return is_hostname(s); }, N_("a host name")},
    {"ipv4", [](const std::string& s) { return is_ipv4(s); }, N_("an IPv4 address")},
    {"ipv6", [](const std::string& s) { return is_ipv6(s); }, N_("an IPv6 address")},
    {"uri", [](const std::string& s) { return is_uri_reference(s, true); }, N_("a URI (with a scheme, such as https:)")},
    {"uri-reference", [](const std::string& s) { return is_uri_reference(s, false); }, N_("a URI reference")},
    {"json-pointer", [](const std::string& s) { return is_json_pointer(s); }, N_("a JSON Pointer")},
    {"relative-json-pointer", [](const std::string& s) { return is_relative_json_pointer(s); }, N_("a relative JSON Pointer")},
    {"regex", [](const std::string& s) { return is_regex(s); }, N_("a regular expression casebook can use")},
};

} // namespace

std::optional<std::string> format_problem(const std::string& format, const std::string& s)
{
    for (const Format& f : formats) {
        if (format == f.name) {
            if (f.check(s)) {
                return std::nullopt;
            }
            return say("is not {} (format \"{}\")", tr(f.what), format);
        }
    }
    return std::nullopt;
}

} // namespace casebook
