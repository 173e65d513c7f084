// Private files: the record being edited, the answers of an unfinished guided
// entry. Each is a new file readable by its owner only, written whole or not
// at all.
#pragma once

#include <filesystem>
#include <string>

namespace casebook {

// Creates a new file in dir (which must exist) named after pattern, whose
// last "XXXXXX" is replaced by random characters ("casebook-recovery-XXXXXX.json"),
// with mode 0600 whatever the umask; writes all of text and flushes it to
// disk; returns its path. Never overwrites a file. On any failure removes the
// file and throws Error(io) saying what could not be done and why.
std::string write_private_file(const std::filesystem::path& dir, const std::string& pattern, const std::string& text);

} // namespace casebook
