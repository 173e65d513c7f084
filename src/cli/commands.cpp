#include "util/i18n.hpp"
#include "cli/command.hpp"

namespace casebook::cli {

const std::vector<Command>& commands()
{
    static const std::vector<Command> table = {
        {"init", N_("Create a new, empty case database (mode 0600)"), setup_init},
        {"create", N_("Add a case from a file or stdin, or print a template to fill in"), setup_create},
        {"validate", N_("Check case records (files, folders, stdin) against the schema and the cross-field rules"), setup_validate},
        {"show", N_("Print one case: a summary, or the stored record as JSON"), setup_show},
        {"edit", N_("Edit a case in $VISUAL/$EDITOR; it is validated on save"), setup_edit},
        {"delete", N_("Delete a case (soft: its history is kept; restore brings it back)"), setup_delete},
        {"restore", N_("Bring back a deleted case"), setup_restore},
        {"log", N_("Show the history of changes, of one case or of all"), setup_log},
        {"import", N_("Add many cases at once (JSON, JSON Lines, folders, or CSV with a mapping), all or nothing"), setup_import},
        {"export", N_("Write cases out: records (jsonl, json), one CSV row per case, or linked tables (package, stata, spss); --redact for sharing"), setup_export},
        {"review", N_("Sign a case off (--approve) or send it back (--reject), with a note in its history"), setup_review},
        {"purge", N_("Erase a case, or one value in every version of it, for good; a tombstone keeps who, when and why"), setup_purge},
        {"verify", N_("Check the chain of custody: every history row, its hashes, and every case against its history"), setup_verify},
        {"checkpoint", N_("Print the database's head hash (verified first), to write down or sign and send; verify --since checks later"), setup_checkpoint},
        {"merge", N_("Bring another researcher's database into this one; conflicts are reported, not overwritten"), setup_merge},
        {"query", N_("List the cases that match --where, or run one read-only --sql statement"), setup_query},
        {"table", N_("Count cases by one or two dimensions (presets: outcomes, flags, harms, mechanisms, timeline)"), setup_table},
        {"dims", N_("List the dimensions of query --where and table, with their values"), setup_dims},
        {"backup", N_("Copy the database consistently (with what its -wal holds) to a new private file"), setup_backup},
        {"seal", N_("Seal every sensitive value of a database (all its history) to a project public key"), setup_seal},
        {"info", N_("Say what a database is: format, cases, history head, and whether it is sealed, to which key"), setup_info},
        {"keys", N_("Make and show project keys (sealing sensitive fields, signing): init, show, recovery, recover"), setup_keys},
        {"schema", N_("Print the built-in JSON Schema of a case record"), setup_schema},
        {"codebook", N_("Describe every column of the linked tables of export --format package: type, meaning, values"), setup_codebook},
    };
    return table;
}

} // namespace casebook::cli
