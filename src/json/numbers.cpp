#include "json/numbers.hpp"

#include <cmath>
#include <cstdint>

namespace casebook {

std::optional<long long> whole_number(const Json& value)
{
    constexpr double exact_limit = 9007199254740992.0; // 2^53
    if (value.is_number_integer()) {
        if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(exact_limit)) {
            return std::nullopt;
        }
        long long n = value.get<long long>();
        if (n > static_cast<long long>(exact_limit) || n < -static_cast<long long>(exact_limit)) {
            return std::nullopt;
        }
        return n;
    }
    if (value.is_number_float()) {
        double d = value.get<double>();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) <= exact_limit) {
            return static_cast<long long>(d);
        }
    }
    return std::nullopt;
}

} // namespace casebook
