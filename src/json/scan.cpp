#include "json/scan.hpp"

#include <algorithm>

namespace casebook {

namespace {

bool json_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

} // namespace

Position PositionCounter::at(std::size_t offset)
{
    offset = std::min(offset, text_.size());
    for (; counted_ < offset; ++counted_) {
        // Count characters, not UTF-8 continuation bytes; a CR before LF is not a column.
        if (text_[counted_] == '\n') {
            ++pos_.line;
            pos_.column = 1;
        } else if ((static_cast<unsigned char>(text_[counted_]) & 0xC0) != 0x80) {
            ++pos_.column;
        }
    }
    return pos_;
}

std::size_t skip_whitespace(std::string_view text, std::size_t offset)
{
    while (offset < text.size() && json_space(text[offset])) {
        ++offset;
    }
    return offset;
}

std::size_t skip_value(std::string_view text, std::size_t offset)
{
    std::size_t p = offset;
    std::size_t depth = 0;
    while (p < text.size()) {
        char c = text[p];
        if (c == '"') {
            for (++p; p < text.size() && text[p] != '"'; ++p) {
                if (text[p] == '\\') {
                    ++p;
                }
            }
            p = std::min(p + 1, text.size());
        } else if (c == '{' || c == '[') {
            ++depth;
            ++p;
        } else if (c == '}' || c == ']') {
            if (depth == 0) {
                return p;
            }
            --depth;
            ++p;
        } else if (depth == 0 && (c == ',' || json_space(c))) {
            return p;
        } else {
            ++p;
        }
        if (depth == 0 && (c == '"' || c == '}' || c == ']')) {
            return p;
        }
    }
    return std::min(p, text.size());
}

} // namespace casebook
