// Guided entry: the interview walks the case schema in property order, so a
// field added to the schema is asked without touching this file; only the few
// fields whose answers have a sensible default are named here.
#include "casebook/interview.hpp"

#include <algorithm>
#include <istream>
#include <optional>
#include <ostream>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "casebook/answers.hpp"
#include "casebook/canonical.hpp"
#include "casebook/countries.hpp"
#include "casebook/schema.hpp"
#include "casebook/validate.hpp"

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
    Json s = Json::object();
    std::string ref;
    std::string vocabulary_description;
    if (auto r = node.find("$ref"); r != node.end() && r->is_string()) {
        const std::string prefix = "#/definitions/";
        ref = r->get<std::string>().substr(prefix.size());
        s = root.at("definitions").at(ref);
        vocabulary_description = s.value("description", "");
    }
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
    if (ref == "date") {
        f.kind = Kind::date;
    } else if (ref == "country") {
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

std::string title_of(const std::string& key)
{
    std::string t = key;
    for (char& c : t) {
        c = c == '_' ? ' ' : c;
    }
    if (!t.empty() && t[0] >= 'a' && t[0] <= 'z') {
        t[0] = static_cast<char>(t[0] - 'a' + 'A');
    }
    return t;
}

std::string label_of(const std::string& key)
{
    std::string t = key;
    for (char& c : t) {
        c = c == '_' ? ' ' : c;
    }
    return t;
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

// How a stored value reads in the summary.
std::string shown(const Field& f, const Json& v)
{
    if (f.sensitive) {
        return v.is_string() ? fmt::format("(sensitive, {} characters)", characters(v.get<std::string>())) : "(sensitive)";
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "yes" : "no";
    }
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        return f.kind == Kind::country ? fmt::format("{} ({})", s, country_name(s)) : s;
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

void print_summary(const Field& f, const Json& obj, const std::string& pointer, std::ostream& out)
{
    for (const Field& c : f.fields) {
        auto it = obj.find(c.key);
        if (it == obj.end()) {
            continue;
        }
        const std::string p = pointer + "/" + c.key;
        if (c.kind == Kind::constant) {
            continue; // schema_version: the same in every record
        }
        if (c.kind == Kind::object && it->is_object()) {
            print_summary(c, *it, p, out);
        } else if (c.kind == Kind::object_list && it->is_array()) {
            for (std::size_t i = 0; i < it->size(); ++i) {
                print_summary(c, (*it)[i], p + "/" + std::to_string(i), out);
            }
        } else {
            out << "  " << p << ": " << shown(c, *it) << '\n';
        }
    }
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

// How a field that must be answered behaves when the answer is empty.
enum class Need {
    optional,         // Enter leaves it out
    required,         // Enter asks again
    required_or_drop, // Enter drops the (still empty) object that holds it
};

// What became of one question.
enum class Outcome { answered, skipped, drop_object };

class Interview {
public:
    Interview(std::istream& in, std::ostream& out, const InterviewOptions& options)
        : in_(in), out_(out), options_(options), root_(case_fields())
    {
    }

    InterviewResult run()
    {
        InterviewResult result;
        try {
            intro();
            record_ = Json::object();
            for (const Field& f : root_.fields) {
                const std::string p = "/" + f.key;
                if (f.kind == Kind::constant) {
                    // schema_version: the only const of the schema, "1".
                    record_[f.key] = std::string(record_schema_version);
                } else if (f.key == "id") {
                    ask_field(f, p, Need::optional);
                } else if (f.key == "status") {
                    record_[f.key] = "draft"; // asked last; holds its place in the key order
                } else {
                    ask_any(f, p, 0);
                }
            }
            if (const Field* status = child(root_, "status")) {
                ask_status(*status);
            }
            result.end = review();
        } catch (const Stopped& s) {
            out_ << '\n';
            result.end = s.end;
        }
        result.record = record_;
        out_.flush();
        return result;
    }

private:
    void intro()
    {
        out_ << "casebook: guided entry of a new case.\n"
                "Answer each question and press Enter. Enter alone leaves a field out (not recorded);\n"
                "[x] is what Enter gives. Choices: type the number, the value or its first letters;\n"
                "several: separate them with commas. Ctrl-D or Ctrl-C stops: nothing is stored, and\n"
                "the answers so far are kept in a recovery file.\n";
    }

    // Reads one answer after showing the prompt; throws Stopped at the end of input or on Ctrl-C.
    std::string read_answer(const std::string& prompt)
    {
        if (interview_interrupted.load()) {
            throw Stopped{InterviewEnd::interrupted};
        }
        for (;;) {
            out_ << prompt << std::flush;
            std::string line;
            const bool ok = static_cast<bool>(std::getline(in_, line));
            if (interview_interrupted.load()) {
                throw Stopped{InterviewEnd::interrupted};
            }
            if (!ok) {
                throw Stopped{InterviewEnd::input_ended};
            }
            line = trim_answer(line);
            if (std::string problem = text_problem(line); !problem.empty()) {
                out_ << "  " << problem << '\n';
                continue;
            }
            return line;
        }
    }

    bool ask_yes_no(const std::string& question, bool default_yes)
    {
        for (;;) {
            const std::string a = read_answer(question + (default_yes ? " [Y/n] " : " [y/N] "));
            if (a.empty()) {
                return default_yes;
            }
            Parsed<bool> yes = parse_yes_no(a);
            if (yes.value) {
                return *yes.value;
            }
            out_ << "  " << yes.error << '\n';
        }
    }

    void heading(const Field& f, int depth)
    {
        if (depth == 0) {
            out_ << "\n== " << title_of(f.key) << " ==\n" << f.description << '\n';
        } else {
            out_ << "\n-- " << title_of(f.key) << ": " << f.description << '\n';
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

    // Asks every field of the object at pointer; false when it was dropped (Enter on
    // its first required field before anything was answered).
    bool ask_object(const Field& f, const std::string& pointer, int depth)
    {
        for (const Field& c : f.fields) {
            const std::string p = pointer + "/" + c.key;
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
            const bool more = i == 0 ? ask_yes_no("Add " + with_article(noun) + "?", true)
                                     : ask_yes_no("Another " + noun + "?", false);
            if (!more) {
                break;
            }
            Json& list = record_[Json::json_pointer(pointer)];
            if (!list.is_array()) {
                list = Json::array();
            }
            list.push_back(Json::object());
            out_ << '\n' << title_of(noun) << ' ' << (i + 1) << ": " << f.item_description << '\n';
            Field item = f;
            item.key = noun;
            if (!ask_object(item, pointer + "/" + std::to_string(i), depth)) {
                out_ << "  (no " << noun << " recorded)\n";
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

    void show_choices(const Field& f)
    {
        bool glossed = false;
        for (const std::string& g : f.glosses) {
            glossed = glossed || !g.empty();
        }
        if (!glossed && f.choices.size() <= 6) {
            out_ << ' ';
            for (std::size_t i = 0; i < f.choices.size(); ++i) {
                out_ << fmt::format("  {}. {}", i + 1, f.choices[i]);
            }
            out_ << '\n';
            return;
        }
        for (std::size_t i = 0; i < f.choices.size(); ++i) {
            out_ << fmt::format("  {:>2}. {}", i + 1, f.choices[i]);
            if (i < f.glosses.size() && !f.glosses[i].empty()) {
                out_ << " (" << f.glosses[i] << ')';
            }
            out_ << '\n';
        }
    }

    std::string hint(const Field& f, Need need, const std::optional<std::string>& def, const std::string& holder) const
    {
        std::string h;
        switch (f.kind) {
        case Kind::choice: h = fmt::format(" [1-{}]", f.choices.size()); break;
        case Kind::choice_list: h = " [numbers or values, comma-separated]"; break;
        case Kind::text_list: h = " [comma-separated]"; break;
        case Kind::boolean: h = " [y/n]"; break;
        case Kind::country: h = " [code or name]"; break;
        default: break;
        }
        if (def) {
            h += " [" + *def + "]";
        } else if (f.key == "id" && holder.empty()) {
            h += " [Enter: assigned when saved, <ORIGIN>-NNNN]";
        }
        if (need == Need::required) {
            h += " (required)";
        } else if (need == Need::required_or_drop && !def) {
            h += " (Enter: no " + label_of(holder) + ")";
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
                return {std::nullopt, "type one or more values separated by commas"};
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

    Outcome ask_field(const Field& f, const std::string& pointer, Need need, const std::string& holder = "")
    {
        const std::optional<std::string> def = default_for(f, pointer);
        out_ << '\n' << f.description << '\n';
        if (f.kind == Kind::choice || f.kind == Kind::choice_list) {
            show_choices(f);
        }
        const std::string prompt = label_of(f.key) + hint(f, need, def, holder) + ": ";
        for (;;) {
            std::string answer = read_answer(prompt);
            if (answer == "-" && def && need == Need::optional) {
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
                out_ << "  this answer is required\n";
                continue;
            }
            Parsed<Json> value = value_of(f, answer);
            if (!value.value) {
                out_ << "  " << value.error << '\n';
                continue;
            }
            if (pointer == "/id" && options_.id_taken && options_.id_taken(value.value->get<std::string>())) {
                out_ << fmt::format("  id \"{}\" is already in the database: choose another, or press Enter to have one assigned\n",
                                    value.value->get<std::string>());
                continue;
            }
            Json candidate = record_;
            candidate[Json::json_pointer(pointer)] = *value.value;
            std::vector<Problem> problems = problems_at(candidate, pointer);
            if (!problems.empty()) {
                for (const Problem& p : problems) {
                    out_ << "  " << p.message << '\n';
                }
                if (need == Need::optional) {
                    out_ << "  (type another answer, or press Enter to leave it out)\n";
                }
                continue;
            }
            record_ = std::move(candidate);
            // Say what a number, a prefix or a country name stood for.
            if (f.kind == Kind::choice || f.kind == Kind::choice_list || f.kind == Kind::country) {
                const std::string stored = shown(f, *value.value);
                if (stored != answer) {
                    out_ << "  = " << stored << '\n';
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
        out_ << "\n== Status ==";
        ask_field(f, "/status", Need::optional);
    }

    InterviewEnd review()
    {
        out_ << "\n== Summary ==\n";
        if (!record_.contains("id")) {
            out_ << "  /id: (assigned when saved)\n";
        }
        print_summary(root_, record_, "", out_);

        std::vector<Problem> problems = check_record(with_some_id(record_));
        for (const Problem& p : problems) {
            out_ << (p.severity == Severity::error ? "error: " : "warning: ") << (p.pointer.empty() ? "/" : p.pointer) << ": "
                 << p.message << '\n';
        }
        if (!has_errors(problems)) {
            return ask_yes_no("Save this case?", true) ? InterviewEnd::confirmed : InterviewEnd::declined;
        }

        Json draft = draft_of(record_);
        if (has_errors(check_record(with_some_id(draft)))) {
            out_ << "These errors must be fixed before the case can be saved.\n";
            return InterviewEnd::invalid;
        }
        const bool adds_sources = string_members(draft, "/sources", "id") != string_members(record_, "/sources", "id");
        out_ << "The case cannot be saved as it is.\n";
        const std::string question = adds_sources
                                         ? "Save it as a draft, listing the sources that harms cite by their id?"
                                         : "Save it as a draft?";
        if (!ask_yes_no(question, true)) {
            return InterviewEnd::declined;
        }
        record_ = std::move(draft);
        return InterviewEnd::confirmed;
    }

    std::istream& in_;
    std::ostream& out_;
    const InterviewOptions& options_;
    const Field& root_;
    Json record_;
};

} // namespace

InterviewResult run_interview(std::istream& in, std::ostream& out, const InterviewOptions& options)
{
    return Interview(in, out, options).run();
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
