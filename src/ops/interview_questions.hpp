// The questions of the guided interview: the case schema read as a tree of
// fields, each with the kind of answer it takes, its description and, for
// choices, the vocabulary and what each value means.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"

namespace casebook::ops::interview {

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

// The embedded schema as a tree of questions, built once.
const Field& case_fields();

// The field of f named key, or nullptr.
const Field* child(const Field& f, std::string_view key);

} // namespace casebook::ops::interview
