// The form of a sealed value (src/crypto/seal.hpp seals and opens them): the
// layers below crypto recognise one by its text alone, so that the validator
// can skip the length and pattern of a value whose plaintext it cannot see.
#pragma once

#include <string_view>

namespace casebook::seal {

// The prefix of every sealed value.
inline constexpr std::string_view sealed_prefix = "casebook-sealed1:";

// Whether value is a sealed value (by its form; only the secret key tells whether it opens).
constexpr bool is_sealed(std::string_view value)
{
    return value.size() > sealed_prefix.size() && value.substr(0, sealed_prefix.size()) == sealed_prefix;
}

} // namespace casebook::seal
