// A schema read once into a tree: the validator compiles its checks from
// these nodes, and the canonical writer and the template, export and
// redaction, the codebook and the linked tables, sealing and the guided
// interview walk the case schema's instead of the JSON, with every "$ref"
// followed once, when the tree is built.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.hpp"

namespace casebook::schema {

// One place of the schema: the root, a property, an array's items or a
// definition. A place that says "$ref" takes everything from the definition
// it names except its own description (when it has one), and is sensitive
// when either it or the definition says so.
struct Node {
    std::string pointer;                              // where it is written in the schema ("/properties/origin/properties/country")
    std::string definition;                           // the definition its "$ref" names ("country", "date"); "" when none
    const Node* ref = nullptr;                        // the node its "$ref" resolves to; nullptr when it has none
    std::string type;                                 // "object", "array", "string", ...; "" when it gives no single type
    std::string description;                          // its own, else the definition's
    bool sensitive = false;                           // "x-sensitive": true
    std::optional<std::vector<std::string>> choices;  // the string values of its "enum", when it has one
    std::vector<Json> allowed;                        // every value of its "enum" (strings and others)
    std::optional<Json> constant;                     // its "const"
    std::optional<Json> default_value;                // its "default"
    std::vector<std::string> required;                // the properties an object must have
    std::vector<std::pair<std::string, const Node*>> properties; // an object's properties, in schema order
    const Node* items = nullptr;                      // an array's items, when they are one schema
    bool closed = false;                              // "additionalProperties": false
    std::optional<std::string> pattern;               // its "pattern"
    std::optional<double> minimum, maximum;           // its "minimum" and "maximum"
    std::optional<std::size_t> min_length, max_length, min_items, max_items; // its "minLength", "maxLength", "minItems", "maxItems"
    bool unique_items = false;                        // "uniqueItems": true
    bool dangling = false;                            // it says "$ref", but that does not resolve, or loops

    // The property `name`, or nullptr.
    const Node* property(std::string_view name) const;
    // What one of its choices means, as the vocabulary's description (the
    // definition's, else its own) writes it: "removal (after a removal order)"
    // gives "after a removal order"; "" when it says nothing.
    std::string meaning(std::string_view choice) const;
};

// A schema as a tree of nodes. Only local references ("#/definitions/date")
// are followed; a "$ref" that does not resolve, or loops, is left as a node of
// its own. A schema that refers to itself gives a graph with cycles.
class Model {
public:
    // Reads schema into nodes; the model keeps no reference to it.
    explicit Model(const Json& schema);
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    // The root of the schema (a whole record).
    const Node& root() const { return *root_; }
    // The node of the field at a record's JSON Pointer ("/origin/locality",
    // "/sources/0/reference": a step that names no property enters an
    // array's items); nullptr when the schema has no such field.
    const Node* at(std::string_view pointer) const;
    // Whether the field at a record's JSON Pointer is sensitive, or lies inside one that is.
    bool sensitive(std::string_view pointer) const;
    // The schema's "definitions", in schema order.
    const std::vector<std::pair<std::string, const Node*>>& definitions() const { return definitions_; }
    // The definition `name`, or nullptr.
    const Node* definition(std::string_view name) const;

private:
    class Builder;
    std::deque<Node> nodes_;
    const Node* root_ = nullptr;
    std::vector<std::pair<std::string, const Node*>> definitions_;
};

// The built-in case schema (schemas/case.schema.json) as a model, built on first use.
const Model& case_model();

} // namespace casebook::schema
