#include "util/key_text.hpp"

namespace casebook::keys {

std::string to_base64(const unsigned char* bytes, std::size_t size, int variant)
{
    std::string out(sodium_base64_encoded_len(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
    out.resize(out.size() - 1); // the terminating NUL
    return out;
}

std::optional<std::vector<unsigned char>> from_base64(std::string_view text, int variant)
{
    std::vector<unsigned char> out(text.size() / 4 * 3 + 3);
    std::size_t size = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &size, &end, variant) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(size);
    return out;
}

std::string to_hex(const unsigned char* bytes, std::size_t size)
{
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, size);
    out.resize(size * 2);
    return out;
}

std::string grouped(std::string_view text, std::size_t n)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += n) {
        if (i > 0) {
            out += ' ';
        }
        out += text.substr(i, n);
    }
    return out;
}

std::string printable(std::string_view text)
{
    std::string out;
    for (char c : text) {
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out;
}

} // namespace casebook::keys
