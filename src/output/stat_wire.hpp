// The stream between casebook and its ReadStat helper (casebook-readstat,
// src/output/readstat_main.cpp), which writes the Stata and SPSS files:
// casebook decides every name, label, code and number; the helper only writes
// them with ReadStat. The stream is tokens, each a tag and its payload:
//   text     's' LENGTH ':' BYTES      (any bytes, UTF-8 in practice)
//   integer  'i' DECIMAL ';'
//   missing  'm'
// and it says, in that order:
//   "casebook-stat 1"
//   per file: "file", its path, its label, how many variables, how many rows;
//     per variable: name, label, kind ("text", "number" or "date"), width (the
//       longest text in bytes; 0 for numbers), how many value labels, and each
//       value label as an integer and its text;
//     then every row, a cell per variable: text for text variables, an integer
//       or missing for numbers, and for dates the days since 1970-01-01 or missing
//   "end"
// This file is compiled into casebook and into the helper alike.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace casebook::output::stat_wire {

// The first token of a stream.
inline constexpr std::string_view greeting = "casebook-stat 1";

// What a variable holds.
inline constexpr std::string_view text_kind = "text";
inline constexpr std::string_view number_kind = "number";
inline constexpr std::string_view date_kind = "date";

// Appends tokens to a string.
class Writer {
public:
    explicit Writer(std::string& out) : out_(&out) {}
    // A text token.
    void text(std::string_view value);
    // An integer token.
    void integer(std::int64_t value);
    // A missing value.
    void missing();

private:
    std::string* out_;
};

// Reads tokens from a stream; every function throws std::runtime_error on a
// token of another kind, a malformed token or the end of the stream.
class Reader {
public:
    explicit Reader(std::FILE* in) : in_(in) {}
    // The next token, a text.
    std::string text();
    // The next token, an integer.
    std::int64_t integer();
    // The next token, an integer or a missing value.
    std::optional<std::int64_t> integer_or_missing();

private:
    int next();
    std::int64_t digits(char end);
    std::FILE* in_;
};

} // namespace casebook::output::stat_wire
