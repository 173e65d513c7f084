#include "util/pattern.hpp"

#include <cctype>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <re2/re2.h>

#include "util/error.hpp"
#include "util/quoting.hpp"

namespace casebook {

namespace {

// A compiled pattern's memory: RE2 refuses a pattern whose automaton needs more.
constexpr int64_t max_pattern_memory = 8 << 20;

[[noreturn]] void cannot_take(std::string_view ecma, const std::string& why)
{
    throw Error(Exit::usage, fmt::format("the schema's pattern \"{}\" cannot be used: {}", shorten(ecma), why));
}

[[noreturn]] void unsupported(std::string_view ecma, std::string_view what)
{
    cannot_take(ecma, fmt::format("{} is not supported by casebook's regular expressions (RE2, which match in linear "
                                  "time); write the pattern without it",
                                  what));
}

bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hex_value(std::string_view s)
{
    unsigned v = 0;
    for (char c : s) {
        v = v * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

} // namespace

std::string ecma_to_re2(std::string_view ecma)
{
    std::string out;
    out.reserve(ecma.size() + 8);
    bool in_class = false;
    for (std::size_t i = 0; i < ecma.size(); ++i) {
        const char c = ecma[i];
        if (c == '\\') {
            if (i + 1 == ecma.size()) {
                cannot_take(ecma, "it ends in a lone backslash");
            }
            const char e = ecma[++i];
            if (e >= '1' && e <= '9' && !in_class) {
                unsupported(ecma, fmt::format("a backreference (\\{})", e));
            }
            if (e == 'k' && i + 1 < ecma.size() && ecma[i + 1] == '<') {
                unsupported(ecma, "a named backreference (\\k<...>)");
            }
            if (e == 'u') {
                // \uXXXX (a surrogate pair makes one code point) or \u{X...}
                if (i + 1 < ecma.size() && ecma[i + 1] == '{') {
                    std::size_t close = ecma.find('}', i + 2);
                    if (close == std::string_view::npos || close == i + 2 || close - i - 2 > 6) {
                        cannot_take(ecma, "a \\u{...} escape is not closed");
                    }
                    out += "\\x{" + std::string(ecma.substr(i + 2, close - i - 2)) + "}";
                    i = close;
                    continue;
                }
                if (i + 4 < ecma.size() && is_hex(ecma[i + 1]) && is_hex(ecma[i + 2]) && is_hex(ecma[i + 3]) && is_hex(ecma[i + 4])) {
                    unsigned cp = hex_value(ecma.substr(i + 1, 4));
                    i += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < ecma.size() && ecma[i + 1] == '\\' && ecma[i + 2] == 'u' &&
                        is_hex(ecma[i + 3]) && is_hex(ecma[i + 4]) && is_hex(ecma[i + 5]) && is_hex(ecma[i + 6])) {
                        unsigned low = hex_value(ecma.substr(i + 3, 4));
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            i += 6;
                        }
                    }
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        unsupported(ecma, "a lone surrogate (\\uD800-\\uDFFF)");
                    }
                    out += fmt::format("\\x{{{:X}}}", cp);
                    continue;
                }
                out += 'u'; // "\u" without digits is the letter u
                continue;
            }
            if (e == 'c' && i + 1 < ecma.size() && std::isalpha(static_cast<unsigned char>(ecma[i + 1]))) {
                out += fmt::format("\\x{{{:02X}}}", static_cast<unsigned>(ecma[++i]) % 32);
                continue;
            }
            if (e == 'b' && in_class) {
                out += "\\x08"; // [\b] is a backspace
                continue;
            }
            if (e == '0' && !(i + 1 < ecma.size() && ecma[i + 1] >= '0' && ecma[i + 1] <= '9')) {
                out += "\\x00";
                continue;
            }
            if (e == 'v') {
                out += "\\x0B";
                continue;
            }
            static constexpr std::string_view kept = "dDwWsSbBfnrtxpP";
            if (std::isalnum(static_cast<unsigned char>(e)) && kept.find(e) == std::string_view::npos) {
                out += e; // an identity escape: "\e" is "e"
                continue;
            }
            out += '\\';
            out += e;
            continue;
        }
        if (in_class) {
            if (c == ']') {
                in_class = false;
            }
            out += c;
            continue;
        }
        if (c == '[') {
            in_class = true;
            out += c;
            if (i + 1 < ecma.size() && ecma[i + 1] == '^') {
                out += '^';
                ++i;
            }
            if (i + 1 < ecma.size() && ecma[i + 1] == ']') {
                unsupported(ecma, "an empty class ([] or [^])");
            }
            continue;
        }
        if (c == '(' && ecma.substr(i, 3) == "(?=") {
            unsupported(ecma, "a lookahead (?=...)");
        }
        if (c == '(' && ecma.substr(i, 3) == "(?!") {
            unsupported(ecma, "a negative lookahead (?!...)");
        }
        if (c == '(' && (ecma.substr(i, 4) == "(?<=" || ecma.substr(i, 4) == "(?<!")) {
            unsupported(ecma, "a lookbehind (?<=...) or (?<!...)");
        }
        if (c == '(' && ecma.substr(i, 3) == "(?<") {
            out += "(?P<"; // a named group
            i += 2;
            continue;
        }
        out += c;
    }
    return out;
}

Pattern::Pattern(std::string_view ecma) : text_(ecma)
{
    const std::string translated = ecma_to_re2(ecma);
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(max_pattern_memory);
    options.set_encoding(RE2::Options::EncodingUTF8);
    re_ = std::make_unique<RE2>(translated, options);
    if (!re_->ok()) {
        cannot_take(ecma, fmt::format("it is not a regular expression RE2 can take ({})", re_->error()));
    }
}

Pattern::~Pattern() = default;
Pattern::Pattern(Pattern&&) noexcept = default;
Pattern& Pattern::operator=(Pattern&&) noexcept = default;

bool Pattern::search(std::string_view text) const
{
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

const Pattern& shared_pattern(const std::string& ecma)
{
    static std::mutex lock;
    static std::map<std::string, std::unique_ptr<Pattern>> compiled;
    std::lock_guard<std::mutex> hold(lock);
    auto& slot = compiled[ecma];
    if (!slot) {
        try {
            slot = std::make_unique<Pattern>(ecma);
        } catch (...) {
            compiled.erase(ecma);
            throw;
        }
    }
    return *slot;
}

} // namespace casebook
