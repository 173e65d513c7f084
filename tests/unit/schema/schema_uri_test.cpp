// Base URIs and references: RFC 3986's own examples, and "$ref"s made local or absolute.
#include <string>

#include <catch2/catch.hpp>

#include "schema/schema_uri.hpp"
#include "../case_fixtures.hpp"

using casebook::Json;
using casebook::resolve_uri;
using casebook::test::parsed;

TEST_CASE("resolve_uri: the examples of RFC 3986 section 5.4", "[schema][uri]")
{
    const std::string base = "http://a/b/c/d;p?q";
    const std::pair<const char*, const char*> examples[] = {
        {"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"}, {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"}, {"//g", "http://g"}, {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"}, {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"}, {"g;x", "http://a/b/c/g;x"}, {"", "http://a/b/c/d;p?q"}, {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"}, {"..", "http://a/b/"}, {"../", "http://a/b/"}, {"../g", "http://a/b/g"},
        {"../..", "http://a/"}, {"../../", "http://a/"}, {"../../g", "http://a/g"}, {"../../../g", "http://a/g"},
        {"/./g", "http://a/g"}, {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."}, {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"}, {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
    };
    for (const auto& [ref, want] : examples) {
        CAPTURE(ref);
        CHECK(resolve_uri(base, ref) == want);
    }
    CHECK(resolve_uri("urn:casebook:case:1", "#/definitions/date") == "urn:casebook:case:1#/definitions/date");
    CHECK(resolve_uri("", "#foo") == "#foo");
    CHECK(resolve_uri("http://localhost:1234/", "folder/") == "http://localhost:1234/folder/");
}

TEST_CASE("absolutise_refs: references local to the document or absolute, $id gone", "[schema][uri]")
{
    Json schema = parsed(R"({
      "$id": "http://x/root.json",
      "properties": {
        "a": {"$ref": "#/definitions/a"},
        "b": {"$ref": "item.json"},
        "c": {"$ref": "http://x/other.json#/d"},
        "d": {"$ref": "#named"},
        "$ref": {"enum": [{"$ref": "#/not/a/reference"}]}
      },
      "definitions": {
        "a": {"$id": "folder/", "items": {"$ref": "item.json"}},
        "i": {"$id": "folder/item.json", "type": "integer"},
        "n": {"$id": "#named", "type": "string"}
      }
    })");
    casebook::absolutise_refs(schema, "");
    CHECK(schema.dump() ==
          parsed(R"({
      "properties": {
        "a": {"$ref": "#/definitions/a"},
        "b": {"$ref": "http://x/item.json"},
        "c": {"$ref": "http://x/other.json#/d"},
        "d": {"$ref": "#/definitions/n"},
        "$ref": {"enum": [{"$ref": "#/not/a/reference"}]}
      },
      "definitions": {
        "a": {"items": {"$ref": "#/definitions/i"}},
        "i": {"type": "integer"},
        "n": {"type": "string"}
      }
    })").dump());
}
