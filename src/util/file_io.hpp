// The low-level file operations private files and output folders share
// (src/private_file.cpp). Internal to the library.
#pragma once

#include <string>

namespace casebook::file_io {

// Writes all of text to fd, through interruptions and short writes; 0 or errno.
int write_all(int fd, const std::string& text);

// fsync, retried when interrupted; 0 or errno.
int sync_file(int fd);

// The folder of a path ("." for a bare name).
std::string folder_of(const std::string& path);

// The last part of a path.
std::string name_of(const std::string& path);

// The real path of a folder (symbolic links resolved), or "" when it has none.
std::string real_folder(const std::string& path);

// Flushes a folder's entries to disk; best effort.
void sync_folder(const std::string& folder);

} // namespace casebook::file_io
