// Guided entry: the interview walks the case schema in property order, so a
// field added to the schema is asked without touching this file; only the few
// fields whose answers have a sensible default are named here.
#include "ops/interview.hpp"

#include <algorithm>
#include <istream>
#include <optional>
#include <ostream>
#include <sstream>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "ops/answer_input.hpp"
#include "input/answers.hpp"
#include "record/canonical.hpp"
#include "util/countries.hpp"
#include "util/i18n.hpp"
#include "schema/schema.hpp"
#include "record/validate.hpp"

namespace casebook {

std::atomic<bool> interview_interrupted{false};

namespace {

// What kind of question a schema property becomes.
enum class Kind { object, object_list, choice, choice_list, text, text_list, integer, boolean, date, country, constant };

// One property of the schema, as the interview asks it.
struct Field {
    std::string key;
    std::string description;
    Kind kind = Kind::text;
    bool required = false;  // required by the object that holds it
    bool sensitive = false; // x-sensitive: never shown back in the summary
    std::vector<std::string> choices;
    std::vector<std::string> glosses; // what each choice means, from the vocabulary's description ("" when none)
    std::optional<Json> schema_default;
    std::string item_description;     // lists: the description of one item
    std::vector<Field> fields;        // objects and lists of objects: their properties, in schema order
};

// The meaning the vocabulary's description gives a value: "removal (after a removal order)" -> "after a removal order".
std::string gloss_of(const std::string& text, const std::string& value)
{
    const std::string needle = value + " (";
    for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
        if (pos != 0 && text[pos - 1] != ' ') {
            continue; // "voluntary_return (" inside "assisted_voluntary_return ("
        }
        std::size_t start = pos + needle.size();
        int depth = 1;
        for (std::size_t i = start; i < text.size(); ++i) {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0) {
                return text.substr(start, i - start);
            }
        }
    }
    return "";
}

Field build_field(const std::string& key, const Json& node, const Json& root, bool required)
{
    // Follow $ref; the property's own keys (its description) win over the definition's.
    const Json& definition = resolve_ref(node, root);
    const bool referred = &definition != &node;
    Json s = referred ? definition : Json::object();
    std::string vocabulary_description = referred ? definition.value("description", "") : "";
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.key() != "$ref") {
            s[it.key()] = it.value();
        }
    }
    if (vocabulary_description.empty()) {
        vocabulary_description = s.value("description", "");
    }

    Field f;
    f.key = key;
    f.description = s.value("description", "");
    f.required = required;
    f.sensitive = s.value("x-sensitive", false);
    if (auto d = s.find("default"); d != s.end()) {
        f.schema_default = *d;
    }
    const std::string type = s.value("type", "");
    if (refers_to_definition(node, "date")) {
        f.kind = Kind::date;
    } else if (refers_to_definition(node, "country")) {
        f.kind = Kind::country;
    } else if (s.contains("const")) {
        f.kind = Kind::constant;
    } else if (auto e = s.find("enum"); e != s.end() && e->is_array()) {
        f.kind = Kind::choice;
        for (const Json& v : *e) {
            if (v.is_string()) {
                f.choices.push_back(v.get<std::string>());
                f.glosses.push_back(gloss_of(vocabulary_description, f.choices.back()));
            }
        }
    } else if (type == "boolean") {
        f.kind = Kind::boolean;
    } else if (type == "integer") {
        f.kind = Kind::integer;
    } else if (type == "object") {
        f.kind = Kind::object;
        std::set<std::string> needed;
        if (auto req = s.find("required"); req != s.end() && req->is_array()) {
            for (const Json& r : *req) {
                needed.insert(r.get<std::string>());
            }
        }
        if (auto props = s.find("properties"); props != s.end() && props->is_object()) {
            for (auto it = props->begin(); it != props->end(); ++it) {
                f.fields.push_back(build_field(it.key(), it.value(), root, needed.count(it.key()) != 0));
            }
        }
    } else if (type == "array" && s.contains("items")) {
        Field item = build_field(key, s.at("items"), root, false);
        f.item_description = item.description;
        if (item.kind == Kind::object) {
            f.kind = Kind::object_list;
            f.fields = std::move(item.fields);
        } else if (item.kind == Kind::choice) {
            f.kind = Kind::choice_list;
            f.choices = std::move(item.choices);
            f.glosses = std::move(item.glosses);
        } else {
            f.kind = Kind::text_list;
        }
    }
    return f;
}

// The embedded schema as a tree of questions, built once.
const Field& case_fields()
{
    static const Field root = build_field("", embedded_schema(), embedded_schema(), false);
    return root;
}

const Field* child(const Field& f, std::string_view key)
{
    for (const Field& c : f.fields) {
        if (c.key == key) {
            return &c;
        }
    }
    return nullptr;
}

bool lacks_required(const Field& f, const Json& obj)
{
    for (const Field& c : f.fields) {
        if (c.required && !obj.contains(c.key)) {
            return true;
        }
    }
    return false;
}

// Drops what a draft cannot keep: objects and list items without a required field, empty objects and lists.
void prune(const Field& f, Json& obj)
{
    for (const Field& c : f.fields) {
        auto it = obj.find(c.key);
        if (it == obj.end()) {
            continue;
        }
        bool drop = false;
        if (c.kind == Kind::object && it->is_object()) {
            prune(c, *it);
            drop = it->empty() || lacks_required(c, *it);
        } else if (c.kind == Kind::object_list && it->is_array()) {
            Json kept = Json::array();
            for (Json& item : *it) {
                if (item.is_object()) {
                    prune(c, item);
                    if (!item.empty() && !lacks_required(c, item)) {
                        kept.push_back(std::move(item));
                    }
                }
            }
            *it = std::move(kept);
            drop = it->empty();
        } else if ((c.kind == Kind::choice_list || c.kind == Kind::text_list) && it->is_array()) {
            drop = it->empty();
        }
        if (drop) {
            obj.erase(c.key);
        }
    }
}

// Ids of the sources listed in /sources, and those harms cite, in order.
std::vector<std::string> string_members(const Json& doc, const std::string& list_pointer, const std::string& key)
{
    std::vector<std::string> out;
    const Json::json_pointer p(list_pointer);
    if (!doc.contains(p) || !doc.at(p).is_array()) {
        return out;
    }
    for (const Json& item : doc.at(p)) {
        auto v = item.is_object() ? item.find(key) : item.end();
        if (item.is_object() && v != item.end() && v->is_string()) {
            out.push_back(v->get<std::string>());
        }
    }
    return out;
}

// The last item's string member `key` of the list at list_pointer, if any.
std::optional<std::string> last_string(const Json& doc, const std::string& list_pointer, const std::string& key)
{
    std::vector<std::string> all = string_members(doc, list_pointer, key);
    if (all.empty()) {
        return std::nullopt;
    }
    return all.back();
}

std::vector<std::string> cited_sources(const Json& doc)
{
    std::vector<std::string> out;
    const Json::json_pointer p("/after_return/harms");
    if (!doc.contains(p) || !doc.at(p).is_array()) {
        return out;
    }
    for (const Json& harm : doc.at(p)) {
        if (!harm.is_object() || !harm.contains("sources") || !harm.at("sources").is_array()) {
            continue;
        }
        for (const Json& s : harm.at("sources")) {
            if (s.is_string() && std::find(out.begin(), out.end(), s.get<std::string>()) == out.end()) {
                out.push_back(s.get<std::string>());
            }
        }
    }
    return out;
}

std::string label_of(const std::string& key)
{
    std::string t = key;
    for (char& c : t) {
        c = c == '_' ? ' ' : c;
    }
    return t;
}

// Text with its first letter in upper case (ASCII and the accented vowels and ñ of Spanish).
std::string capitalised(std::string t)
{
    static const std::pair<std::string_view, std::string_view> accented[] = {
        {"á", "Á"}, {"é", "É"}, {"í", "Í"}, {"ó", "Ó"}, {"ú", "Ú"}, {"ñ", "Ñ"}};
    if (!t.empty() && t[0] >= 'a' && t[0] <= 'z') {
        t[0] = static_cast<char>(t[0] - 'a' + 'A');
    }
    for (const auto& [lower, upper] : accented) {
        if (t.rfind(lower, 0) == 0) {
            t.replace(0, lower.size(), upper);
        }
    }
    return t;
}

// A section's title in the researcher's language: "after_return" -> "After return".
std::string title_of(const std::string& key)
{
    return capitalised(tr(label_of(key).c_str()));
}

// What one item of a list is called in questions: "journey leg", "return", "harm", "source".
std::string item_noun(const std::string& key)
{
    if (key == "journey") {
        return "journey leg";
    }
    std::string noun = label_of(key);
    if (noun.size() > 1 && noun.back() == 's') {
        noun.pop_back();
    }
    return noun;
}

std::string with_article(const std::string& noun)
{
    bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
    return (vowel ? "an " : "a ") + noun;
}

std::size_t characters(const std::string& s)
{
    std::size_t n = 0;
    for (unsigned char c : s) {
        n += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

std::string joined(const std::vector<std::string>& values)
{
    std::string out;
    for (const std::string& v : values) {
        out += (out.empty() ? "" : ", ") + v;
    }
    return out;
}

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

// Free texts: read over several lines (or in the editor).
bool is_free_text(const Field& f, const std::string& pointer)
{
    return f.kind == Kind::text && (pointer == "/narrative" || pointer == "/notes");
}

// A value as the researcher reads it: labels and country names in their language.
std::string shown(const Field& f, const Json& v, bool show_sensitive)
{
    if (f.sensitive && !show_sensitive) {
        return v.is_string() ? say("(sensitive, {} characters)", characters(v.get<std::string>())) : tr("(sensitive)");
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? tr("yes") : tr("no");
    }
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (f.kind == Kind::country) {
            return fmt::format("{} ({})", s, country_label(s));
        }
        if (f.kind == Kind::choice && language() != "en") {
            return fmt::format("{} ({})", s, value_label(s));
        }
        return s;
    }
    if (v.is_array()) {
        std::vector<std::string> items;
        for (const Json& x : v) {
            std::string item = x.is_string() ? x.get<std::string>() : x.dump();
            if (f.kind == Kind::choice_list && language() != "en") {
                item = fmt::format("{} ({})", item, value_label(item));
            }
            items.push_back(item);
        }
        return joined(items);
    }
    return v.dump();
}

// The text an answer is typed as to give value v again (the default when changing an answer).
std::string typed(const Json& v)
{
    if (v.is_boolean()) {
        return v.get<bool>() ? "y" : "n";
    }
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_array()) {
        std::vector<std::string> items;
        for (const Json& x : v) {
            items.push_back(x.is_string() ? x.get<std::string>() : x.dump());
        }
        return joined(items);
    }
    return v.dump();
}

// One answer of the summary: where it is and the question that gave it.
struct Shown {
    std::string pointer;
    const Field* field;
    bool required;
};

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

class Interview {
public:
    Interview(AnswerInput& in, std::ostream& out, const InterviewOptions& options)
        : in_(in), live_(out), out_(&out), options_(options), root_(case_fields()), log_(options.resume)
    {
        for (const Field& f : root_.fields) {
            sections_ += f.kind == Kind::constant ? 0 : 1;
        }
    }

    InterviewResult run()
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

private:
    std::ostream& out() { return *out_; }

    bool replaying() const { return out_ != &live_; }

    // From the first question, replaying the answers kept (quietly) before asking anew.
    void start()
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

    void walk()
    {
        for (const Field& f : root_.fields) {
            const std::string p = "/" + f.key;
            if (f.kind == Kind::constant) {
                // schema_version: the only const of the schema, "1".
                record_[f.key] = std::string(record_schema_version);
                continue;
            }
            if (f.key != "status") {
                ++section_;
                section_title_ = title_of(f.key);
            }
            if (f.key == "id") {
                ask_field(f, p, Need::optional);
            } else if (f.key == "status") {
                record_[f.key] = "draft"; // asked last; holds its place in the key order
            } else {
                ask_any(f, p, 0);
            }
        }
        if (const Field* status = child(root_, "status")) {
            section_title_ = title_of("status");
            section_ = sections_;
            ask_status(*status);
        }
    }

    void intro()
    {
        out() << tr("casebook: guided entry of a new case.\n"
                    "Answer each question and press Enter. Enter alone leaves a field out (not recorded);\n"
                    "[x] is what Enter gives. Choices: type the number, the value or its first letters;\n"
                    "several: separate them with commas. < goes back one question; ? explains the question.\n"
                    "Every answer is kept at once in a recovery file: Ctrl-D or Ctrl-C stops, nothing is\n"
                    "stored, and 'casebook create --resume' goes on where you stopped.\n");
    }

    // The answers changed: keep them (the recovery file).
    void kept()
    {
        if (options_.on_answer) {
            options_.on_answer(log_);
        }
    }

    // Shows what the replay hid of the question now asked, and asks from here on.
    void go_live()
    {
        out_ = &live_;
        live_ << replay_.str();
        replay_.str("");
    }

    // A new question: numbered for going back and for replaying its answers.
    void begin_question()
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

    // Reads one answer after showing the prompt; throws Stopped at the end of input or on Ctrl-C,
    // Restart on "<". help (if any) is shown for "?".
    std::string read_answer(const std::string& prompt, const std::function<void()>& help = {},
                            Reading how = Reading::line)
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
            std::string line = how == Reading::text ? trim_text(*got) : trim_answer(*got);
            if (std::string problem = text_problem(line, how == Reading::text); !problem.empty()) {
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

    // Forgets the answer to the question before this one, and asks it again.
    void go_back()
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

    static std::string trim_text(const std::string& text)
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
        return trim_answer(t) == "<" || trim_answer(t) == "?" ? trim_answer(t) : t;
    }

    bool ask_yes_no(const std::string& question, bool default_yes, bool new_question = true)
    {
        if (new_question) {
            begin_question();
        }
        const std::string hint = default_yes ? tr("[Y/n]") : tr("[y/N]");
        auto help = [this]() { out() << "  " << tr("answer y (yes) or n (no); Enter gives the capital letter; < goes back") << '\n'; };
        for (;;) {
            const std::string a = read_answer(question + " " + hint + " ", help);
            if (a.empty()) {
                return default_yes;
            }
            Parsed<bool> yes = parse_yes_no(a);
            if (yes.value) {
                return *yes.value;
            }
            out() << "  " << yes.error << '\n';
        }
    }

    void heading(const Field& f, int depth)
    {
        if (depth == 0) {
            out() << "\n== " << title_of(f.key) << " ==\n" << tr(f.description.c_str()) << '\n';
        } else {
            out() << "\n-- " << title_of(f.key) << ": " << tr(f.description.c_str()) << '\n';
        }
    }

    void ask_any(const Field& f, const std::string& pointer, int depth)
    {
        switch (f.kind) {
        case Kind::object:
            heading(f, depth);
            ask_object(f, pointer, depth + 1);
            break;
        case Kind::object_list:
            heading(f, depth);
            ask_list(f, pointer, depth + 1);
            break;
        case Kind::constant:
            break;
        default:
            ask_field(f, pointer, Need::optional);
            break;
        }
    }

    bool holds_something(const std::string& pointer) const
    {
        const Json::json_pointer p(pointer);
        return record_.contains(p) && !record_.at(p).empty();
    }

    void erase(const std::string& pointer)
    {
        const Json::json_pointer p(pointer);
        if (!record_.contains(p)) {
            return;
        }
        Json& parent = record_.at(p.parent_pointer());
        if (parent.is_array()) {
            parent.erase(static_cast<std::size_t>(std::stoul(p.back())));
        } else {
            parent.erase(p.back());
        }
    }

    // The country of the list item that holds pointer ("/journey/0/asylum" -> the leg's), if any.
    std::optional<std::string> country_of_item(const std::string& pointer) const
    {
        const Json::json_pointer p(pointer);
        const Json::json_pointer item = p.parent_pointer();
        const Json::json_pointer country = item / "country";
        const bool in_list = !item.empty() && item.back().find_first_not_of("0123456789") == std::string::npos;
        if (in_list && record_.contains(country) && record_.at(country).is_string()) {
            return record_.at(country).get<std::string>();
        }
        return std::nullopt;
    }

    // Asks every field of the object at pointer; false when it was dropped (Enter on
    // its first required field before anything was answered).
    bool ask_object(const Field& f, const std::string& pointer, int depth)
    {
        for (const Field& c : f.fields) {
            const std::string p = pointer + "/" + c.key;
            if (c.kind == Kind::object) {
                // A block inside a journey leg (asylum): one question says whether anything happened at all.
                if (std::optional<std::string> country = country_of_item(p)) {
                    // TRANSLATORS: {0} is a block of a journey leg ("asylum"), {1} the leg's country.
                    if (!ask_yes_no(say("Did anything happen with {} in {}?", tr(label_of(c.key).c_str()), country_label(*country)),
                                    false)) {
                        continue;
                    }
                }
            }
            if (c.kind == Kind::object || c.kind == Kind::object_list || c.kind == Kind::constant) {
                ask_any(c, p, depth);
                continue;
            }
            Need need = !c.required ? Need::optional : holds_something(pointer) ? Need::required : Need::required_or_drop;
            if (ask_field(c, p, need, f.key) == Outcome::drop_object) {
                erase(pointer);
                return false;
            }
        }
        if (record_.contains(Json::json_pointer(pointer)) && !holds_something(pointer)) {
            erase(pointer);
        }
        return true;
    }

    void ask_list(const Field& f, const std::string& pointer, int depth)
    {
        const std::string noun = item_noun(f.key);
        for (std::size_t i = 0;; ++i) {
            const bool more = i == 0 ? ask_yes_no(say("Add {}?", tr(with_article(noun).c_str())), true)
                                     // TRANSLATORS: {0} is the noun ("source"), {1} it with its article ("a source").
                                     : ask_yes_no(say("Another {}?", tr(noun.c_str()), tr(with_article(noun).c_str())), false);
            if (!more) {
                break;
            }
            Json& list = record_[Json::json_pointer(pointer)];
            if (!list.is_array()) {
                list = Json::array();
            }
            list.push_back(Json::object());
            out() << '\n' << capitalised(tr(noun.c_str())) << ' ' << (i + 1) << ": " << tr(f.item_description.c_str()) << '\n';
            Field item = f;
            item.key = noun;
            if (!ask_object(item, pointer + "/" + std::to_string(i), depth)) {
                out() << "  " << say("(no {} recorded)", tr(noun.c_str())) << '\n';
                break;
            }
        }
        if (record_.contains(Json::json_pointer(pointer)) && !holds_something(pointer)) {
            erase(pointer);
        }
    }

    // The answer Enter gives, if any.
    std::optional<std::string> default_for(const Field& f, const std::string& pointer) const
    {
        if (pointer == "/recorded/date" && !options_.today.empty()) {
            return options_.today;
        }
        if (auto d = options_.defaults.find(pointer); d != options_.defaults.end() && !d->second.empty()) {
            return d->second;
        }
        if (pointer.rfind("/sources/", 0) == 0 && f.key == "id") {
            return suggested_source_id();
        }
        // Most returns are from the last country reached, to the country of origin.
        if (pointer.rfind("/returns/", 0) == 0 && f.key == "from") {
            return last_string(record_, "/journey", "country");
        }
        if (pointer.rfind("/returns/", 0) == 0 && f.key == "to") {
            const Json::json_pointer origin("/origin/country");
            if (record_.contains(origin) && record_.at(origin).is_string()) {
                return record_.at(origin).get<std::string>();
            }
        }
        if (f.schema_default && f.schema_default->is_string()) {
            return f.schema_default->get<std::string>();
        }
        return std::nullopt;
    }

    // The first source id harms cite that /sources does not list yet, else s1, s2, …
    std::string suggested_source_id() const
    {
        const std::vector<std::string> listed = string_members(record_, "/sources", "id");
        for (const std::string& cited : cited_sources(record_)) {
            if (std::find(listed.begin(), listed.end(), cited) == listed.end()) {
                return cited;
            }
        }
        for (int n = 1;; ++n) {
            std::string id = "s" + std::to_string(n);
            if (std::find(listed.begin(), listed.end(), id) == listed.end()) {
                return id;
            }
        }
    }

    std::string choice_line(const Field& f, std::size_t i) const
    {
        std::string line = f.choices[i];
        if (language() != "en") {
            line += " = " + value_label(f.choices[i]);
        }
        if (i < f.glosses.size() && !f.glosses[i].empty()) {
            line += " (" + std::string(tr(f.glosses[i].c_str())) + ')';
        }
        return line;
    }

    void show_choices(const Field& f)
    {
        bool glossed = language() != "en";
        for (const std::string& g : f.glosses) {
            glossed = glossed || !g.empty();
        }
        if (!glossed && f.choices.size() <= 6) {
            out() << ' ';
            for (std::size_t i = 0; i < f.choices.size(); ++i) {
                out() << fmt::format("  {}. {}", i + 1, f.choices[i]);
            }
            out() << '\n';
            return;
        }
        for (std::size_t i = 0; i < f.choices.size(); ++i) {
            out() << fmt::format("  {:>2}. {}", i + 1, choice_line(f, i)) << '\n';
        }
    }

    // What "?" shows: the question's meaning, what can be typed, what Enter does.
    void help(const Field& f, Need need, const std::optional<std::string>& def)
    {
        out() << "  " << tr(f.description.c_str()) << '\n';
        switch (f.kind) {
        case Kind::choice:
        case Kind::choice_list:
            out() << "  " << (f.kind == Kind::choice ? tr("one of:") : tr("one or more of (separated by commas):")) << '\n';
            for (std::size_t i = 0; i < f.choices.size(); ++i) {
                out() << fmt::format("    {:>2}. {}", i + 1, choice_line(f, i)) << '\n';
            }
            break;
        case Kind::boolean: out() << "  " << tr("y (yes) or n (no)") << '\n'; break;
        case Kind::country: out() << "  " << tr("a country: its name (in English or Spanish) or its code (SLV, SV)") << '\n'; break;
        case Kind::date: out() << "  " << tr("a date: YYYY, YYYY-MM or YYYY-MM-DD") << '\n'; break;
        case Kind::integer: out() << "  " << tr("a whole number") << '\n'; break;
        case Kind::text_list: out() << "  " << tr("one or more values separated by commas") << '\n'; break;
        default: break;
        }
        if (def) {
            out() << "  " << say("Enter gives {}", *def) << '\n';
        } else if (need == Need::optional) {
            out() << "  " << tr("Enter leaves it out (not recorded)") << '\n';
        } else {
            out() << "  " << tr("this answer is required") << '\n';
        }
        out() << "  " << tr("< goes back one question") << '\n';
    }

    std::string hint(const Field& f, Need need, const std::optional<std::string>& def, const std::string& holder) const
    {
        std::string h;
        switch (f.kind) {
        case Kind::choice: h = fmt::format(" [1-{}]", f.choices.size()); break;
        case Kind::choice_list: h = std::string(" ") + tr("[numbers or values, comma-separated]"); break;
        case Kind::text_list: h = std::string(" ") + tr("[comma-separated]"); break;
        case Kind::boolean: h = std::string(" ") + tr("[y/n]"); break;
        case Kind::country: h = std::string(" ") + tr("[code or name]"); break;
        default: break;
        }
        if (def) {
            h += " [" + *def + "]";
        } else if (f.key == "id" && holder.empty()) {
            h += std::string(" ") + tr("[Enter: assigned when saved, <ORIGIN>-NNNN]");
        }
        if (need == Need::required) {
            h += std::string(" ") + tr("(required)");
        } else if (need == Need::required_or_drop && !def) {
            h += " " + say("(Enter: no {})", tr(label_of(holder).c_str()));
        }
        return h;
    }

    // Turns an answer into the value to store, or explains what to type instead.
    Parsed<Json> value_of(const Field& f, const std::string& answer)
    {
        auto from = [](auto parsed) -> Parsed<Json> {
            if (!parsed.value) {
                return {std::nullopt, parsed.error};
            }
            return {Json(*parsed.value), ""};
        };
        switch (f.kind) {
        case Kind::choice: return from(parse_choice(answer, f.choices));
        case Kind::choice_list: return from(parse_choices(answer, f.choices));
        case Kind::boolean: return from(parse_yes_no(answer));
        case Kind::country: return from(parse_country(answer));
        case Kind::date: return from(parse_date_answer(answer));
        case Kind::integer: return from(parse_integer(answer));
        case Kind::text_list: {
            std::vector<std::string> items = split_list(answer);
            if (items.empty()) {
                return {std::nullopt, tr("type one or more values separated by commas")};
            }
            return {Json(items), ""};
        }
        default: return {Json(answer), ""};
        }
    }

    // The errors a value would cause at pointer: the schema's, and the cross-field
    // rules' that point there (except "cites a source not listed": sources come later).
    std::vector<Problem> problems_at(const Json& candidate, const std::string& pointer) const
    {
        std::vector<Problem> all;
        SchemaValidator::builtin().check(candidate, all);
        check_cross_field_rules(candidate, all);
        std::vector<Problem> here;
        for (Problem& p : all) {
            const bool at = p.pointer == pointer || p.pointer.rfind(pointer + "/", 0) == 0;
            if (at && p.severity == Severity::error && p.code != "unknown_source") {
                here.push_back(std::move(p));
            }
        }
        return here;
    }

    // Asks one field. With `current` (an answer being changed at the review),
    // Enter keeps it and "-" removes it.
    Outcome ask_field(const Field& f, const std::string& pointer, Need need, const std::string& holder = "",
                      const std::optional<std::string>& current = std::nullopt)
    {
        begin_question();
        asking_sensitive_ = f.sensitive;
        const std::optional<std::string> def = current ? current : default_for(f, pointer);
        const Reading how = is_free_text(f, pointer) ? Reading::text : Reading::line;
        out() << tr(f.description.c_str()) << '\n';
        if (f.kind == Kind::choice || f.kind == Kind::choice_list) {
            show_choices(f);
        }
        std::string prompt = tr(label_of(f.key).c_str()) + hint(f, need, how == Reading::text && def ? std::nullopt : def, holder);
        if (how == Reading::text) {
            prompt += current ? std::string("\n") + tr("(several lines; a line holding only . ends; Enter alone keeps it, - removes it)")
                              : std::string("\n") + tr("(several lines; a line holding only . ends the text; Enter alone leaves it out)");
        }
        prompt += ": ";
        if (how == Reading::text) {
            prompt += '\n';
        }
        for (;;) {
            std::string answer = read_answer(prompt, [&]() { help(f, need, def); }, how);
            if (answer == "-" && (current || (def && need == Need::optional))) {
                if (current) {
                    erase(pointer);
                }
                return Outcome::skipped;
            }
            if (answer.empty() && def) {
                answer = *def;
            }
            if (answer.empty()) {
                if (need == Need::optional) {
                    return Outcome::skipped;
                }
                if (need == Need::required_or_drop) {
                    return Outcome::drop_object;
                }
                out() << "  " << tr("this answer is required") << '\n';
                continue;
            }
            Parsed<Json> value = value_of(f, answer);
            if (!value.value) {
                out() << "  " << value.error << '\n';
                continue;
            }
            if (pointer == "/id" && options_.id_taken && options_.id_taken(value.value->get<std::string>())) {
                out() << "  "
                      << say("id \"{}\" is already in the database: choose another, or press Enter to have one assigned",
                             value.value->get<std::string>())
                      << '\n';
                continue;
            }
            Json candidate = record_;
            candidate[Json::json_pointer(pointer)] = *value.value;
            std::vector<Problem> problems = problems_at(candidate, pointer);
            if (!problems.empty()) {
                for (const Problem& p : problems) {
                    out() << "  " << p.message << '\n';
                }
                if (need == Need::optional) {
                    out() << "  " << tr("(type another answer, or press Enter to leave it out)") << '\n';
                }
                continue;
            }
            record_ = std::move(candidate);
            // Say what a number, a prefix or a country name stood for.
            if (f.kind == Kind::choice || f.kind == Kind::choice_list || f.kind == Kind::country) {
                const std::string stored = shown(f, *value.value, false);
                if (stored != answer) {
                    out() << "  = " << stored << '\n';
                }
            }
            return Outcome::answered;
        }
    }

    void ask_status(const Field& status)
    {
        // reviewed and rejected are set by `casebook review`, never typed in.
        Field f = status;
        f.choices.clear();
        f.glosses.clear();
        for (std::size_t i = 0; i < status.choices.size(); ++i) {
            if (status.choices[i] == "draft" || status.choices[i] == "complete") {
                f.choices.push_back(status.choices[i]);
                f.glosses.push_back(status.glosses[i]);
            }
        }
        out() << "\n== " << title_of("status") << " ==";
        ask_field(f, "/status", Need::optional);
    }

    // Lists every answer, numbered; returns them in that order.
    std::vector<Shown> summary()
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

    // Asks again the answer the researcher chose by number at the review.
    void change(const Shown& s)
    {
        const Json& v = record_.at(Json::json_pointer(s.pointer));
        ask_field(*s.field, s.pointer, s.required ? Need::required : Need::optional, "", typed(v));
    }

    InterviewEnd review()
    {
        for (;;) {
            begin_question();
            std::vector<Shown> answers = summary();
            std::vector<Problem> problems = check_record(with_some_id(record_));
            for (const Problem& p : problems) {
                out() << (p.severity == Severity::error ? tr("error: ") : tr("warning: ")) << (p.pointer.empty() ? "/" : p.pointer)
                      << ": " << p.message << '\n';
            }
            const bool savable = !has_errors(problems);
            Json draft = draft_of(record_);
            const bool draft_savable = savable || !has_errors(check_record(with_some_id(draft)));
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
                if (Parsed<long long> n = parse_integer(a); n.value && *n.value >= 1 &&
                                                            static_cast<std::size_t>(*n.value) <= answers.size()) {
                    change(answers[static_cast<std::size_t>(*n.value - 1)]);
                    break;
                }
                Parsed<bool> yes = a.empty() ? Parsed<bool>{draft_savable, ""} : parse_yes_no(a);
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

} // namespace

InterviewResult run_interview(AnswerInput& in, std::ostream& out, const InterviewOptions& options)
{
    return Interview(in, out, options).run();
}

InterviewResult run_interview(std::istream& in, std::ostream& out, const InterviewOptions& options)
{
    StreamInput lines(in);
    return run_interview(lines, out, options);
}

Json draft_of(const Json& answers)
{
    Json d = answers.is_object() ? answers : Json::object();
    d["schema_version"] = std::string(record_schema_version);
    d["status"] = "draft";
    prune(case_fields(), d);
    // A harm may cite a source the interview never reached: list it by id.
    std::vector<std::string> listed = string_members(d, "/sources", "id");
    for (const std::string& cited : cited_sources(d)) {
        if (std::find(listed.begin(), listed.end(), cited) == listed.end()) {
            if (!d.contains("sources") || !d["sources"].is_array()) {
                d["sources"] = Json::array();
            }
            d["sources"].push_back(Json{{"id", cited}});
            listed.push_back(cited);
        }
    }
    return canonicalise(d);
}

} // namespace casebook
