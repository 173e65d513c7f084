// casebook's helper programs (casebook-readstat, which writes Stata and SPSS
// files with a shared library the static casebook cannot link): where they
// are, and running one without a shell, feeding it input and hearing why it failed.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace casebook {

// Where a helper is looked for, in order: beside the running casebook (a
// build folder), then the install prefix's helper folder found from it
// (bin/../libexec/casebook: a moved prefix still works).
std::vector<std::string> helper_places(const std::string& name);

// The first of helper_places(name) that is an executable file, or nullopt.
std::optional<std::string> find_helper(const std::string& name);

// How a program run by run_program ended.
struct ProgramResult {
    int exit_code = -1;   // its exit code, or -1 when a signal ended it
    int signal = 0;       // the signal that ended it, or 0
    std::string errors;   // what it wrote on standard error (the first 64 KB)
    std::string failure_text; // why it could not be run, or ""
    // Whether it ran and exited 0.
    bool ok() const { return failure_text.empty() && signal == 0 && exit_code == 0; }
    // A sentence saying how it failed: its own message, its exit code or its signal.
    std::string failure() const;
};

// Runs program (a path, not looked up in PATH; never through a shell) with
// args, writing the parts of input, in order, to its standard input, and
// collecting its standard output and error. Waits for it to end.
ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& input);

} // namespace casebook
