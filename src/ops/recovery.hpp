// Recovery files: every answer of a guided entry, kept on disk as soon as it
// is given (mode 0600), so that a crash or a dead battery loses at most the
// answer being typed and `casebook create --resume` goes on where it stopped.
// A recovery file is removed once its case is saved.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ops/interview.hpp"
#include "json/json.hpp"

namespace casebook::ops {

// An interview kept on disk.
struct Recovery {
    std::filesystem::path path; // the file ("" until first saved)
    std::string started;        // when the interview started (UTC, ISO 8601)
    std::string today;          // the date the interview's defaults used, so a resume gives the same
    std::string database;       // the database the case is meant for ("" for the default)
    std::string language;       // the language it was asked in ("en", "es")
    std::vector<InterviewAnswer> answers;
    Json draft;                 // the answers as a draft record, when the interview ended (else null)
};

// Recovery files go in the state folder the command line found
// ($XDG_STATE_HOME/casebook, else ~/.local/state/casebook; "" when there is none).

// Writes the recovery file whole, replacing the previous version at once (a
// new private file renamed over it, so a crash leaves one version or the
// other). The first call creates casebook-recovery-XXXXXX.json in
// state_folder (created 0700 when missing; when it is "" or cannot be
// written, in the current folder) and sets r.path. This is the one function
// that writes recovery files. Throws Error(io) when no file can be written.
void save_recovery(Recovery& r, const std::filesystem::path& state_folder);

// Reads a recovery file; throws Error(io) when it cannot be read and
// Error(invalid) when it is not a recovery file.
Recovery read_recovery(const std::filesystem::path& file);

// The recovery files waiting in state_folder (none when it is ""), oldest first.
std::vector<Recovery> waiting_recoveries(const std::filesystem::path& state_folder);

// Removes a recovery file (its case was saved). Quietly does nothing when it is already gone.
void remove_recovery(const Recovery& r);

// The project of the last case saved by guided entry (a default for the next), if any.
std::optional<std::string> last_project(const std::filesystem::path& state_folder);

// Remembers the project of a case saved by guided entry (a private file beside the recovery files).
void remember_project(const std::filesystem::path& state_folder, const std::string& project);

} // namespace casebook::ops
