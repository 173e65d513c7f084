// Where a problem with a record is in its file: the line and column of the
// value a JSON Pointer names, for a record read alone, from a JSON Lines line
// or from an array file.
#pragma once

#include <string_view>

#include "input/records.hpp"
#include "json/diagnostic.hpp"
#include "json/locate.hpp"

namespace casebook::input {

// Line and column (in the file) of the value a pointer names in a record
// (record.text must be set).
Position record_position(const SourceRecord& record, std::string_view pointer);

// Places a record-relative problem at its file, line and column.
Diagnostic locate_problem(const SourceRecord& record, const Problem& problem);

} // namespace casebook::input
