// Walking the questions: the schema's sections in order, the blocks inside
// them and the lists of blocks, item by item (interview_session.hpp).
#include "ops/interview_session.hpp"

#include "ops/interview_wording.hpp"
#include "schema/schema.hpp"
#include "util/i18n.hpp"

namespace casebook::ops::interview {

void Interview::walk()
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

void Interview::heading(const Field& f, int depth)
{
    if (depth == 0) {
        out() << "\n== " << title_of(f.key) << " ==\n" << tr(f.description.c_str()) << '\n';
    } else {
        out() << "\n-- " << title_of(f.key) << ": " << tr(f.description.c_str()) << '\n';
    }
}

void Interview::ask_any(const Field& f, const std::string& pointer, int depth)
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

bool Interview::holds_something(const std::string& pointer) const
{
    const Json::json_pointer p(pointer);
    return record_.contains(p) && !record_.at(p).empty();
}

void Interview::erase(const std::string& pointer)
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

std::optional<std::string> Interview::country_of_item(const std::string& pointer) const
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

bool Interview::ask_object(const Field& f, const std::string& pointer, int depth)
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

void Interview::ask_list(const Field& f, const std::string& pointer, int depth)
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

void Interview::ask_status(const Field& status)
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

} // namespace casebook::ops::interview
