// Guided entry for `casebook create`: the interview on the terminal, then the store.
#pragma once

#include <optional>
#include <string>

#include "cli/command.hpp"

namespace casebook::cli {

// Runs the interview (prompts on ctx.err, answers from ctx.in: key by key on a
// terminal), stores the case in the database `db` names (--db value, "" for the
// default) and prints its id on ctx.out. Every answer is kept in a recovery file
// as it is given; the file is removed once the case is saved. On Ctrl-C, end of
// input, "no" at the end or a case that cannot be stored, stores nothing, keeps
// the file and says how to resume. With `resume` ("" for the latest waiting, or
// a recovery file), replays its answers first. Returns the exit code (0 stored,
// 1 not stored).
int run_guided_create(Context& ctx, const std::string& db, const std::optional<std::string>& resume = std::nullopt);

} // namespace casebook::cli
