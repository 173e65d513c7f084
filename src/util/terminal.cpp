#include "util/terminal.hpp"

#include <cstdint>

namespace casebook {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void escape_code_point(std::uint32_t cp, std::string& out)
{
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out += hex_digits[(cp >> shift) & 0xF];
    }
}

void escape_byte(unsigned char b, std::string& out)
{
    out += "\\x";
    out += hex_digits[b >> 4];
    out += hex_digits[b & 0xF];
}

bool is_bidi_control(std::uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// The length of the UTF-8 sequence a lead byte starts (0: not a lead byte).
std::size_t sequence_length(unsigned char b)
{
    if (b < 0x80) {
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        return 2;
    }
    if (b >= 0xE0 && b <= 0xEF) {
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        return 4;
    }
    return 0;
}

// Escapes text into out; returns how many bytes were used. Unless final, an
// unfinished UTF-8 sequence or a CR at the very end is left for more text.
std::size_t escape(std::string_view text, std::string& out, bool final, LineBreaks breaks = LineBreaks::keep)
{
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if (b == '\r') {
                if (i + 1 == n && !final) {
                    return i;
                }
                if (i + 1 < n && text[i + 1] == '\n' && breaks == LineBreaks::keep) {
                    out += "\r\n"; // a CRLF line end (CSV's) is harmless
                    i += 2;
                    continue;
                }
                escape_code_point(b, out);
            } else if ((b < 0x20 && b != '\t' && (b != '\n' || breaks == LineBreaks::escape)) || b == 0x7F) {
                escape_code_point(b, out);
            } else {
                out += static_cast<char>(b);
            }
            ++i;
            continue;
        }
        const std::size_t len = sequence_length(b);
        if (len == 0) {
            escape_byte(b, out);
            ++i;
            continue;
        }
        if (i + len > n) {
            // Possibly the start of a sequence the next write finishes.
            bool prefix_ok = true;
            for (std::size_t k = i + 1; k < n; ++k) {
                prefix_ok = prefix_ok && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80;
            }
            if (!final && prefix_ok) {
                return i;
            }
            escape_byte(b, out);
            ++i;
            continue;
        }
        std::uint32_t cp = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        bool valid = true;
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            valid = valid && (c & 0xC0) == 0x80;
            cp = (cp << 6) | (c & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
        valid = valid && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
                !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!valid) {
            escape_byte(b, out);
            ++i;
            continue;
        }
        if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
            escape_code_point(cp, out);
        } else {
            out.append(text.data() + i, len);
        }
        i += len;
    }
    return i;
}

} // namespace

std::string terminal_safe(std::string_view text, LineBreaks breaks)
{
    std::string out;
    out.reserve(text.size());
    escape(text, out, true, breaks);
    return out;
}

TerminalSafeBuffer::TerminalSafeBuffer(std::streambuf* sink) : sink_(sink) {}

std::streambuf* unfiltered(std::ostream& out)
{
    auto* safe = dynamic_cast<TerminalSafeBuffer*>(out.rdbuf());
    return safe != nullptr ? safe->sink() : out.rdbuf();
}

TerminalSafeBuffer::~TerminalSafeBuffer()
{
    pass(true);
    sink_->pubsync();
}

void TerminalSafeBuffer::pass(bool final)
{
    escaped_.clear();
    std::size_t used = escape(pending_, escaped_, final);
    pending_.erase(0, used);
    if (!escaped_.empty()) {
        sink_->sputn(escaped_.data(), static_cast<std::streamsize>(escaped_.size()));
    }
}

TerminalSafeBuffer::int_type TerminalSafeBuffer::overflow(int_type c)
{
    if (traits_type::eq_int_type(c, traits_type::eof())) {
        return traits_type::not_eof(c);
    }
    pending_ += traits_type::to_char_type(c);
    if (pending_.size() >= 4096) {
        pass(false);
    }
    return c;
}

std::streamsize TerminalSafeBuffer::xsputn(const char* s, std::streamsize n)
{
    pending_.append(s, static_cast<std::size_t>(n));
    pass(false);
    return n;
}

int TerminalSafeBuffer::sync()
{
    pass(false);
    return sink_->pubsync();
}

} // namespace casebook
