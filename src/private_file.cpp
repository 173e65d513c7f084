#include "casebook/private_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "casebook/error.hpp"

namespace casebook {

namespace {

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

} // namespace

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
        throw Error(Exit::io, fmt::format("cannot create a file in {}: {}", dir.string(), std::strerror(errno)));
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
        throw Error(Exit::io, fmt::format("cannot write {}: {}", path, std::strerror(error)));
    }
    return path;
}

} // namespace casebook
