// The course of an interview: starting, replaying the answers kept (to resume,
// or to go back one question), and reading one answer (interview_session.hpp).
#include "ops/interview_session.hpp"

#include <algorithm>

#include "ops/answer_input.hpp"
#include "util/i18n.hpp"

namespace casebook::ops::interview {

Interview::Interview(AnswerInput& in, std::ostream& out, const InterviewOptions& options)
    : in_(in), live_(out), out_(&out), options_(options), root_(case_fields()), log_(options.resume)
{
    for (const Field& f : root_.fields) {
        sections_ += f.kind == Kind::constant ? 0 : 1;
    }
}

InterviewResult Interview::run()
{
    InterviewResult result;
    for (;;) {
        try {
            start();
            walk();
            result.end = review();
        } catch (const Restart&) {
            continue;
        } catch (const Stopped& s) {
            if (replaying()) {
                go_live();
            }
            out() << '\n';
            result.end = s.end;
        }
        break;
    }
    result.record = record_;
    result.answers = log_;
    out().flush();
    return result;
}

void Interview::start()
{
    record_ = Json::object();
    question_ = 0;
    replayed_ = 0;
    section_ = 0;
    replay_.str("");
    out_ = log_.empty() ? &live_ : &replay_;
    if (log_.empty()) {
        intro();
    }
}

void Interview::intro()
{
    out() << tr("casebook: guided entry of a new case.\n"
                "Answer each question and press Enter. Enter alone leaves a field out (not recorded);\n"
                "[x] is what Enter gives. Choices: type the number, the value or its first letters;\n"
                "several: separate them with commas. < goes back one question; ? explains the question.\n"
                "Every answer is kept at once in a recovery file: Ctrl-D or Ctrl-C stops, nothing is\n"
                "stored, and 'casebook create --resume' goes on where you stopped.\n");
}

void Interview::kept()
{
    if (options_.on_answer) {
        options_.on_answer(log_);
    }
}

void Interview::go_live()
{
    out_ = &live_;
    live_ << replay_.str();
    replay_.str("");
}

void Interview::begin_question()
{
    ++question_;
    asking_sensitive_ = false;
    if (replaying()) {
        replay_.str("");
    }
    out() << '\n'
          << say("[{} · section {} of {} · question {}]", section_title_, std::max(section_, 1), sections_, question_)
          << '\n';
}

std::string Interview::read_answer(const std::string& prompt, const std::function<void()>& help, Reading how)
{
    if (interview_interrupted.load()) {
        throw Stopped{InterviewEnd::interrupted};
    }
    for (;;) {
        if (replayed_ < log_.size()) {
            if (log_[replayed_].question == question_) {
                return log_[replayed_++].text;
            }
            // The answers kept no longer fit the questions (the database changed?): ask from here.
            log_.resize(replayed_);
            kept();
        }
        if (replaying()) {
            go_live();
        }
        out() << prompt << std::flush;
        std::optional<std::string> got = how == Reading::text ? in_.read_text() : in_.read_line();
        if (interview_interrupted.load()) {
            throw Stopped{InterviewEnd::interrupted};
        }
        if (!got) {
            throw Stopped{InterviewEnd::input_ended};
        }
        std::string line = how == Reading::text ? trim_text(*got) : input::trim_answer(*got);
        if (std::string problem = input::text_problem(line, how == Reading::text); !problem.empty()) {
            out() << "  " << problem << '\n';
            continue;
        }
        if (line == "<") {
            go_back();
            continue;
        }
        if (line == "?") {
            if (help) {
                help();
            } else {
                out() << "  " << tr("< goes back one question; Enter gives what [brackets] show.") << '\n';
            }
            continue;
        }
        log_.push_back({question_, line, asking_sensitive_});
        replayed_ = log_.size();
        kept();
        return line;
    }
}

void Interview::go_back()
{
    if (question_ <= 1) {
        out() << "  " << tr("this is the first question") << '\n';
        return;
    }
    const int back_to = question_ - 1;
    std::size_t keep = 0;
    while (keep < log_.size() && log_[keep].question < back_to) {
        ++keep;
    }
    log_.resize(keep);
    kept();
    throw Restart{};
}

std::string Interview::trim_text(const std::string& text)
{
    std::size_t end = text.size();
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t')) {
        --end;
    }
    std::size_t start = 0;
    while (start < end && (text[start] == '\n' || text[start] == '\r')) {
        ++start;
    }
    std::string t = text.substr(start, end - start);
    return input::trim_answer(t) == "<" || input::trim_answer(t) == "?" ? input::trim_answer(t) : t;
}

} // namespace casebook::ops::interview
