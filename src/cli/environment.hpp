// What casebook takes from the process it runs in (environment variables, the
// login name, the terminal's width), read once by the command line and handed
// to the library as values: the library reads no environment of its own.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "util/database_files.hpp"

namespace casebook::cli {

// The settings of one run of casebook that come from its surroundings.
struct Environment {
    std::string database;         // $CASEBOOK_DB: the database when --db is not given
    std::string casebook_user;    // $CASEBOOK_USER: a researcher code, also the guided entry's /recorded/by
    std::string actor = "unknown"; // $CASEBOOK_USER, else the login name: who acts, for history
    std::string visual;           // $VISUAL: the editor of edit, before $EDITOR
    std::string editor;           // $EDITOR
    std::optional<std::size_t> columns; // $COLUMNS: the width to fit tables to
    std::size_t terminal_columns = 80;  // the width of the terminal on standard output, when it is one
    int busy_timeout_ms = 5000;   // $CASEBOOK_BUSY_TIMEOUT (seconds): how long a write waits for a lock
    Sharing sharing = Sharing::owner; // $CASEBOOK_SHARED_GROUP=1: a database shared by a group
    std::string busy_timeout_error; // a $CASEBOOK_BUSY_TIMEOUT that is not a number of seconds, said when a database is opened
    std::filesystem::path state_folder; // $XDG_STATE_HOME/casebook, else $HOME/.local/state/casebook: recovery files and kept edits ("" with neither)
    std::filesystem::path temp_folder = "/tmp"; // $TMPDIR, else /tmp: where casebook 0.2 left edit buffers (purge removes them)
    std::string language = "en"; // "es" when LC_ALL, LC_MESSAGES or LANG (and LANGUAGE) ask for Spanish: messages unless --lang
};

// The environment of this process: its variables, its user, the width of the
// terminal on standard output (asked only when out_is_tty).
Environment environment_of_process(bool out_is_tty);

} // namespace casebook::cli
