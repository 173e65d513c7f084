#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "command.hpp"

int main(int argc, char** argv)
{
    std::ios::sync_with_stdio(false);
    std::vector<std::string> args(argv + 1, argv + argc);
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
