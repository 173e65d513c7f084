// A new folder of private files put in place only when whole (export
// --format package, stata, spss): the files are written in a private (0700)
// folder beside the target, each new (0600, never through a link), flushed
// to disk, and the folder is renamed to the target's name at commit(). Until
// then nothing is visible there; destroyed uncommitted, nothing is left.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "util/private_file.hpp"

namespace casebook {

class OutputFolder {
public:
    // Checks the target now, so that a long job fails before it starts. An
    // existing target is replaced only with Overwrite::yes, and only when it
    // is a folder (not a link) holding nothing but regular files named in
    // `names` (an earlier export of the same kind), none of them protected:
    // --force never deletes anything else. Throws Error(usage) for a
    // protected target, Error(io) otherwise, saying why.
    OutputFolder(std::string target, Overwrite overwrite, ProtectedFiles protect, std::set<std::string> names);
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;
    ~OutputFolder();

    // Creates the file `name` (one of the names) in the staged folder; writes go through write().
    void create(const std::string& name);
    // Appends text to the file `name` (created first); throws Error(io).
    void write(const std::string& name, std::string_view text);
    // The staged path of a file, for a writer that opens files by name
    // (ReadStat): the folder only this user can enter. Creates it (empty).
    std::string staged_path(const std::string& name);
    // Flushes every file to disk and puts the folder in place; throws Error(io).
    void commit();
    // The target, as given.
    const std::string& target() const { return target_; }

    struct File;

private:
    void check() const;
    File& file(const std::string& name);
    void discard() noexcept;

    std::string target_;
    Overwrite overwrite_;
    ProtectedFiles protect_;
    std::set<std::string> names_;
    std::string staged_;
    std::map<std::string, std::unique_ptr<File>> files_;
    bool committed_ = false;
};

} // namespace casebook
