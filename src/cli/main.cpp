#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

#include "command.hpp"

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
    casebook::cli::Context ctx{std::cin, std::cout, std::cerr,
                               isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, isatty(STDERR_FILENO) == 1};
    int code = casebook::cli::run(args, ctx);
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "casebook: error: could not write to standard output\n";
        return code == 0 ? 3 : code;
    }
    return code;
}
