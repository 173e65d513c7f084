#include "cli/environment.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include <pwd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/i18n.hpp"
#include "util/terminal.hpp"

namespace casebook::cli {

namespace {

// A variable's value; empty when it is unset.
std::string variable(const char* name)
{
    const char* v = std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
}

// A whole positive number of columns, or none.
std::optional<std::size_t> columns_of(const std::string& text)
{
    if (text.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (end == nullptr || *end != '\0' || errno != 0 || v <= 0) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(v);
}

// The language the environment asks for, as POSIX reads it: LC_ALL, then
// LC_MESSAGES, then LANG; LANGUAGE, a list of preferences that gettext reads
// only when a locale is set, comes first when one is.
std::string language_of_locale()
{
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const std::string value = variable(name);
        if (value.empty()) {
            continue;
        }
        if (value == "C" || value == "POSIX" || value.rfind("C.", 0) == 0) {
            break;
        }
        if (variable("LANGUAGE").rfind("es", 0) == 0) {
            return "es";
        }
        return value.rfind("es", 0) == 0 ? "es" : "en";
    }
    return "en";
}

// The folder of casebook's state (XDG): a relative $XDG_STATE_HOME is invalid and ignored.
std::filesystem::path state_folder()
{
    if (const std::string state = variable("XDG_STATE_HOME"); !state.empty() && state[0] == '/') {
        return std::filesystem::path(state) / "casebook";
    }
    if (const std::string home = variable("HOME"); !home.empty()) {
        return std::filesystem::path(home) / ".local" / "state" / "casebook";
    }
    return {};
}

} // namespace

Environment environment_of_process(bool out_is_tty)
{
    Environment env;
    env.database = variable("CASEBOOK_DB");
    env.casebook_user = variable("CASEBOOK_USER");
    env.actor = env.casebook_user;
    if (env.actor.empty()) {
        const passwd* pw = ::getpwuid(::geteuid());
        env.actor = pw != nullptr && pw->pw_name != nullptr && *pw->pw_name != '\0' ? pw->pw_name : "unknown";
    }
    env.visual = variable("VISUAL");
    env.editor = variable("EDITOR");
    env.columns = columns_of(variable("COLUMNS"));
    if (out_is_tty) {
        winsize ws{};
        if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
            env.terminal_columns = ws.ws_col;
        }
    }
    env.sharing = variable("CASEBOOK_SHARED_GROUP") == "1" ? Sharing::group : Sharing::owner;
    if (const std::string timeout = variable("CASEBOOK_BUSY_TIMEOUT"); !timeout.empty()) {
        char* end = nullptr;
        errno = 0;
        const double seconds = std::strtod(timeout.c_str(), &end);
        // At most a day: SQLite takes the timeout in milliseconds, as an int.
        if (end == nullptr || *end != '\0' || errno != 0 || !std::isfinite(seconds) || seconds < 0 || seconds > 86400) {
            env.busy_timeout_error =
                say("$CASEBOOK_BUSY_TIMEOUT is \"{}\": set it to a number of seconds from 0 to 86400, such as 5",
                    terminal_safe(timeout, LineBreaks::escape));
        } else {
            env.busy_timeout_ms = static_cast<int>(std::lround(seconds * 1000));
        }
    }
    env.state_folder = state_folder();
    if (const std::string tmp = variable("TMPDIR"); !tmp.empty()) {
        env.temp_folder = tmp;
    }
    env.language = language_of_locale();
    return env;
}

} // namespace casebook::cli
