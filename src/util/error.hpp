// Failures of the tool itself (I/O, database, usage) and the exit codes they map to.
#pragma once

#include <stdexcept>
#include <string>

namespace casebook {

// The exit codes of every command: a contract with scripts.
enum class Exit : int {
    ok = 0,       // success
    invalid = 1,  // the data is invalid or a check failed
    usage = 2,    // unknown option, bad --where, bad arguments
    io = 3,       // missing file, unreadable input, locked or corrupt database
    internal = 4, // a fault of casebook itself (a bug): "casebook: internal error: ..."
};

// The one error type the library throws; caught once in run() and printed as
// "casebook: error: <message>".
class Error : public std::runtime_error {
public:
    Error(Exit exit, const std::string& message) : std::runtime_error(message), exit_(exit) {}
    // The exit code this failure maps to.
    Exit exit() const { return exit_; }

private:
    Exit exit_;
};

} // namespace casebook
