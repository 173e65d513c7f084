// The draft an unfinished interview is saved as (interview_draft.hpp).
#include "ops/interview_draft.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "ops/interview_questions.hpp"
#include "ops/interview_sources.hpp"
#include "record/canonical.hpp"
#include "schema/schema.hpp"

namespace casebook::ops {

namespace interview {

namespace {

// Whether obj lacks a field that f requires.
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

} // namespace

} // namespace interview

Json draft_of(const Json& answers)
{
    Json d = answers.is_object() ? answers : Json::object();
    d["schema_version"] = std::string(record_schema_version);
    d["status"] = "draft";
    interview::prune(interview::case_fields(), d);
    // A harm may cite a source the interview never reached: list it by id.
    std::vector<std::string> listed = interview::string_members(d, "/sources", "id");
    for (const std::string& cited : interview::cited_sources(d)) {
        if (std::find(listed.begin(), listed.end(), cited) == listed.end()) {
            if (!d.contains("sources") || !d["sources"].is_array()) {
                d["sources"] = Json::array();
            }
            d["sources"].push_back(Json{{"id", cited}});
            listed.push_back(cited);
        }
    }
    return record::canonicalise(d);
}

} // namespace casebook::ops
