// The titles and footnotes of a csv, tsv or long table, written to a file of
// their own (--notes) so that the data file stays plain data.
#pragma once

#include <string>

namespace casebook::analysis {

// Writes the titles and footnotes of csv, tsv or long output to path (--notes),
// mode 0600 like every file casebook writes, replacing what was there.
// Throws Error(io) saying why it could not.
void write_table_notes(const std::string& path, const std::string& text);

} // namespace casebook::analysis
