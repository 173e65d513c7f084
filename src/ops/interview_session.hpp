// One guided interview in progress (ops/interview.hpp): the record being
// built, the answers kept, and where it stands. Its parts are defined in
// interview_session.cpp (its course: replaying kept answers, reading one,
// going back), interview_walk.cpp (sections, blocks and lists),
// interview_ask.cpp (one question) and interview_review.cpp (the summary).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "input/answers.hpp"
#include "json/json.hpp"
#include "ops/interview.hpp"
#include "ops/interview_questions.hpp"
#include "record/validate.hpp"

namespace casebook::ops::interview {

// The end of an interview before its last answer.
struct Stopped {
    InterviewEnd end;
};

// Thrown to go back: the interview starts again and replays the answers kept.
struct Restart {};

// How a field that must be answered behaves when the answer is empty.
enum class Need {
    optional,         // Enter leaves it out
    required,         // Enter asks again
    required_or_drop, // Enter drops the (still empty) object that holds it
};

// What became of one question.
enum class Outcome { answered, skipped, drop_object };

// How an answer is read: one line, or a free text of several lines.
enum class Reading { line, text };

// One answer of the summary: where it is and the question that gave it.
struct Shown {
    std::string pointer;
    const Field* field;
    bool required;
};

// The interview: asks the questions of case_fields() in order, then the review.
class Interview {
public:
    // Starts an interview: answers from `in`, prompts to `out`, resuming from options.resume.
    Interview(AnswerInput& in, std::ostream& out, const InterviewOptions& options);

    // Asks every question and the final review; how it ended, the record and the answers kept.
    InterviewResult run();

private:
    // Where prompts go now: the terminal, or nowhere visible while answers are replayed.
    std::ostream& out() { return *out_; }

    // Whether kept answers are being replayed (quietly) rather than asked.
    bool replaying() const { return out_ != &live_; }

    // From the first question, replaying the answers kept (quietly) before asking anew.
    void start();

    // Asks the schema's sections in order, the status last.
    void walk();

    // What the researcher reads before the first question.
    void intro();

    // The answers changed: keep them (the recovery file).
    void kept();

    // Shows what the replay hid of the question now asked, and asks from here on.
    void go_live();

    // A new question: numbered for going back and for replaying its answers.
    void begin_question();

    // Reads one answer after showing the prompt; throws Stopped at the end of input or on Ctrl-C,
    // Restart on "<". help (if any) is shown for "?".
    std::string read_answer(const std::string& prompt, const std::function<void()>& help = {},
                            Reading how = Reading::line);

    // Forgets the answer to the question before this one, and asks it again.
    void go_back();

    // A free text without the blank lines and spaces around it ("<" and "?" alone as typed).
    static std::string trim_text(const std::string& text);

    // Asks a yes/no question (a new question unless new_question is false); Enter gives default_yes.
    bool ask_yes_no(const std::string& question, bool default_yes, bool new_question = true);

    // Shows a section's title and description (depth 0) or a block's within it.
    void heading(const Field& f, int depth);

    // Asks a field of any kind: a block, a list of blocks, or one question.
    void ask_any(const Field& f, const std::string& pointer, int depth);

    // Whether the record holds a non-empty value at pointer.
    bool holds_something(const std::string& pointer) const;

    // Removes the value at pointer from the record, if there is one.
    void erase(const std::string& pointer);

    // The country of the list item that holds pointer ("/journey/0/asylum" -> the leg's), if any.
    std::optional<std::string> country_of_item(const std::string& pointer) const;

    // Asks every field of the object at pointer; false when it was dropped (Enter on
    // its first required field before anything was answered).
    bool ask_object(const Field& f, const std::string& pointer, int depth);

    // Asks for the items of a list of blocks, one at a time, while the researcher adds more.
    void ask_list(const Field& f, const std::string& pointer, int depth);

    // The answer Enter gives, if any.
    std::optional<std::string> default_for(const Field& f, const std::string& pointer) const;

    // The first source id harms cite that /sources does not list yet, else s1, s2, …
    std::string suggested_source_id() const;

    // Choice i as listed: the value, its label in the researcher's language, what it means.
    std::string choice_line(const Field& f, std::size_t i) const;

    // Lists a question's choices, numbered (on one line when they are few and need no gloss).
    void show_choices(const Field& f);

    // What "?" shows: the question's meaning, what can be typed, what Enter does.
    void help(const Field& f, Need need, const std::optional<std::string>& def);

    // What follows the question's label: what may be typed, [what Enter gives], whether it is required.
    std::string hint(const Field& f, Need need, const std::optional<std::string>& def, const std::string& holder) const;

    // Turns an answer into the value to store, or explains what to type instead.
    input::Parsed<Json> value_of(const Field& f, const std::string& answer);

    // The errors a value would cause at pointer: the schema's, and the cross-field
    // rules' that point there (except "cites a source not listed": sources come later).
    std::vector<Problem> problems_at(const Json& candidate, const std::string& pointer) const;

    // Asks one field. With `current` (an answer being changed at the review),
    // Enter keeps it and "-" removes it.
    Outcome ask_field(const Field& f, const std::string& pointer, Need need, const std::string& holder = "",
                      const std::optional<std::string>& current = std::nullopt);

    // Asks the case's status last, offering only draft and complete.
    void ask_status(const Field& status);

    // Lists every answer, numbered; returns them in that order.
    std::vector<Shown> summary();

    // Asks again the answer the researcher chose by number at the review.
    void change(const Shown& s);

    // Shows the summary until the researcher saves, declines or changes an answer.
    InterviewEnd review();

    AnswerInput& in_;
    std::ostream& live_;
    std::ostream* out_;
    std::ostringstream replay_;
    const InterviewOptions& options_;
    const Field& root_;
    Json record_;
    std::vector<InterviewAnswer> log_;
    bool asking_sensitive_ = false; // the question being asked is of a sensitive field
    std::size_t replayed_ = 0;
    int question_ = 0;
    int section_ = 0;
    int sections_ = 0;
    std::string section_title_;
};

} // namespace casebook::ops::interview
