#include "util/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace casebook {

namespace {

// Edit distance, ASCII case folded.
std::size_t distance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1])) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

std::vector<std::string> closest_first(const std::string& given, const std::vector<std::string>& allowed)
{
    std::vector<std::pair<std::size_t, std::size_t>> scored; // distance, original index
    const std::string probe = given.size() > 80 ? given.substr(0, 80) : given;
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        scored.emplace_back(distance(probe, allowed[i]), i);
    }
    std::stable_sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (const auto& s : scored) {
        out.push_back(allowed[s.second]);
    }
    return out;
}

std::optional<std::string> closest_within(const std::string& given, const std::vector<std::string>& allowed)
{
    if (allowed.empty() || given.size() > 80) {
        return std::nullopt;
    }
    std::string best = closest_first(given, allowed).front();
    if (distance(given, best) <= std::max<std::size_t>(1, given.size() / 3)) {
        return best;
    }
    return std::nullopt;
}

} // namespace casebook
