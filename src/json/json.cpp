// A strict JSON parser into casebook::Json; where things are in the text is
// found by json/locate.cpp.
#include "json/json.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "util/quoting.hpp"
#include "util/i18n.hpp"

namespace casebook {

namespace {

class Parser {
public:
    explicit Parser(std::string_view text) : s_(text) {}

    ParseResult parse()
    {
        ParseResult result;
        try {
            skip_ws();
            Json value = parse_value(0);
            skip_ws();
            if (p_ != s_.size()) {
                fail(tr("unexpected text after the end of the JSON value"));
            }
            result.value = std::move(value);
        } catch (const SyntaxError& e) {
            result.error = e;
        }
        return result;
    }

private:
    [[noreturn]] void fail(const std::string& message) const { throw SyntaxError{p_, message}; }
    [[noreturn]] void fail_at(std::size_t at, const std::string& message) const { throw SyntaxError{at, message}; }

    bool at_end() const { return p_ >= s_.size(); }

    void skip_ws()
    {
        while (p_ < s_.size()) {
            char c = s_[p_];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                ++p_;
            } else {
                break;
            }
        }
    }

    std::string describe_here() const
    {
        if (at_end()) {
            return tr("the end of the input");
        }
        unsigned char c = static_cast<unsigned char>(s_[p_]);
        if (c >= 0x20 && c < 0x7f) {
            return fmt::format("'{}'", static_cast<char>(c));
        }
        return say("byte 0x{:02X}", c);
    }

    Json parse_value(std::size_t depth)
    {
        if (at_end()) {
            fail(tr("unexpected end of input: a value is missing (is the file truncated?)"));
        }
        switch (s_[p_]) {
        case '{':
            return parse_object(depth + 1);
        case '[':
            return parse_array(depth + 1);
        case '"':
            return Json(parse_string());
        case 't':
            expect_word("true");
            return Json(true);
        case 'f':
            expect_word("false");
            return Json(false);
        case 'n':
            expect_word("null");
            return Json(nullptr);
        default:
            if (s_[p_] == '-' || (s_[p_] >= '0' && s_[p_] <= '9')) {
                return parse_number();
            }
            fail(say("expected a value (object, array, string, number, true, false or null), found {}", describe_here()));
        }
    }

    void expect_word(std::string_view word)
    {
        if (s_.substr(p_, word.size()) != word) {
            fail(say("expected a value, found {} (strings need double quotes)", describe_here()));
        }
        p_ += word.size();
    }

    void check_depth(std::size_t depth) const
    {
        if (depth > max_json_depth) {
            fail(say("arrays and objects are nested more than {} deep", max_json_depth));
        }
    }

    Json parse_object(std::size_t depth)
    {
        check_depth(depth);
        ++p_; // '{'
        skip_ws();
        if (!at_end() && s_[p_] == '}') {
            ++p_;
            return Json::object();
        }
        // Members are gathered in a scratch list (one per nesting depth, reused)
        // and moved into the object at the end, with one allocation. Growing
        // ordered_json's vector member by member would copy every earlier
        // member, values and all: its keys are const, so its elements are
        // copied, not moved, when it grows.
        while (scratch_.size() <= depth) {
            scratch_.emplace_back();
        }
        auto& members = scratch_[depth]; // a deque: deeper levels never move it
        members.clear();
        std::unordered_set<std::string> many_keys; // used once an object grows large
        for (;;) {
            skip_ws();
            if (at_end()) {
                fail(tr("unexpected end of input inside an object (is the file truncated?)"));
            }
            if (s_[p_] != '"') {
                fail(say("expected a property name in double quotes, found {}", describe_here()));
            }
            std::size_t key_at = p_;
            std::string key = parse_string();
            bool duplicate = false;
            if (members.size() < 16) {
                duplicate = std::any_of(members.begin(), members.end(), [&](const auto& m) { return m.first == key; });
            } else {
                if (many_keys.empty()) { // every key so far, then each new one as it comes
                    for (const auto& m : members) {
                        many_keys.insert(m.first);
                    }
                }
                duplicate = !many_keys.insert(key).second;
            }
            if (duplicate) {
                fail_at(key_at, say("duplicate property \"{}\" in one object: keep only one", shorten(key)));
            }
            skip_ws();
            if (at_end() || s_[p_] != ':') {
                fail(say("expected ':' after property name \"{}\", found {}", shorten(key), describe_here()));
            }
            ++p_;
            skip_ws();
            Json value = parse_value(depth);
            members.emplace_back(std::move(key), std::move(value));
            skip_ws();
            if (at_end()) {
                fail(tr("unexpected end of input inside an object: missing '}' (is the file truncated?)"));
            }
            if (s_[p_] == ',') {
                ++p_;
                continue;
            }
            if (s_[p_] == '}') {
                ++p_;
                Json obj(Json::value_t::object);
                auto& object = obj.get_ref<Json::object_t&>();
                object.reserve(members.size());
                for (auto& m : members) {
                    object.emplace_back(std::move(m.first), std::move(m.second));
                }
                members.clear();
                return obj;
            }
            fail(say("expected ',' or '}}' after the value of \"{}\", found {} (a missing comma?)", shorten(members.back().first), describe_here()));
        }
    }

    Json parse_array(std::size_t depth)
    {
        check_depth(depth);
        ++p_; // '['
        Json arr = Json::array();
        skip_ws();
        if (!at_end() && s_[p_] == ']') {
            ++p_;
            return arr;
        }
        for (;;) {
            skip_ws();
            arr.push_back(parse_value(depth));
            skip_ws();
            if (at_end()) {
                fail(tr("unexpected end of input inside an array: missing ']' (is the file truncated?)"));
            }
            if (s_[p_] == ',') {
                ++p_;
                continue;
            }
            if (s_[p_] == ']') {
                ++p_;
                return arr;
            }
            fail(say("expected ',' or ']' after an array element, found {} (a missing comma?)", describe_here()));
        }
    }

    unsigned parse_hex4()
    {
        if (p_ + 4 > s_.size()) {
            fail(tr("unexpected end of input in a \\u escape"));
        }
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = s_[p_++];
            v <<= 4;
            if (c >= '0' && c <= '9') {
                v |= static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                v |= static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                v |= static_cast<unsigned>(c - 'A' + 10);
            } else {
                fail_at(p_ - 1, tr("invalid \\u escape: expected four hexadecimal digits"));
            }
        }
        return v;
    }

    static void append_utf8(std::string& out, std::uint32_t cp)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // Length of a valid UTF-8 sequence starting at p_, or 0.
    std::size_t utf8_length() const
    {
        auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s_[i]); };
        unsigned char c = byte(p_);
        std::size_t n;
        std::uint32_t min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (p_ + n > s_.size()) {
            return 0;
        }
        std::uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
        for (std::size_t i = 1; i < n; ++i) {
            unsigned char cc = byte(p_ + i);
            if ((cc & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return n;
    }

    // The first position from `from` on, 8 bytes at a time, where a byte may be
    // '"', '\\', a control character or non-ASCII (or near the end of the
    // text); the byte-by-byte loop of parse_string() takes over from there.
    std::size_t plain_ascii_end(std::size_t from) const
    {
        constexpr std::uint64_t ones = 0x0101010101010101ull;
        constexpr std::uint64_t highs = 0x8080808080808080ull;
        while (from + 8 <= s_.size()) {
            std::uint64_t v;
            std::memcpy(&v, s_.data() + from, 8);
            std::uint64_t quote = v ^ (ones * '"');
            std::uint64_t backslash = v ^ (ones * '\\');
            std::uint64_t special = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | (v - ones * 0x20) | v;
            if ((special & highs) != 0) {
                break;
            }
            from += 8;
        }
        return from;
    }

    std::string parse_string()
    {
        std::size_t start = p_;
        ++p_; // opening quote
        std::string out;
        for (;;) {
            if (at_end()) {
                fail_at(start, tr("a string is not closed: missing '\"' (is the file truncated?)"));
            }
            // Copy a run of plain ASCII at once, finding its end 8 bytes at a time.
            std::size_t run = plain_ascii_end(p_);
            while (run < s_.size()) {
                unsigned char c = static_cast<unsigned char>(s_[run]);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
                    break;
                }
                ++run;
            }
            out.append(s_.data() + p_, run - p_);
            p_ = run;
            if (at_end()) {
                continue;
            }
            unsigned char c = static_cast<unsigned char>(s_[p_]);
            if (c == '"') {
                ++p_;
                return out;
            }
            if (c == '\\') {
                ++p_;
                if (at_end()) {
                    continue;
                }
                char e = s_[p_++];
                switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    std::size_t esc_at = p_ - 2;
                    std::uint32_t cp = parse_hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (s_.substr(p_, 2) != "\\u") {
                            fail_at(esc_at, tr("a lone UTF-16 surrogate escape (\\uD800-\\uDBFF must be followed by a low surrogate)"));
                        }
                        p_ += 2;
                        std::uint32_t lo = parse_hex4();
                        if (lo < 0xDC00 || lo > 0xDFFF) {
                            fail_at(esc_at, tr("a lone UTF-16 surrogate escape (\\uD800-\\uDBFF must be followed by a low surrogate)"));
                        }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        fail_at(esc_at, tr("a lone UTF-16 surrogate escape (\\uDC00-\\uDFFF without a high surrogate before it)"));
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    fail_at(p_ - 2, say("invalid escape '\\{}' in a string", e));
                }
                continue;
            }
            if (c < 0x20) {
                fail(c == '\n' ? tr("a string is not closed before the end of the line (missing '\"'?)")
                               : tr("a control character inside a string must be escaped"));
            }
            std::size_t n = utf8_length();
            if (n == 0) {
                fail(tr("invalid UTF-8 in a string: save the file as UTF-8"));
            }
            out.append(s_.data() + p_, n);
            p_ += n;
        }
    }

    Json parse_number()
    {
        std::size_t start = p_;
        bool negative = false;
        if (s_[p_] == '-') {
            negative = true;
            ++p_;
        }
        if (at_end() || !(s_[p_] >= '0' && s_[p_] <= '9')) {
            fail(tr("invalid number: a digit must follow '-'"));
        }
        if (s_[p_] == '0') {
            ++p_;
            if (!at_end() && s_[p_] >= '0' && s_[p_] <= '9') {
                fail_at(start, tr("invalid number: leading zeros are not allowed"));
            }
        } else {
            while (!at_end() && s_[p_] >= '0' && s_[p_] <= '9') {
                ++p_;
            }
        }
        bool integral = true;
        if (!at_end() && s_[p_] == '.') {
            integral = false;
            ++p_;
            if (at_end() || !(s_[p_] >= '0' && s_[p_] <= '9')) {
                fail(tr("invalid number: a digit must follow the decimal point"));
            }
            while (!at_end() && s_[p_] >= '0' && s_[p_] <= '9') {
                ++p_;
            }
        }
        if (!at_end() && (s_[p_] == 'e' || s_[p_] == 'E')) {
            integral = false;
            ++p_;
            if (!at_end() && (s_[p_] == '+' || s_[p_] == '-')) {
                ++p_;
            }
            if (at_end() || !(s_[p_] >= '0' && s_[p_] <= '9')) {
                fail(tr("invalid number: a digit must follow the exponent"));
            }
            while (!at_end() && s_[p_] >= '0' && s_[p_] <= '9') {
                ++p_;
            }
        }
        std::string token(s_.substr(start, p_ - start));
        if (integral) {
            errno = 0;
            char* end = nullptr;
            if (negative) {
                long long v = std::strtoll(token.c_str(), &end, 10);
                if (errno == 0) {
                    return Json(static_cast<std::int64_t>(v));
                }
            } else {
                unsigned long long v = std::strtoull(token.c_str(), &end, 10);
                if (errno == 0) {
                    return Json(static_cast<std::uint64_t>(v));
                }
            }
        }
        errno = 0;
        double d = std::strtod(token.c_str(), nullptr);
        if (errno == ERANGE && std::isinf(d)) {
            fail_at(start, tr("number out of range"));
        }
        return Json(d);
    }

    std::string_view s_;
    std::size_t p_ = 0;
    std::deque<std::vector<std::pair<std::string, Json>>> scratch_; // parse_object's members, by depth
};

} // namespace

ParseResult parse_json(std::string_view text)
{
    return Parser(text).parse();
}

} // namespace casebook
