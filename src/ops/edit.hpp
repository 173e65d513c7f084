// Editing a stored case in the researcher's editor: a private copy, validation
// on save, re-open or abandon, and a new revision only when something changed.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::store {
class Store;
} // namespace casebook::store

namespace casebook::ops {

// The editor to run: visual ($VISUAL), else editor ($EDITOR), else vi. casebook runs it without
// a shell: the value is split on whitespace ("code --wait"), unless it names
// an existing program as a whole (a path with spaces). A value with quotes is
// refused (Error(usage)): no shell would be there to read them.
std::vector<std::string> editor_command(const std::string& visual, const std::string& editor);

// Runs command with file as its last argument (fork and execvp, no shell);
// returns its exit status (127 when it cannot be started).
int run_editor(const std::vector<std::string>& command, const std::string& file);

// Opens the editor on a file and returns its exit status.
using EditorLauncher = std::function<int(const std::string& file)>;

// How an edit ended.
enum class EditEnd { saved, unchanged, abandoned };

// What edit_case did.
struct EditResult {
    EditEnd end = EditEnd::unchanged;
    long long revision = 0; // the case's revision afterwards
    std::string kept_file;  // when abandoned: where the edited record was kept ("" if unmodified)
    bool resumed = false;   // the edit began from a kept one
};

// An edit that did not end (the record was left invalid, or casebook or the
// editor was killed): the record as the editor left it, kept in the folder of
// kept edits (the state folder of recovery files, 0700) as
// "edit-<database device.inode>-<id>-r<revision>-XXXXXX.json" (0600).
struct KeptEdit {
    std::string file;
    std::string id;
    long long revision = 0; // the case's revision the edit began from
};

// The kept edits in folder of the database at db_path (of case id, when given), oldest first.
std::vector<KeptEdit> kept_edits(const std::filesystem::path& folder, const std::string& db_path, std::string_view id = {});

// Removes the kept edits in folder of case id of the database at db_path; returns how many.
std::size_t discard_kept_edits(const std::filesystem::path& folder, const std::string& db_path, std::string_view id);

// Edits case id: resumes its newest kept edit in folder when there is one
// (saying so, and when the case changed since), else writes the stored record
// to a new kept-edit file there ("" is an Error(io): nowhere to keep it); launches the editor, validates the saved file like
// `validate` (the id may not change). When invalid, prints the diagnostics on
// err and asks on in "re-open the editor? [Y/n]"; "n" or end of input
// abandons, keeping the file. Stores a new revision (history action "edit")
// only when the canonical record changed, and then removes the file. Throws
// Error for an unknown or deleted case.
EditResult edit_case(store::Store& store, const std::string& id, const std::string& actor, const std::filesystem::path& folder,
                     const EditorLauncher& editor, std::istream& in, std::ostream& err);

} // namespace casebook::ops
