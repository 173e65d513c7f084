// Where things are in a JSON text: the line and column of an offset, and the
// scanner that finds where a JSON Pointer's value sits (only needed when
// reporting a problem).
#include "json/locate.hpp"

#include <algorithm>
#include <string>

#include "json/json.hpp"

namespace casebook {

namespace {

// Walks a syntactically valid text without building values.
class Scanner {
public:
    explicit Scanner(std::string_view text) : s_(text) {}

    std::size_t find(std::string_view pointer)
    {
        skip_ws();
        std::size_t found = p_;
        std::size_t i = 0;
        if (!pointer.empty() && pointer[0] == '/') {
            i = 1;
        } else {
            return found;
        }
        for (;;) {
            std::size_t slash = pointer.find('/', i);
            std::string token = unescape(pointer.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i));
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
    static std::string unescape(std::string_view token)
    {
        std::string out;
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] == '~' && i + 1 < token.size()) {
                out += token[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                out += token[i];
            }
        }
        return out;
    }

    // Moves from the container at p_ to its member `token`; false when absent.
    bool step(const std::string& token)
    {
        skip_ws();
        if (p_ >= s_.size()) {
            return false;
        }
        if (s_[p_] == '{') {
            ++p_;
            for (;;) {
                skip_ws();
                if (p_ >= s_.size() || s_[p_] != '"') {
                    return false;
                }
                std::string key = read_string();
                skip_ws();
                if (p_ >= s_.size() || s_[p_] != ':') {
                    return false;
                }
                ++p_;
                skip_ws();
                if (key == token) {
                    return true;
                }
                if (!skip_value()) {
                    return false;
                }
                skip_ws();
                if (p_ >= s_.size() || s_[p_] != ',') {
                    return false;
                }
                ++p_;
            }
        }
        if (s_[p_] == '[') {
            if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos) {
                return false;
            }
            std::size_t index = std::stoul(token);
            ++p_;
            for (std::size_t k = 0;; ++k) {
                skip_ws();
                if (p_ >= s_.size() || s_[p_] == ']') {
                    return false;
                }
                if (k == index) {
                    return true;
                }
                if (!skip_value()) {
                    return false;
                }
                skip_ws();
                if (p_ >= s_.size() || s_[p_] != ',') {
                    return false;
                }
                ++p_;
            }
        }
        return false;
    }

    std::string read_string()
    {
        // The text is valid JSON: find the closing quote, then decode escapes
        // (any \u escape, surrogate pairs included) with the parser.
        std::size_t start = p_++;
        bool escaped = false;
        while (p_ < s_.size() && s_[p_] != '"') {
            if (s_[p_] == '\\') {
                escaped = true;
                ++p_;
            }
            ++p_;
        }
        p_ = std::min(p_ + 1, s_.size());
        if (!escaped) {
            return std::string(s_.substr(start + 1, p_ - start - 2));
        }
        ParseResult key = parse_json(s_.substr(start, p_ - start));
        return key.value && key.value->is_string() ? key.value->get<std::string>() : std::string();
    }

    bool skip_value()
    {
        skip_ws();
        if (p_ >= s_.size()) {
            return false;
        }
        char c = s_[p_];
        if (c == '"') {
            read_string();
            return true;
        }
        if (c == '{' || c == '[') {
            // Skip to the matching bracket, stepping over strings.
            std::size_t depth = 0;
            while (p_ < s_.size()) {
                char d = s_[p_];
                if (d == '"') {
                    read_string();
                    continue;
                }
                if (d == '{' || d == '[') {
                    ++depth;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0) {
                        ++p_;
                        return true;
                    }
                }
                ++p_;
            }
            return false;
        }
        while (p_ < s_.size() && s_[p_] != ',' && s_[p_] != '}' && s_[p_] != ']' && s_[p_] != ' ' && s_[p_] != '\n' &&
               s_[p_] != '\r' && s_[p_] != '\t') {
            ++p_;
        }
        return true;
    }

    void skip_ws()
    {
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\n' || s_[p_] == '\r' || s_[p_] == '\t')) {
            ++p_;
        }
    }

    std::string_view s_;
    std::size_t p_ = 0;
};

} // namespace

Position position_at(std::string_view text, std::size_t offset)
{
    Position pos;
    if (offset > text.size()) {
        offset = text.size();
    }
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            line_start = i + 1;
        }
    }
    std::size_t column = 1;
    for (std::size_t i = line_start; i < offset; ++i) {
        // Count characters, not UTF-8 continuation bytes; a CR before LF is not a column.
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    pos.column = column;
    return pos;
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
