// Guided entry for `casebook create`: the interview on the terminal, then the store.
#pragma once

#include <string>

#include "command.hpp"

namespace casebook::cli {

// Runs the interview (prompts on ctx.err, answers from ctx.in), stores the case in
// the database `db` names (--db value, "" for the default) and prints its id on
// ctx.out. On Ctrl-C, end of input, "no" at the end or a case that cannot be
// stored, stores nothing, writes the answers to a recovery file and prints its
// path on ctx.err. Returns the exit code (0 stored, 1 not stored).
int run_guided_create(Context& ctx, const std::string& db);

} // namespace casebook::cli
