// The bounds casebook puts on what it reads, in one place: past each, a clear
// error naming the limit, never gigabytes of memory or minutes of work. The
// man page's LIMITS section lists the same numbers.
#pragma once

#include <cstddef>

namespace casebook {

// The longest JSON Lines line (one record); a longer line is one "too_large"
// error and is skipped without being held in memory.
inline constexpr std::size_t max_record_bytes = std::size_t{16} << 20;

// The largest .json file (one case, or an array of cases) or JSON document on
// stdin; a larger one is one "too_large" error (JSON Lines has no such limit).
inline constexpr std::size_t max_document_bytes = std::size_t{256} << 20;

// The longest CSV row, in bytes and in cells (Excel's own column limit).
inline constexpr std::size_t max_csv_row_bytes = std::size_t{16} << 20;
inline constexpr std::size_t max_csv_row_cells = 16384;

// List positions a CSV mapping's pointers may name ("/journey/999/country").
inline constexpr std::size_t max_mapped_index = 1000;

// The most problems reported for one record: past it the checks stop and one
// more problem ("too_many_problems") says so, so that a record of a million
// unknown fields costs neither minutes nor gigabytes of messages.
inline constexpr std::size_t max_problems_per_record = 1000;

// The most characters of a value (or a key) a message quotes; a longer one is
// cut to this many, ending in "...".
inline constexpr std::size_t max_quoted_chars = 60;

} // namespace casebook
