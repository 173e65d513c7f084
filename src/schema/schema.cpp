#include "schema/schema.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "schema/schema_model.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook {

const Json& embedded_schema()
{
    static const Json schema = [] {
        ParseResult parsed = parse_json(embedded_schema_text());
        if (!parsed.value) {
            throw Error(Exit::io, "the built-in schema does not parse: " + parsed.error.message);
        }
        return *parsed.value;
    }();
    return schema;
}

Json load_schema_file(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        throw Error(Exit::io, say("cannot read schema {}: {}", path, std::strerror(errno)));
    }
    std::ostringstream buffer;
    buffer << f.rdbuf();
    std::string text = std::move(buffer).str();
    ParseResult parsed = parse_json(text);
    if (!parsed.value) {
        Position pos = position_at(text, parsed.error.offset);
        throw Error(Exit::usage, say("{}:{}:{}: the schema is not valid JSON: {}", path, pos.line, pos.column, parsed.error.message));
    }
    return *parsed.value;
}

bool is_sensitive_field(std::string_view pointer)
{
    return schema::case_model().sensitive(pointer);
}

} // namespace casebook
