#include "command.hpp"

namespace casebook::cli {

const std::vector<Command>& commands()
{
    static const std::vector<Command> table = {
        {"init", "Create a new, empty case database (mode 0600)", setup_init},
        {"create", "Add a case from a file or stdin, or print a template to fill in", setup_create},
        {"validate", "Check case records (files, folders, stdin) against the schema and the cross-field rules", setup_validate},
        {"show", "Print one case: a summary, or the stored record as JSON", setup_show},
        {"edit", "Edit a case in $VISUAL/$EDITOR; it is validated on save", setup_edit},
        {"delete", "Delete a case (soft: its history is kept; restore brings it back)", setup_delete},
        {"restore", "Bring back a deleted case", setup_restore},
        {"log", "Show the history of changes, of one case or of all", setup_log},
        {"import", "Add many cases at once (JSON, JSON Lines, folders, or CSV with a mapping), all or nothing", setup_import},
        {"export", "Write cases out: records (jsonl, json) or one CSV row per case; --redact for sharing", setup_export},
        {"review", "Sign a case off (--approve) or send it back (--reject), with a note in its history", setup_review},
        {"merge", "Bring another researcher's database into this one; conflicts are reported, not overwritten", setup_merge},
        {"query", "List the cases that match --where, or run one read-only --sql statement", setup_query},
        {"table", "Count cases by one or two dimensions (presets: outcomes, flags, harms, mechanisms, timeline)", setup_table},
        {"dims", "List the dimensions of query --where and table, with their values", setup_dims},
        {"backup", "Copy the database consistently (with what its -wal holds) to a new private file", setup_backup},
        {"schema", "Print the built-in JSON Schema of a case record", setup_schema},
    };
    return table;
}

} // namespace casebook::cli
