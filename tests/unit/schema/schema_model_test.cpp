// The schema model: the case schema and small schemas read into nodes, with
// "$ref" followed once, properties in schema order, and lookups by a record's
// JSON Pointer.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "schema/schema_model.hpp"
#include "../case_fixtures.hpp"

using casebook::Json;
using casebook::schema::Model;
using casebook::schema::Node;
using casebook::test::parsed;

namespace {

std::vector<std::string> names_of(const Node& node)
{
    std::vector<std::string> out;
    for (const auto& [name, child] : node.properties) {
        out.push_back(name);
    }
    return out;
}

} // namespace

TEST_CASE("schema model: the case schema's properties in schema order", "[schema][model]")
{
    const Model& model = casebook::schema::case_model();
    CHECK(names_of(model.root()) == std::vector<std::string>{"schema_version", "id", "status", "recorded", "person",
                                                             "origin", "flight", "journey", "returns", "after_return",
                                                             "sources", "consent", "narrative", "notes", "tags"});
    CHECK(names_of(*model.at("/origin")) == std::vector<std::string>{"country", "locality"});
    CHECK(model.at("/origin")->required == std::vector<std::string>{"country"});
    CHECK(model.root().pointer.empty());
    CHECK(model.at("/origin/locality")->pointer == "/properties/origin/properties/locality");
    CHECK(model.at("/journey/0")->pointer == "/properties/journey/items");
    CHECK(*model.at("/schema_version")->constant == "1");
    CHECK(*model.at("/status")->default_value == "draft");
    CHECK(*model.at("/status")->choices == std::vector<std::string>{"draft", "complete", "reviewed", "rejected"});
}

TEST_CASE("schema model: a $ref takes the definition, with its own description", "[schema][model]")
{
    const Model& model = casebook::schema::case_model();
    const Node* date = model.at("/returns/1/date");
    REQUIRE(date != nullptr);
    CHECK(date->definition == "date");
    CHECK(date->ref == model.definition("date"));
    CHECK(date->ref->pointer == "/definitions/date");
    CHECK(date->type == "string");
    CHECK(date->description == "When the person was returned (YYYY, YYYY-MM or YYYY-MM-DD)");
    CHECK(date->ref->description != date->description);
    const Node* mechanism = model.at("/returns/0/mechanism");
    CHECK(mechanism->definition == "return_mechanism");
    CHECK(mechanism->choices == model.definition("return_mechanism")->choices);
    CHECK(mechanism->choices->front() == "removal");
    // Items that name a definition: the list of reasons.
    CHECK(model.at("/flight/reasons")->items->definition == "reason");
    CHECK(model.at("/flight/reasons/2")->ref == model.definition("reason"));
    CHECK(model.definitions().front().first == "reason");
    CHECK(model.definitions().back().first == "date");
    CHECK(model.definition("nothing") == nullptr);
}

TEST_CASE("schema model: lookups by a record's pointer", "[schema][model]")
{
    const Model& model = casebook::schema::case_model();
    CHECK(model.at("") == &model.root());
    CHECK(model.at("/after_return/harms/0/sources/3")->type == "string");
    CHECK(model.at("/sources/-/reference") == model.at("/sources/0/reference"));
    CHECK(model.at("/nothing/here") == nullptr);
    CHECK(model.at("/origin/country/more") == nullptr);
    CHECK(model.sensitive("/origin/locality"));
    CHECK(model.sensitive("/sources/3/reference"));
    CHECK(model.sensitive("/narrative"));
    CHECK(model.sensitive("/narrative/0")); // inside a sensitive field
    CHECK_FALSE(model.sensitive("/origin"));
    CHECK_FALSE(model.sensitive("/sources/0/id"));
    CHECK_FALSE(model.sensitive("/nothing/here"));
    CHECK_FALSE(model.sensitive(""));
}

TEST_CASE("schema model: escaped pointers, sensitive definitions and chains of $ref", "[schema][model]")
{
    const Model model(parsed(R"({
        "type": "object",
        "properties": {
            "a/b": {"$ref": "#/definitions/secret"},
            "c~d": {"$ref": "#/definitions/alias", "x-sensitive": true},
            "e": {"$ref": "#/definitions/missing", "description": "unresolved"}
        },
        "definitions": {
            "secret": {"type": "string", "x-sensitive": true, "description": "a secret"},
            "alias": {"$ref": "#/definitions/plain"},
            "plain": {"type": "integer"}
        }
    })"));
    const Node* ab = model.at("/a~1b");
    REQUIRE(ab != nullptr);
    CHECK(ab->pointer == "/properties/a~1b");
    CHECK(ab->sensitive);
    CHECK(ab->description == "a secret");
    CHECK(model.sensitive("/c~0d"));
    CHECK(model.at("/c~0d")->type == "integer");
    CHECK(model.at("/c~0d")->ref == model.definition("plain"));
    CHECK(model.at("/c~0d")->definition == "alias");
    CHECK_FALSE(model.definition("plain")->sensitive);
    CHECK(model.at("/e")->ref == nullptr);
    CHECK(model.at("/e")->description == "unresolved");
}

TEST_CASE("schema model: a schema that refers to itself, and a loop of $ref", "[schema][model]")
{
    const Model model(parsed(R"({
        "$ref": "#/definitions/tree",
        "definitions": {
            "tree": {"type": "object", "properties": {"name": {"type": "string"},
                     "children": {"type": "array", "items": {"$ref": "#/definitions/tree"}}}},
            "a": {"$ref": "#/definitions/b"},
            "b": {"$ref": "#/definitions/a"}
        }
    })"));
    const Node* grandchild = model.at("/children/0/children/1/name");
    REQUIRE(grandchild != nullptr);
    CHECK(grandchild == model.at("/name"));
    CHECK(model.at("/children/0")->ref == model.definition("tree"));
    CHECK(model.definition("a")->ref == nullptr);
    CHECK(model.definition("a")->type.empty());
}

TEST_CASE("schema model: what a vocabulary's description says its values mean", "[schema][model]")
{
    const Model& model = casebook::schema::case_model();
    const Node* mechanism = model.at("/returns/0/mechanism");
    CHECK(mechanism->meaning("removal") == "after a removal order");
    CHECK(mechanism->meaning("voluntary_return") == "a return without an order"); // not assisted_voluntary_return's
    CHECK(mechanism->meaning("assisted_voluntary_return") == "IOM AVR");
    CHECK(mechanism->meaning("expedited_removal").empty());
    CHECK(model.definition("return_mechanism")->meaning("removal") == "after a removal order");
    const Model own(parsed(R"({"type": "object", "properties": {
        "level": {"type": "string", "enum": ["low", "high"], "description": "low (below 3 (of 10)), high"}}})"));
    CHECK(own.at("/level")->meaning("low") == "below 3 (of 10)");
    CHECK(own.at("/level")->meaning("high").empty());
}
