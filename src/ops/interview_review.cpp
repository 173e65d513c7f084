// The review at the end of an interview: every answer listed and numbered,
// the record's problems, and saving, a draft, or changing an answer (interview_session.hpp).
#include "ops/interview_session.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ops/interview_draft.hpp"
#include "ops/interview_sources.hpp"
#include "ops/interview_wording.hpp"
#include "util/i18n.hpp"

namespace casebook::ops::interview {

namespace {

// The record with a stand-in id when it has none, so that checks do not
// report the id that create will assign.
Json with_some_id(const Json& record)
{
    Json r = record;
    if (!r.contains("id")) {
        r["id"] = "new-case";
    }
    return r;
}

// Every answer of obj, in interview order.
void list_answers(const Field& f, const Json& obj, const std::string& pointer, std::vector<Shown>& out)
{
    for (const Field& c : f.fields) {
        auto it = obj.find(c.key);
        if (it == obj.end() || c.kind == Kind::constant) {
            continue;
        }
        const std::string p = pointer + "/" + c.key;
        if (c.kind == Kind::object && it->is_object()) {
            list_answers(c, *it, p, out);
        } else if (c.kind == Kind::object_list && it->is_array()) {
            for (std::size_t i = 0; i < it->size(); ++i) {
                list_answers(c, (*it)[i], p + "/" + std::to_string(i), out);
            }
        } else {
            out.push_back({p, &c, c.required});
        }
    }
}

} // namespace

std::vector<Shown> Interview::summary()
{
    out() << "\n== " << tr("Summary") << " ==\n";
    if (!record_.contains("id")) {
        out() << "      /id: " << tr("(assigned when saved)") << '\n';
    }
    std::vector<Shown> answers;
    list_answers(root_, record_, "", answers);
    // The status is asked last: listed last.
    std::stable_partition(answers.begin(), answers.end(), [](const Shown& s) { return s.pointer != "/status"; });
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const Json& v = record_.at(Json::json_pointer(answers[i].pointer));
        std::string text = shown(*answers[i].field, v, options_.show_sensitive);
        if (text.find('\n') != std::string::npos) {
            std::string indented;
            for (char c : text) {
                indented += c;
                if (c == '\n') {
                    indented += "        ";
                }
            }
            text = "\n        " + indented;
        }
        out() << fmt::format("  {:>3}. {}: {}", i + 1, answers[i].pointer, text) << '\n';
    }
    return answers;
}

void Interview::change(const Shown& s)
{
    const Json& v = record_.at(Json::json_pointer(s.pointer));
    ask_field(*s.field, s.pointer, s.required ? Need::required : Need::optional, "", typed(v));
}

InterviewEnd Interview::review()
{
    for (;;) {
        begin_question();
        std::vector<Shown> answers = summary();
        std::vector<Problem> problems = record::check_record(with_some_id(record_));
        for (const Problem& p : problems) {
            out() << (p.severity == Severity::error ? tr("error: ") : tr("warning: ")) << (p.pointer.empty() ? "/" : p.pointer)
                  << ": " << p.message << '\n';
        }
        const bool savable = !record::has_errors(problems);
        Json draft = draft_of(record_);
        const bool draft_savable = savable || !record::has_errors(record::check_record(with_some_id(draft)));
        std::string question;
        if (savable) {
            question = tr("Save this case?");
        } else if (draft_savable) {
            out() << tr("The case cannot be saved as it is.") << '\n';
            const bool adds_sources = string_members(draft, "/sources", "id") != string_members(record_, "/sources", "id");
            question = adds_sources ? tr("Save it as a draft, listing the sources that harms cite by their id?")
                                    : tr("Save it as a draft?");
        } else {
            out() << tr("These errors must be fixed before the case can be saved.") << '\n';
            question = tr("Change an answer?");
        }
        auto help = [this]() {
            out() << "  " << tr("y saves the case; n stops without saving (the answers stay in the recovery file);\n"
                                "  the number of an answer asks it again; < goes back to the last question")
                  << '\n';
        };
        const std::string prompt = question + " " + (draft_savable ? tr("[Y/n]") : tr("[y/N]")) + " " +
                                   tr("(or the number of an answer to change)") + " ";
        for (;;) {
            const std::string a = read_answer(prompt, help);
            if (input::Parsed<long long> n = input::parse_integer(a); n.value && *n.value >= 1 &&
                                                        static_cast<std::size_t>(*n.value) <= answers.size()) {
                change(answers[static_cast<std::size_t>(*n.value - 1)]);
                break;
            }
            input::Parsed<bool> yes = a.empty() ? input::Parsed<bool>{draft_savable, ""} : input::parse_yes_no(a);
            if (!yes.value) {
                out() << "  " << say("type y, n or a number from 1 to {}", answers.size()) << '\n';
                continue;
            }
            if (!*yes.value) {
                return InterviewEnd::declined;
            }
            if (savable) {
                return InterviewEnd::confirmed;
            }
            if (draft_savable) {
                record_ = std::move(draft);
                return InterviewEnd::confirmed;
            }
            return InterviewEnd::invalid;
        }
    }
}

} // namespace casebook::ops::interview
