// Validation problems are data: found by the library, located in the text, printed once.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "json/json.hpp"

namespace casebook {

enum class Severity { error, warning };

// One problem with one record, before it is located in a file.
struct Problem {
    std::string pointer;   // JSON Pointer into the record ("" is the whole record)
    std::string code;      // stable machine name: enum, pattern, type, required, date_order, ...
    std::string message;   // a sentence a field researcher can act on
    Severity severity = Severity::error;
};

// A problem located in a file: what `validate` prints.
struct Diagnostic {
    std::string file;
    std::size_t line = 0;    // 1-based; 0 when not known
    std::size_t column = 0;  // 1-based; 0 when not known
    std::string pointer;
    std::string code;
    std::string message;
    Severity severity = Severity::error;
};

// Prints "file:line:col: error: /pointer: message" (the compiler format).
void print_text(std::ostream& out, const Diagnostic& d);

// The JSON form of one diagnostic (file, line, column, pointer, code, severity, message).
Json to_json(const Diagnostic& d);

} // namespace casebook
