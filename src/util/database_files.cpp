#include "util/database_files.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook {

namespace {

bool in_group(gid_t gid)
{
    if (gid == ::getegid()) {
        return true;
    }
    const int n = ::getgroups(0, nullptr);
    if (n <= 0) {
        return false;
    }
    std::vector<gid_t> groups(static_cast<std::size_t>(n));
    const int got = ::getgroups(n, groups.data());
    for (int i = 0; i < got; ++i) {
        if (groups[static_cast<std::size_t>(i)] == gid) {
            return true;
        }
    }
    return false;
}

std::string user_name(uid_t uid)
{
    if (const passwd* pw = ::getpwuid(uid); pw != nullptr && pw->pw_name != nullptr) {
        return say("{} (uid {})", pw->pw_name, uid);
    }
    return say("uid {}", uid);
}

std::string mode_text(mode_t mode) { return fmt::format("{:04o}", mode & 07777); }

const char* const override_hint = N_("; for a folder shared by a group, set CASEBOOK_SHARED_GROUP=1 "
                                     "(the files may then be the group's, mode 0660, never others')");

// Checks one file; companion: -wal, -shm or -journal (SQLite's, not the user's).
void check_file(const std::string& file, bool companion, const std::string& db, Sharing sharing,
                std::vector<std::string>& warnings)
{
    struct stat st {};
    if ((companion ? ::lstat(file.c_str(), &st) : ::stat(file.c_str(), &st)) != 0) {
        if (errno == ENOENT) {
            return;
        }
        throw Error(Exit::io, say("cannot open the database {}: {}: {}", db, file, std::strerror(errno)));
    }
    const bool shared = sharing == Sharing::group;
    if (!S_ISREG(st.st_mode)) {
        throw Error(Exit::io,
                    companion ? say("{} is not a regular file (a link, a pipe or a device): SQLite would send the "
                                            "changes of the database {} through it; remove it",
                                            file, db)
                              : say("{} is not a regular file (a pipe, a device or a socket), so not a database", file));
    }
    const std::string what = companion ? say("{} (a companion file of the database {})", file, db) : file;
    const bool group_ok = shared && in_group(st.st_gid);
    if (st.st_uid != ::geteuid() && !group_ok) {
        throw Error(Exit::io,
                    say("{} belongs to another user, {}: casebook opens only databases whose files are yours, so "
                                "that nobody else can read or change their cases{}{}",
                                what, user_name(st.st_uid),
                                companion ? tr("; if you did not expect it, someone may have planted it to capture what "
                                            "you write: remove it")
                                          : tr("; ask for a copy made with 'casebook backup'"),
                                tr(override_hint)));
    }
    const mode_t writable = shared ? S_IWOTH : (S_IWGRP | S_IWOTH);
    if ((st.st_mode & writable) != 0) {
        throw Error(Exit::io, say("{} can be changed by {} (mode {}): anyone who can could have forged or "
                                          "could capture its cases; if you trust it, 'chmod 600 {}'{}",
                                          what, (st.st_mode & S_IWOTH) != 0 ? tr("every user") : tr("its group"),
                                          mode_text(st.st_mode), file, shared ? "" : tr(override_hint)));
    }
    const mode_t readable = shared ? S_IROTH : (S_IRGRP | S_IROTH);
    if ((st.st_mode & readable) == 0) {
        return;
    }
    if (!companion) {
        warnings.push_back(say("the database {} can be read by {} (mode {}): 'chmod 600 {}' makes it yours only",
                                       file, (st.st_mode & S_IROTH) != 0 ? tr("every user") : tr("its group"),
                                       mode_text(st.st_mode), file));
        return;
    }
    // SQLite gives a new -wal the database's mode: make the user's own private.
    const mode_t mode = shared ? 0660 : 0600;
    if (st.st_uid != ::geteuid() || ::chmod(file.c_str(), mode) != 0) {
        throw Error(Exit::io, say("{} can be read by others (mode {}) and cannot be made private ({}): "
                                          "'chmod {:o} {}' first",
                                          what, mode_text(st.st_mode),
                                          st.st_uid != ::geteuid() ? "it is not yours" : std::strerror(errno), mode, file));
    }
}

} // namespace

std::vector<std::string> check_database_files(const std::string& path, Sharing sharing)
{
    std::vector<std::string> warnings;
    check_file(path, false, path, sharing, warnings);
    // SQLite names the companions after the database's real path: the name
    // given, unless it is a symbolic link.
    std::string base = path;
    struct stat link {};
    char buffer[PATH_MAX];
    if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode) && ::realpath(path.c_str(), buffer) != nullptr) {
        base = buffer;
    }
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        check_file(base + suffix, true, path, sharing, warnings);
    }
    return warnings;
}

} // namespace casebook
