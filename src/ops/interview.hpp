// Guided entry of a new case (`casebook create` on a terminal): an interview
// that follows the case schema, asking in the order of a research interview
// (recorded, person, origin, flight, journey, returns, after return, sources,
// consent, narrative, notes, tags, status). Questions show the schema's
// descriptions; choices come from its vocabularies. Every answer is handed to
// the caller as soon as it is given (to keep it in a recovery file); "<" goes
// back one question by replaying the answers before it, and the same replay
// resumes an interrupted interview where it stopped.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "json/json.hpp"
#include "ops/interview_draft.hpp" // draft_of, for callers that keep an unfinished interview

namespace casebook::ops {

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

// One answer as it was typed, and the number of the question it answered
// (questions are numbered in the order asked, from 1).
struct InterviewAnswer {
    int question = 0;
    std::string text;
    bool sensitive = false; // it answers a field the schema marks x-sensitive (kept sealed in a sealed database)
};

// What an interview needs from its caller.
struct InterviewOptions {
    std::string today;                                  // default for recorded.date ("" for none)
    std::function<bool(const std::string&)> id_taken;   // true for ids already in the database (optional)
    std::vector<InterviewAnswer> resume;                // answers of an interrupted interview, replayed first
    std::function<void(const std::vector<InterviewAnswer>&)> on_answer; // every answer so far, after each change
    std::map<std::string, std::string> defaults;        // JSON Pointer -> what Enter gives ("/recorded/by")
    bool show_sensitive = false;                        // the final review shows sensitive answers (a terminal)
};

// The record an interview built, and how it ended.
struct InterviewResult {
    Json record;      // confirmed: the record to store (no "id" when the user left it to be assigned);
                      // otherwise: the answers so far, as given
    InterviewEnd end = InterviewEnd::input_ended;
    std::vector<InterviewAnswer> answers; // every answer kept, as on_answer last saw them
    // True when the record is ready to store.
    bool finished() const { return end == InterviewEnd::confirmed; }
};

class AnswerInput;

// Runs the interview: prompts to `out`, answers from `in`.
InterviewResult run_interview(AnswerInput& in, std::ostream& out, const InterviewOptions& options = {});

// Runs the interview on answers piped in, one per line (free texts end with a line holding only ".").
InterviewResult run_interview(std::istream& in, std::ostream& out, const InterviewOptions& options = {});

} // namespace casebook::ops
