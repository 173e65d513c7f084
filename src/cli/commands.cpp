#include "command.hpp"

namespace casebook::cli {

const std::vector<Command>& commands()
{
    static const std::vector<Command> table = {
        {"validate", "Check case records (files, folders, stdin) against the schema and the cross-field rules", setup_validate},
        {"schema", "Print the built-in JSON Schema of a case record", setup_schema},
    };
    return table;
}

} // namespace casebook::cli
