#include "util/private_file.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/i18n.hpp"

namespace casebook {

namespace file_io {

// Writes all of text to fd, through interruptions and short writes; 0 or errno.
int write_all(int fd, const std::string& text)
{
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno;
        }
        if (n == 0) {
            return EIO; // no progress and no reason: do not spin
        }
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

// fsync, retried when interrupted; 0 or errno.
int sync_file(int fd)
{
    while (::fsync(fd) != 0) {
        if (errno != EINTR) {
            return errno;
        }
    }
    return 0;
}

// The folder of a path ("." for a bare name).
std::string folder_of(const std::string& path)
{
    std::string folder = std::filesystem::path(path).parent_path().string();
    return folder.empty() ? std::string(".") : folder;
}

std::string name_of(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// The real path of a folder (symbolic links resolved), or "" when it has none.
std::string real_folder(const std::string& path)
{
    char buffer[PATH_MAX];
    return ::realpath(path.c_str(), buffer) == nullptr ? std::string() : std::string(buffer);
}

// Flushes a folder's entries (a new name in it) to disk; best effort: not
// every file system can sync a folder, and the file itself is synced already.
void sync_folder(const std::string& folder)
{
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        sync_file(fd);
        ::close(fd);
    }
}

} // namespace file_io

using namespace file_io;

std::string write_private_file(const std::filesystem::path& dir, const std::string& pattern, const std::string& text)
{
    const std::size_t x = pattern.rfind("XXXXXX");
    if (x == std::string::npos || pattern.find('/') != std::string::npos) {
        throw std::invalid_argument("write_private_file: the pattern must be a file name with XXXXXX");
    }
    const int suffix = static_cast<int>(pattern.size() - (x + 6));
    std::string name = (dir / pattern).string();
    std::vector<char> buffer(name.begin(), name.end());
    buffer.push_back('\0');
    // mkstemps creates the file with O_EXCL and mode 0600 less the umask; fchmod
    // makes it exactly 0600, so that the owner can always write it back (an editor).
    const int fd = ::mkstemps(buffer.data(), suffix);
    if (fd < 0) {
        throw Error(Exit::io, say("cannot create a file in {}: {}", dir.string(), std::strerror(errno)));
    }
    const std::string path(buffer.data());
    int error = ::fchmod(fd, 0600) == 0 ? 0 : errno;
    if (error == 0) {
        error = write_all(fd, text);
    }
    if (error == 0) {
        error = sync_file(fd);
    }
    // close() is not retried on EINTR: on Linux the descriptor is gone either way.
    if (::close(fd) != 0 && error == 0 && errno != EINTR) {
        error = errno;
    }
    if (error != 0) {
        ::unlink(path.c_str());
        throw Error(Exit::io, say("cannot write {}: {}", path, std::strerror(error)));
    }
    return path;
}

void make_private_folder(const std::filesystem::path& dir)
{
    std::error_code ec;
    if (dir.has_parent_path() && !std::filesystem::exists(dir.parent_path(), ec)) {
        std::filesystem::create_directories(dir.parent_path(), ec);
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        throw Error(Exit::io, say("cannot create the folder {}: {}", dir.string(), std::strerror(errno)));
    }
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        throw Error(Exit::io, say("{} is not a folder: casebook keeps private files there", dir.string()));
    }
    if (st.st_uid != ::geteuid()) {
        throw Error(Exit::io, say("the folder {} belongs to another user: casebook keeps private files "
                                          "there only in a folder of yours",
                                          dir.string()));
    }
    if ((st.st_mode & 0777) != 0700 && ::chmod(dir.c_str(), 0700) != 0) {
        throw Error(Exit::io, say("cannot make the folder {} private: {}", dir.string(), std::strerror(errno)));
    }
}

void ProtectedFiles::add_file(const std::string& path, const std::string& what)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        files_.push_back({st.st_dev, st.st_ino, what});
    }
}

void ProtectedFiles::add_database(const std::string& path)
{
    const std::string what = say("the database {}", path);
    add_file(path, what);
    // SQLite names the companions after the database's real path; the name
    // given may be a symbolic link to it. Both count.
    std::vector<std::string> bases{path};
    char buffer[PATH_MAX];
    if (::realpath(path.c_str(), buffer) != nullptr) {
        bases.emplace_back(buffer);
    }
    for (const std::string& base : bases) {
        struct stat folder {};
        const bool has_folder = ::stat(folder_of(base).c_str(), &folder) == 0;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            const std::string companion = base + suffix;
            const std::string named = *suffix == '\0' ? what : say("{} of the database {}", suffix + 1, path);
            add_file(companion, named);
            if (has_folder) {
                names_.push_back({folder.st_dev, folder.st_ino, name_of(companion), named});
            }
        }
    }
}

void ProtectedFiles::add_input(const std::string& path)
{
    const std::string what = say("an input of this run ({})", path);
    struct stat st {};
    if (path == "-") {
        if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
            files_.push_back({st.st_dev, st.st_ino, tr("standard input, an input of this run")});
        }
        return;
    }
    if (::stat(path.c_str(), &st) != 0) {
        return;
    }
    (S_ISDIR(st.st_mode) ? folders_ : files_).push_back({st.st_dev, st.st_ino, what});
}

std::optional<std::string> ProtectedFiles::conflict(const std::string& target) const
{
    auto same = [](const struct stat& st, const Identity& id) { return st.st_dev == id.device && st.st_ino == id.inode; };
    struct stat st {};
    for (int (*look)(const char*, struct stat*) : {&::stat, &::lstat}) {
        if (look(target.c_str(), &st) == 0) {
            for (const Identity& id : files_) {
                if (same(st, id)) {
                    return id.what;
                }
            }
        }
    }
    // By name: a companion that does not exist now may exist in a moment.
    const std::string folder = real_folder(folder_of(target));
    struct stat at {};
    if (!folder.empty() && ::stat(folder.c_str(), &at) == 0) {
        for (const Name& n : names_) {
            if (at.st_dev == n.device && at.st_ino == n.inode && name_of(target) == n.name) {
                return n.what;
            }
        }
        // Below an input folder: the file would be read, or is being read.
        for (std::filesystem::path up = folder;; up = up.parent_path()) {
            struct stat dir {};
            if (::stat(up.c_str(), &dir) == 0) {
                for (const Identity& id : folders_) {
                    if (same(dir, id)) {
                        return id.what;
                    }
                }
            }
            if (up == up.root_path() || up.empty()) {
                break;
            }
        }
    }
    return std::nullopt;
}

OutputFile::OutputFile(std::string target, Overwrite overwrite, ProtectedFiles protect, std::string what,
                       std::string force_option)
    : target_(std::move(target)), overwrite_(overwrite), protect_(std::move(protect)), what_(std::move(what)),
      force_option_(std::move(force_option))
{
    if (target_.empty() || name_of(target_).empty() || name_of(target_) == "." || name_of(target_) == "..") {
        throw Error(Exit::usage, say("{} needs a file name, not \"{}\"", what_, target_));
    }
    check();
}

OutputFile::~OutputFile()
{
    if (!committed_) {
        discard();
    }
}

void OutputFile::check() const
{
    if (auto conflict = protect_.conflict(target_)) {
        throw Error(Exit::usage, say("{} {} would replace {}: choose another name", what_, target_, *conflict));
    }
    struct stat folder {};
    const std::string dir = folder_of(target_);
    if (::stat(dir.c_str(), &folder) != 0 || !S_ISDIR(folder.st_mode)) {
        throw Error(Exit::io, say("cannot write {} {}: no folder {}", what_, target_, dir));
    }
    struct stat st {};
    if (::lstat(target_.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            throw Error(Exit::io, say("cannot write {} {}: it is a folder", what_, target_));
        }
        if (overwrite_ == Overwrite::no) {
            throw Error(Exit::io, say("{} {} already exists: casebook never overwrites a file; choose another name{}",
                                              what_, target_,
                                              force_option_.empty() ? "" : say(", or add {} to replace it", force_option_)));
        }
    }
}

void OutputFile::stage()
{
    if (started()) {
        return;
    }
    const std::string dir = folder_of(target_);
    // A folder only this user can enter, named so that no import reads what
    // is in it (a hidden folder, a file without .json): nobody can swap the
    // staged file for a link between its creation and its use.
    std::string folder = (std::filesystem::path(dir) / ".casebook-XXXXXX").string();
    if (::mkdtemp(folder.data()) == nullptr) {
        throw Error(Exit::io, say("cannot create {} {}: {}", what_, target_, std::strerror(errno)));
    }
    folder_ = folder;
    staged_ = folder_ + "/part";
    fd_ = ::open(staged_.c_str(), O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0600);
    if (fd_ < 0 || ::fchmod(fd_, 0600) != 0) { // through the descriptor: exactly 0600 whatever the umask
        const int error = errno;
        discard();
        throw Error(Exit::io, say("cannot write {} {}: {}", what_, target_, std::strerror(error)));
    }
}

void OutputFile::write(std::string_view text)
{
    stage();
    if (const int error = write_all(fd_, std::string(text)); error != 0) {
        throw Error(Exit::io, say("cannot write {} {}: {}", what_, target_, std::strerror(error)));
    }
}

const std::string& OutputFile::staged_path()
{
    stage();
    return staged_;
}

void OutputFile::commit()
{
    stage();
    // The descriptor is the staged file's whoever wrote it (SQLite writes by
    // name): syncing it puts the whole file on disk before it gets its name.
    int synced = sync_file(fd_);
    if (::close(fd_) != 0 && synced == 0 && errno != EINTR) {
        synced = errno;
    }
    fd_ = -1;
    if (synced != 0) {
        throw Error(Exit::io, say("cannot write {} {}: {}", what_, target_, std::strerror(synced)));
    }
    // Again: the target may have appeared, or become a link to something protected, meanwhile.
    struct stat now {};
    if (overwrite_ == Overwrite::no && ::lstat(target_.c_str(), &now) == 0) {
        throw Error(Exit::io, say("{} {} appeared meanwhile: casebook never overwrites a file; nothing written",
                                          what_, target_));
    }
    check();
    int error = 0;
    if (overwrite_ == Overwrite::yes) {
        // rename replaces the name only: a link's target or another name of the old file is untouched.
        error = ::rename(staged_.c_str(), target_.c_str()) == 0 ? 0 : errno;
    } else if (::renameat2(AT_FDCWD, staged_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) != 0) {
        error = errno;
        if (error == EINVAL || error == ENOSYS || error == ENOTSUP) {
            // A file system without RENAME_NOREPLACE: link() never replaces either.
            error = ::link(staged_.c_str(), target_.c_str()) == 0 ? 0 : errno;
            if (error == 0) {
                ::unlink(staged_.c_str());
            }
        }
    }
    if (error == EEXIST) {
        throw Error(Exit::io, say("{} {} appeared meanwhile: casebook never overwrites a file; nothing written",
                                          what_, target_));
    }
    if (error != 0) {
        throw Error(Exit::io, say("cannot write {} {}: {}", what_, target_, std::strerror(error)));
    }
    committed_ = true;
    discard();
    sync_folder(folder_of(target_));
}

void OutputFile::discard() noexcept
{
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!folder_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(folder_, ec); // ours, 0700: what SQLite left beside the staged file too
        folder_.clear();
    }
    staged_.clear();
}

void write_new_private_file(const std::filesystem::path& path, const std::string& text, const std::string& what)
{
    OutputFile out(path.string(), Overwrite::no, ProtectedFiles{}, what);
    out.write(text);
    out.commit();
}

// Overwrites a file with zeros before removing it: its blocks then hold no
// content, as far as the file system writes in place.
void shred_file(const std::filesystem::path& path)
{
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        std::string zeros(64 * 1024, '\0');
        for (std::uintmax_t done = 0; !ec && done < size;) {
            auto n = static_cast<std::size_t>(std::min<std::uintmax_t>(zeros.size(), size - done));
            ssize_t w = ::write(fd, zeros.data(), n);
            if (w <= 0) {
                break;
            }
            done += static_cast<std::uintmax_t>(w);
        }
        ::fsync(fd);
        ::close(fd);
    }
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (ec) {
        throw Error(Exit::io, say("cannot remove {}: {}", path.string(), ec.message()));
    }
}

} // namespace casebook
