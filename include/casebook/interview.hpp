// Guided entry of a new case (`casebook create` on a terminal): an interview
// that follows the case schema, asking in the order of a research interview
// (recorded, person, origin, flight, journey, returns, after return, sources,
// consent, narrative, notes, tags, status). Questions show the schema's
// descriptions; choices come from its vocabularies. Reads one answer per line,
// so answers can be piped in.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

#include "casebook/json.hpp"

namespace casebook {

// Set (by a SIGINT handler, say) to stop an interview: checked after every
// read, and a read that fails while it is set means "interrupted", not "end of
// input". The caller clears it before an interview.
extern std::atomic<bool> interview_interrupted;

// How an interview ended.
enum class InterviewEnd {
    confirmed,   // answered to the end, the record is valid, and the user said to save it
    input_ended, // end of input (Ctrl-D, or piped answers ran out) before the end
    interrupted, // interview_interrupted was set (Ctrl-C)
    declined,    // the user answered no to "Save this case?"
    invalid,     // the record has errors that saving it as a draft does not cure
};

// What an interview needs from its caller.
struct InterviewOptions {
    std::string today;                                  // default for recorded.date ("" for none)
    std::function<bool(const std::string&)> id_taken;   // true for ids already in the database (optional)
};

// The record an interview built, and how it ended.
struct InterviewResult {
    Json record;      // confirmed: the record to store (no "id" when the user left it to be assigned);
                      // otherwise: the answers so far, as given
    InterviewEnd end = InterviewEnd::input_ended;
    // True when the record is ready to store.
    bool finished() const { return end == InterviewEnd::confirmed; }
};

// Runs the interview: prompts to `out`, answers from `in`, one per line.
InterviewResult run_interview(std::istream& in, std::ostream& out, const InterviewOptions& options = {});

// The answers of an unfinished interview as a draft record that `create --from`
// accepts: schema_version "1", status "draft", list items and objects that lack
// a required field dropped, empty objects and lists dropped, and sources that
// harms cite but /sources does not list added with only their id.
Json draft_of(const Json& answers);

// Where recovery files go: $XDG_STATE_HOME/casebook, else ~/.local/state/casebook.
std::filesystem::path default_recovery_dir();

// Writes draft_of(answers) to a new private file (mode 0600,
// casebook-recovery-XXXXXX.json) in `dir` (created 0700 when missing) and
// returns its path. With no dir: default_recovery_dir(), else the current
// folder. Throws Error(io) when no file can be written.
std::string write_recovery_file(const Json& answers, const std::filesystem::path& dir = {});

} // namespace casebook
