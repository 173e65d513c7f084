// JSON Schema "pattern"s (ECMA-262 regular expressions) matched by RE2, whose
// time is linear in the text and whose memory is bounded: no pattern and no
// value can make a check recurse, crash or run for ever (std::regex did, on
// "^(a|b)*$" against 100,000 characters and on "^(a+)+$").
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace casebook {

// One compiled pattern.
class Pattern {
public:
    // Translates an ECMA-262 pattern to RE2's syntax and compiles it; throws
    // Error(usage) naming the pattern and what RE2 cannot take (lookahead,
    // lookbehind, backreferences) or why it is not a valid pattern.
    explicit Pattern(std::string_view ecma);
    ~Pattern();
    Pattern(Pattern&&) noexcept;
    Pattern& operator=(Pattern&&) noexcept;

    // Whether the pattern matches somewhere in text (JSON Schema patterns are not anchored).
    bool search(std::string_view text) const;

    // The pattern as written in the schema.
    const std::string& text() const { return text_; }

private:
    std::string text_;
    std::unique_ptr<re2::RE2> re_;
};

// The pattern text RE2 is given for an ECMA-262 pattern; throws like Pattern.
std::string ecma_to_re2(std::string_view ecma);

// The compiled pattern for a text, compiled once per process and shared
// (valijson's checks find their patterns here); throws like Pattern.
const Pattern& shared_pattern(const std::string& ecma);

} // namespace casebook
