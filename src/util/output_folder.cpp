#include "util/output_folder.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/file_io.hpp"

namespace casebook {

using namespace file_io;

// One staged file: its descriptor and what is waiting to be written.
struct OutputFolder::File {
    int fd = -1;
    std::string pending;
};

namespace {

constexpr std::size_t flush_at = 1 << 16;

std::string errno_text(int error) { return std::strerror(error); }

} // namespace

OutputFolder::OutputFolder(std::string target, Overwrite overwrite, ProtectedFiles protect, std::set<std::string> names)
    : target_(std::move(target)), overwrite_(overwrite), protect_(std::move(protect)), names_(std::move(names))
{
    const std::string name = name_of(target_);
    if (target_.empty() || name.empty() || name == "." || name == "..") {
        throw Error(Exit::usage, say("the export needs a folder name, not \"{}\"", target_));
    }
    check();
}

OutputFolder::~OutputFolder()
{
    if (!committed_) {
        discard();
    }
}

void OutputFolder::check() const
{
    if (auto conflict = protect_.conflict(target_)) {
        throw Error(Exit::usage, say("the export {} would replace {}: choose another name", target_, *conflict));
    }
    struct stat parent {};
    const std::string dir = folder_of(target_);
    if (::stat(dir.c_str(), &parent) != 0 || !S_ISDIR(parent.st_mode)) {
        throw Error(Exit::io, say("cannot write the export {}: no folder {}", target_, dir));
    }
    struct stat st {};
    if (::lstat(target_.c_str(), &st) != 0) {
        return;
    }
    if (overwrite_ == Overwrite::no) {
        throw Error(Exit::io, say("{} already exists: casebook never overwrites; choose another name, or add --force "
                                  "to replace an earlier export",
                                  target_));
    }
    if (!S_ISDIR(st.st_mode)) {
        throw Error(Exit::io, say("cannot replace {}: it is not a folder", target_));
    }
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(target_, ec)) {
        const std::string file = entry.path().filename().string();
        struct stat f {};
        if (names_.count(file) == 0 || ::lstat(entry.path().c_str(), &f) != 0 || !S_ISREG(f.st_mode)) {
            throw Error(Exit::io, say("cannot replace {}: it holds {}, which is not part of an export of this "
                                      "format; --force replaces only an earlier export",
                                      target_, file));
        }
        if (auto conflict = protect_.conflict(entry.path().string())) {
            throw Error(Exit::usage, say("the export {} would replace {}: choose another name", target_, *conflict));
        }
    }
    if (ec) {
        throw Error(Exit::io, say("cannot read {}: {}", target_, ec.message()));
    }
}

OutputFolder::File& OutputFolder::file(const std::string& name)
{
    auto it = files_.find(name);
    if (it != files_.end()) {
        return *it->second;
    }
    if (names_.count(name) == 0) {
        throw Error(Exit::io, say("output folder: no file {} declared", name));
    }
    if (staged_.empty()) {
        // Hidden, and only this user can enter it: nobody swaps a staged file for a link.
        std::string folder = (std::filesystem::path(folder_of(target_)) / ".casebook-XXXXXX").string();
        if (::mkdtemp(folder.data()) == nullptr) {
            throw Error(Exit::io, say("cannot write the export {}: {}", target_, errno_text(errno)));
        }
        staged_ = folder;
    }
    auto f = std::make_unique<File>();
    const std::string path = staged_ + "/" + name;
    f->fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0600);
    if (f->fd < 0 || ::fchmod(f->fd, 0600) != 0) {
        const int error = errno;
        if (f->fd >= 0) {
            ::close(f->fd);
        }
        throw Error(Exit::io, say("cannot write the export {}: {}", target_, errno_text(error)));
    }
    return *files_.emplace(name, std::move(f)).first->second;
}

void OutputFolder::create(const std::string& name) { file(name); }

void OutputFolder::write(const std::string& name, std::string_view text)
{
    File& f = file(name);
    f.pending.append(text);
    if (f.pending.size() >= flush_at) {
        if (const int error = write_all(f.fd, f.pending); error != 0) {
            throw Error(Exit::io, say("cannot write the export {}: {}", target_, errno_text(error)));
        }
        f.pending.clear();
    }
}

std::string OutputFolder::staged_path(const std::string& name)
{
    file(name);
    return staged_ + "/" + name;
}

void OutputFolder::commit()
{
    for (auto& [name, f] : files_) {
        int error = write_all(f->fd, f->pending);
        f->pending.clear();
        if (error == 0) {
            error = sync_file(f->fd);
        }
        if (::close(f->fd) != 0 && error == 0 && errno != EINTR) {
            error = errno;
        }
        f->fd = -1;
        if (error != 0) {
            throw Error(Exit::io, say("cannot write the export {}: {}", target_, errno_text(error)));
        }
    }
    sync_folder(staged_);
    check(); // again: the target may have appeared, or changed, meanwhile
    // An earlier export moves aside first (into an empty folder of ours, which
    // rename replaces), so that the new one never merges into it.
    std::string old;
    struct stat st {};
    if (::lstat(target_.c_str(), &st) == 0) {
        old = (std::filesystem::path(folder_of(target_)) / ".casebook-old-XXXXXX").string();
        if (::mkdtemp(old.data()) == nullptr || ::rename(target_.c_str(), old.c_str()) != 0) {
            const int error = errno;
            ::rmdir(old.c_str());
            throw Error(Exit::io, say("cannot replace {}: {}", target_, errno_text(error)));
        }
    }
    if (::renameat2(AT_FDCWD, staged_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) != 0) {
        const int error = errno;
        if (!old.empty()) {
            ::rename(old.c_str(), target_.c_str());
        }
        throw Error(Exit::io, error == EEXIST ? say("{} appeared meanwhile: casebook never overwrites; nothing written", target_)
                                              : say("cannot write the export {}: {}", target_, errno_text(error)));
    }
    committed_ = true;
    staged_.clear();
    if (!old.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(old, ec); // checked above: only the files of an earlier export
    }
    sync_folder(folder_of(target_));
}

void OutputFolder::discard() noexcept
{
    for (auto& [name, f] : files_) {
        if (f->fd >= 0) {
            ::close(f->fd);
            f->fd = -1;
        }
    }
    if (!staged_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(staged_, ec); // ours, 0700
        staged_.clear();
    }
}

} // namespace casebook
