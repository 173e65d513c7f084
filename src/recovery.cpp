// Recovery files: the answers of an unfinished guided entry, kept so that no
// typing is lost and `create --from FILE` can finish the job.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casebook/canonical.hpp"
#include "casebook/error.hpp"
#include "casebook/interview.hpp"

namespace casebook {

namespace {

// Writes text to a new file in dir; the path, or nullopt with the reason in `why`.
std::optional<std::string> write_new_file(const std::filesystem::path& dir, const std::string& text, std::string& why)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        if (dir.has_parent_path()) {
            std::filesystem::create_directories(dir.parent_path(), ec);
        }
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
            why = std::strerror(errno);
            return std::nullopt;
        }
    }
    std::string name = (dir / "casebook-recovery-XXXXXX.json").string();
    std::vector<char> buffer(name.begin(), name.end());
    buffer.push_back('\0');
    const int fd = ::mkstemps(buffer.data(), 5); // mode 0600 whatever the umask
    if (fd < 0) {
        why = std::strerror(errno);
        return std::nullopt;
    }
    std::string path(buffer.data());
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            why = std::strerror(errno);
            ::close(fd);
            ::unlink(path.c_str());
            return std::nullopt;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        why = std::strerror(errno);
        ::unlink(path.c_str());
        return std::nullopt;
    }
    return path;
}

} // namespace

std::filesystem::path default_recovery_dir()
{
    // XDG: a relative $XDG_STATE_HOME is invalid and must be ignored.
    if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && state[0] == '/') {
        return std::filesystem::path(state) / "casebook";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
        return std::filesystem::path(home) / ".local" / "state" / "casebook";
    }
    return {};
}

std::string write_recovery_file(const Json& answers, const std::filesystem::path& dir)
{
    const std::string text = pretty_text(draft_of(answers));
    std::vector<std::filesystem::path> places;
    if (!dir.empty()) {
        places.push_back(dir);
    } else {
        if (std::filesystem::path d = default_recovery_dir(); !d.empty()) {
            places.push_back(d);
        }
        std::error_code ec;
        places.push_back(std::filesystem::current_path(ec));
    }
    std::string tried;
    for (const std::filesystem::path& place : places) {
        std::string why;
        if (auto path = write_new_file(place, text, why)) {
            return *path;
        }
        tried += (tried.empty() ? "" : "; ") + place.string() + ": " + why;
    }
    throw Error(Exit::io, "could not write a recovery file (" + tried + ")");
}

} // namespace casebook
