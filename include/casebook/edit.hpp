// Editing a stored case in the researcher's editor: a private copy, validation
// on save, re-open or abandon, and a new revision only when something changed.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace casebook {

class Store;

// The editor to run: $VISUAL, else $EDITOR, else vi. casebook runs it without
// a shell: the value is split on whitespace ("code --wait"), unless it names
// an existing program as a whole (a path with spaces). A value with quotes is
// refused (Error(usage)): no shell would be there to read them.
std::vector<std::string> editor_command();

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
};

// Edits case id: writes it to a private temporary file (mode 0600 in a 0700
// folder), launches the editor, validates the saved file like `validate`
// (the id may not change). When invalid, prints the diagnostics on err and
// asks on in "re-open the editor? [Y/n]"; "n" or end of input abandons,
// keeping the file. Stores a new revision (history action "edit") only when
// the canonical record changed. Throws Error for an unknown or deleted case.
EditResult edit_case(Store& store, const std::string& id, const std::string& actor, const EditorLauncher& editor,
                     std::istream& in, std::ostream& err);

} // namespace casebook
