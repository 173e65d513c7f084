#include "util/quoting.hpp"


namespace casebook {

namespace {

std::size_t characters(std::string_view text)
{
    std::size_t n = 0;
    for (char c : text) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

} // namespace

std::string shorten(std::string_view text)
{
    if (characters(text) <= max_quoted_chars) {
        return std::string(text);
    }
    // Cut at a character boundary, keeping room for the "...".
    std::size_t kept = 0;
    std::size_t cut = 0;
    while (cut < text.size()) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) {
            if (kept == max_quoted_chars - 3) {
                break;
            }
            ++kept;
        }
        ++cut;
    }
    return std::string(text.substr(0, cut)) + "...";
}

std::string sensitive_placeholder(std::string_view text)
{
    std::size_t n = characters(text);
    return "(sensitive value, " + std::to_string(n) + (n == 1 ? " character)" : " characters)");
}

} // namespace casebook
