// Text forms of key bytes, shared by the key file, the public key text, the
// recovery sheet and minisign's formats (libsodium's encoders underneath).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>

namespace casebook::keys {

// Base64 of bytes (libsodium's variant; standard with padding by default).
std::string to_base64(const unsigned char* bytes, std::size_t size, int variant = sodium_base64_VARIANT_ORIGINAL);

// The bytes of a base64 text, or nothing when it is not exactly one such text.
std::optional<std::vector<unsigned char>> from_base64(std::string_view text,
                                                      int variant = sodium_base64_VARIANT_ORIGINAL);

// Lower-case hex of bytes.
std::string to_hex(const unsigned char* bytes, std::size_t size);

// text cut into groups of n characters joined by spaces ("3f2a 9c01").
std::string grouped(std::string_view text, std::size_t n);

// text with anything but printable ASCII shown as '?', for quoting a file's line in a message.
std::string printable(std::string_view text);

} // namespace casebook::keys
