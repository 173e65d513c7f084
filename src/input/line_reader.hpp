// Lines of a record stream (JSON Lines, stdin) read in large blocks, with
// memory bounded whatever the input: internal to read_records (records.cpp).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "util/limits.hpp"

namespace casebook::input {

// Reads lines in large blocks. A line longer than max_line_bytes is not kept
// whole: the rest of it is skipped and the line is flagged, so memory stays
// bounded whatever the input.
class LineReader {
public:
    // The longest line kept: far more than any case record.
    static constexpr std::size_t max_line_bytes = max_record_bytes;

    // Reads from in; name is what an error message calls it.
    LineReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)), buffer_(1u << 16) {}

    // The next line without its '\n'; false at the end of the input.
    bool next(std::string& line, bool& too_long);

    // Everything not read yet, if it is at most limit bytes.
    std::optional<std::string> rest(std::size_t limit);

private:
    bool fill(); // the next block into buffer_; false at the end of the input

    std::istream& in_;
    std::string name_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0, end_ = 0;
    bool eof_ = false;
};

} // namespace casebook::input
