// Stepping through a valid JSON text without parsing it: past white space,
// past one value, and counting lines and columns along the way. What
// locate() and the readers of record files use to find where things are.
#pragma once

#include <cstddef>
#include <string_view>

#include "json/locate.hpp"

namespace casebook {

// Line and column of ever later offsets of one text, each found by counting
// on from the one before (so that many positions cost one pass over the text).
class PositionCounter {
public:
    // Counts from the start of text (line 1, column 1).
    explicit PositionCounter(std::string_view text) : text_(text) {}
    // Line and column of offset (at the end of the text when past it); an
    // offset before the last one asked for gives the last one's position.
    Position at(std::size_t offset);

private:
    std::string_view text_;
    std::size_t counted_ = 0; // pos_ is the position of byte counted_
    Position pos_;
};

// The first offset from `offset` on that is not JSON white space.
std::size_t skip_whitespace(std::string_view text, std::size_t offset);

// The offset just past the JSON value that starts at `offset` in a valid text
// (at most text.size()); the value is stepped over, not parsed.
std::size_t skip_value(std::string_view text, std::size_t offset);

} // namespace casebook
