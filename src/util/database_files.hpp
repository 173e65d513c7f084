// Who may read and change a database's files. SQLite keeps a database's
// changes in <db>-wal (and <db>-shm, <db>-journal) beside it, and opens those
// files as it finds them: a -wal planted by another user, or left writable by
// others, would capture or forge what casebook writes and reads. So casebook
// opens only databases whose files are the user's own and private.
//
// Refused (Error(io), naming the file and the fix): the database, -wal, -shm
// or -journal owned by another user, writable by group or others, or (for the
// companions) not a regular file. Warned about: a database others can read
// (0644). A companion of the user's own that others can read is made private.
// Sharing::group (the command line's $CASEBOOK_SHARED_GROUP=1) is the override
// for a folder shared by a group: files may then belong to other members of a
// group the user is in and be readable and writable by that group (0660),
// never by others.
#pragma once

#include <string>
#include <vector>

namespace casebook {

// Whose a database's files may be: the user's alone, or a group's the user is in.
enum class Sharing { owner, group };

// Checks the database at path (which exists) and its companion files, and
// makes the user's own companions private; returns warnings to print (a
// database others can read). Throws Error(io) when the files may not be
// trusted. Run before SQLite opens the files, and again after (SQLite may
// have created companions meanwhile).
std::vector<std::string> check_database_files(const std::string& path, Sharing sharing);

} // namespace casebook
