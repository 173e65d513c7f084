// Recovery files: the answers of an unfinished guided entry, kept so that no
// typing is lost and `create --from FILE` can finish the job.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include <sys/stat.h>

#include <fmt/format.h>

#include "casebook/canonical.hpp"
#include "casebook/error.hpp"
#include "casebook/interview.hpp"
#include "casebook/private_file.hpp"

namespace casebook {

namespace {

// Writes text to a new private file in dir, creating dir (0700) when missing;
// returns its path. Throws Error(io) when it cannot.
std::string write_new_file(const std::filesystem::path& dir, const std::string& text)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        if (dir.has_parent_path()) {
            std::filesystem::create_directories(dir.parent_path(), ec);
        }
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
            throw Error(Exit::io, fmt::format("cannot create the folder {}: {}", dir.string(), std::strerror(errno)));
        }
    }
    return write_private_file(dir, "casebook-recovery-XXXXXX.json", text);
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
        try {
            return write_new_file(place, text);
        } catch (const Error& e) {
            tried += (tried.empty() ? "" : "; ") + std::string(e.what());
        }
    }
    throw Error(Exit::io, "could not write a recovery file (" + tried + ")");
}

} // namespace casebook
