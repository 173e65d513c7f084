#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

#include "util/terminal.hpp"
#include "cli/command.hpp"
#include "util/i18n.hpp"

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    // casebook runs on one thread: SQLite need not lock a mutex around every
    // call, page and allocation (about 3% of an import), nor count memory,
    // except for query --sql, whose heap limit SQLite enforces only by counting.
    const bool bounds_memory = std::any_of(args.begin(), args.end(), [](const std::string& a) {
        return a == "--sql" || a.rfind("--sql=", 0) == 0;
    });
    sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, bounds_memory ? 1 : 0);
    std::ios::sync_with_stdio(false);
    const bool out_is_tty = isatty(STDOUT_FILENO) == 1;
    const bool err_is_tty = isatty(STDERR_FILENO) == 1;
    // Whatever reaches a terminal passes through terminal_safe: no stored value,
    // in any format, can move the cursor, retitle the window or set the clipboard.
    std::streambuf* const cout_buffer = std::cout.rdbuf();
    std::streambuf* const cerr_buffer = std::cerr.rdbuf();
    int code = 0;
    {
        std::optional<casebook::TerminalSafeBuffer> safe_out, safe_err;
        if (out_is_tty) {
            std::cout.rdbuf(&safe_out.emplace(cout_buffer));
        }
        if (err_is_tty) {
            std::cerr.rdbuf(&safe_err.emplace(cerr_buffer));
        }
        casebook::cli::Context ctx{std::cin, std::cout, std::cerr, isatty(STDIN_FILENO) == 1, out_is_tty, err_is_tty,
                                   casebook::cli::environment_of_process(out_is_tty)};
        code = casebook::cli::run(args, ctx);
        std::cout.flush();
        std::cerr.flush();
        std::cout.rdbuf(cout_buffer); // before the filters go: they write what they still hold
        std::cerr.rdbuf(cerr_buffer);
    }
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "casebook: error: " << casebook::tr("could not write to standard output") << '\n';
        return code == 0 ? 3 : code;
    }
    return code;
}
