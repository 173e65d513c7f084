// casebook schema: print the built-in JSON Schema.
#include "schema/schema.hpp"
#include "cli/command.hpp"

namespace casebook::cli {

Action setup_schema(OptionSet& /*o*/, Context& ctx)
{
    return [&ctx]() -> int {
        ctx.out << embedded_schema_text();
        return 0;
    };
}

} // namespace casebook::cli
