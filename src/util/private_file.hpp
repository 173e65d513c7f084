// Private files: the record being edited, the answers of an unfinished guided
// entry, the rejects of an import, a backup, a new database. Each is a new
// file readable by its owner only, written whole or not at all, and never
// written through an existing file, symbolic link or hard link.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace casebook {

// Creates a new file in dir (which must exist) named after pattern, whose
// last "XXXXXX" is replaced by random characters ("casebook-recovery-XXXXXX.json"),
// with mode 0600 whatever the umask; writes all of text and flushes it to
// disk; returns its path. Never overwrites a file. On any failure removes the
// file and throws Error(io) saying what could not be done and why.
std::string write_private_file(const std::filesystem::path& dir, const std::string& pattern, const std::string& text);

// Makes sure dir is a folder of this user's that nobody else can enter
// (creating it, and its parents, when missing; tightening it to 0700 when it
// is the user's). Throws Error(io) when it belongs to someone else or is not
// a folder: what is kept there (edit buffers, recovery files) is case data.
void make_private_folder(const std::filesystem::path& dir);

// Whether an output file may replace an existing file (the --force of a command).
enum class Overwrite { no, yes };

// Files an output of a command must never replace, even with --force: the
// database and its -wal, -shm and -journal (by name, since they come and go,
// and by device and inode, so that a hard link or symbolic link to one counts),
// and every input of the run (a folder protects every file below it).
class ProtectedFiles {
public:
    // The database at path and its companion files, whether they exist now or not.
    void add_database(const std::string& path);
    // An input: a file, a folder, or "-" (standard input, when it is a file).
    void add_input(const std::string& path);
    // What target is ("the database study.db", "an input of this run (batch.jsonl)"), when it is one of them.
    std::optional<std::string> conflict(const std::string& target) const;

private:
    struct Identity {
        dev_t device;
        ino_t inode;
        std::string what;
    };
    struct Name {
        dev_t device; // of the folder
        ino_t inode;
        std::string name;
        std::string what;
    };
    void add_file(const std::string& path, const std::string& what);
    std::vector<Identity> files_;
    std::vector<Identity> folders_;
    std::vector<Name> names_;
};

// A new private file (0600) put in place under its name only when whole: it
// is written in a private (0700) folder beside the target, then linked in
// without replacing anything (Overwrite::no: an existing file is an error,
// whatever appeared meanwhile) or renamed over the old name (Overwrite::yes).
// No existing file, nor the target of a symbolic link or another name of a
// hard link, is ever opened for writing. Until commit() nothing is visible
// under the target's name; destroyed uncommitted, nothing is left.
class OutputFile {
public:
    // Checks the target now, so that a long job fails before it starts: what
    // is a few words for messages ("the rejects file"), force_option the
    // command's option for Overwrite::yes ("--force"; "" when it has none).
    // Throws Error(usage) when target is protected, Error(io) when it exists
    // (Overwrite::no), is a folder, or its folder does not exist.
    OutputFile(std::string target, Overwrite overwrite, ProtectedFiles protect, std::string what,
               std::string force_option = "");
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();

    // Appends text (the staged file is created on first use); throws Error(io).
    void write(std::string_view text);
    // The staged file's path, for a writer that opens files by name (SQLite):
    // it lies in a folder only this user can enter. Creates it (empty) if needed.
    const std::string& staged_path();
    // Whether anything was staged yet.
    bool started() const { return fd_ >= 0; }
    // Flushes the staged file to disk and puts it in place; throws Error(io)
    // (Error(usage) when the target became protected meanwhile).
    void commit();
    // The target's name, as given.
    const std::string& target() const { return target_; }

private:
    void check() const;
    void stage();
    void discard() noexcept;

    std::string target_;
    Overwrite overwrite_;
    ProtectedFiles protect_;
    std::string what_;
    std::string force_option_;
    std::string folder_; // the private staging folder
    std::string staged_;
    int fd_ = -1;
    bool committed_ = false;
};

// Writes text as the new private file path (an OutputFile: 0600, put in place
// whole, never replacing an existing file or writing through a link). Throws
// Error(io) saying what could not be done and why; what names the file in
// messages ("the key file").
void write_new_private_file(const std::filesystem::path& path, const std::string& text, const std::string& what = "the file");

// Overwrites a file with zeros, then removes it: its blocks then hold no
// content, as far as the file system writes in place. Throws Error(io) when
// it cannot be removed.
void shred_file(const std::filesystem::path& path);

} // namespace casebook
