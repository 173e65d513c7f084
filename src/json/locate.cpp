// Where things are in a JSON text: the line and column of an offset, and the
// scanner that finds where a JSON Pointer's value sits (only needed when
// reporting a problem).
#include "json/locate.hpp"

#include <algorithm>
#include <string>

#include "json/json.hpp"
#include "json/pointer_token.hpp"
#include "json/scan.hpp"

namespace casebook {

namespace {

// Walks a syntactically valid text along a JSON Pointer.
class Scanner {
public:
    explicit Scanner(std::string_view text) : s_(text) {}

    std::size_t find(std::string_view pointer)
    {
        p_ = skip_whitespace(s_, p_);
        std::size_t found = p_;
        std::size_t i = 0;
        if (!pointer.empty() && pointer[0] == '/') {
            i = 1;
        } else {
            return found;
        }
        for (;;) {
            std::size_t slash = pointer.find('/', i);
            std::string token = pointer_unescape(pointer.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i));
            if (!step(token)) {
                return found;
            }
            found = p_;
            if (slash == std::string_view::npos) {
                return found;
            }
            i = slash + 1;
        }
    }

private:
    bool at_end() const { return p_ >= s_.size(); }

    // Moves past the white space at p_; false when the text ends there.
    bool skip_ws()
    {
        p_ = skip_whitespace(s_, p_);
        return !at_end();
    }

    // Moves past the ',' at p_ (after white space); false when there is none.
    bool skip_comma()
    {
        if (!skip_ws() || s_[p_] != ',') {
            return false;
        }
        ++p_;
        return true;
    }

    // Moves from the container at p_ to its member `token`; false when absent.
    bool step(const std::string& token)
    {
        if (!skip_ws()) {
            return false;
        }
        if (s_[p_] == '{') {
            ++p_;
            for (;;) {
                if (!skip_ws() || s_[p_] != '"') {
                    return false;
                }
                std::string key = read_string();
                if (!skip_ws() || s_[p_] != ':') {
                    return false;
                }
                ++p_;
                skip_ws();
                if (key == token) {
                    return true;
                }
                p_ = skip_value(s_, p_);
                if (!skip_comma()) {
                    return false;
                }
            }
        }
        if (s_[p_] == '[') {
            if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos) {
                return false;
            }
            std::size_t index = std::stoul(token);
            ++p_;
            for (std::size_t k = 0;; ++k) {
                if (!skip_ws() || s_[p_] == ']') {
                    return false;
                }
                if (k == index) {
                    return true;
                }
                p_ = skip_value(s_, p_);
                if (!skip_comma()) {
                    return false;
                }
            }
        }
        return false;
    }

    // The property name at p_, decoded; p_ moves past it.
    std::string read_string()
    {
        // The text is valid JSON: find the closing quote, then decode escapes
        // (any \u escape, surrogate pairs included) with the parser.
        std::size_t start = p_;
        p_ = skip_value(s_, start);
        std::string_view quoted = s_.substr(start, p_ - start);
        if (quoted.find('\\') == std::string_view::npos) {
            return std::string(s_.substr(start + 1, p_ - start - 2));
        }
        ParseResult key = parse_json(quoted);
        return key.value && key.value->is_string() ? key.value->get<std::string>() : std::string();
    }

    std::string_view s_;
    std::size_t p_ = 0;
};

} // namespace

Position position_at(std::string_view text, std::size_t offset)
{
    return PositionCounter(text).at(offset);
}

std::size_t locate(std::string_view text, std::string_view pointer)
{
    return Scanner(text).find(pointer);
}

std::string pointer_escape(std::string_view token)
{
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace casebook
