// The command table: one row per subcommand. Adding a command is one row here
// (in commands.cpp) and one file src/cli/<name>.cpp.
#pragma once

#include <exception>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "cli/environment.hpp"
#include "output/format.hpp"
#include "store/open_settings.hpp"

namespace casebook::cli {

class OptionSet;

// What a command sees of the outside world: streams, whether they are
// terminals, and the environment (by default this process's: main() and tests
// may set their own).
struct Context {
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
    bool in_is_tty = false;
    bool out_is_tty = false;
    bool err_is_tty = false;
    Environment env = environment_of_process(false);
    store::OpenSettings open{}; // filled by run(): the environment's settings and the notices it prints
};

// The database a command uses: --db, else $CASEBOOK_DB, else ./casebook.db.
std::string database_path(const Context& ctx, const std::string& db_option);

// How the command opens its database (ctx.open); a bad $CASEBOOK_BUSY_TIMEOUT
// is a usage error here, where it would first matter.
const store::OpenSettings& open_settings(const Context& ctx);

// The width to fit table output to: $COLUMNS, else the terminal's width when
// standard output is one, else 0 (no limit).
std::size_t output_width(const Context& ctx);

// A command's body, run after its options are parsed; returns the exit code.
using Action = std::function<int()>;

// One row of the command table.
struct Command {
    const char* name;
    const char* summary;
    // Declares the command's options on its subcommand and returns its body.
    Action (*setup)(OptionSet& options, Context& ctx);
};

// Every command, in the order `casebook --help` lists them.
const std::vector<Command>& commands();

// Prints a command's failure once, as "casebook: error: ..." (the data, the
// files, the database, the system: Error's exit code, else 3) or "casebook:
// internal error: ..." (a fault of casebook itself: 4); returns the exit code.
int print_failure(const std::exception_ptr& failure, std::ostream& err);

// Runs casebook with arguments (without the program name); the program's entry point.
int run(const std::vector<std::string>& args, Context& ctx);

// Adds the --db option every database command takes.
void add_db_option(OptionSet& options, std::string& db);

// --jobs N: worker threads (1 = sequential), help saying what they do; jobs keeps its default when absent.
void add_jobs_option(OptionSet& options, unsigned& jobs, const char* help);

// --excel of export, table and query: csv for a spreadsheet whose list
// separator is ';' (CsvDialect::excel); alone, it means --format csv.
void add_excel_flag(OptionSet& options, bool& excel);
// The dialect to write csv in; throws Error(usage) when --excel goes with
// another format than csv (resolved: the format the command will write).
CsvDialect csv_dialect(bool excel, std::string_view resolved);

// Adds the --where option of query, table and export (repeatable conditions).
void add_where_option(OptionSet& options, std::vector<std::string>& where);

// The names of formats ("csv"), for one_of.
std::vector<std::string> format_names(std::initializer_list<output::Format> formats);

// Declarations of each command's setup, one per file.
Action setup_validate(OptionSet& options, Context& ctx);
Action setup_schema(OptionSet& options, Context& ctx);
Action setup_init(OptionSet& options, Context& ctx);
Action setup_create(OptionSet& options, Context& ctx);
Action setup_show(OptionSet& options, Context& ctx);
Action setup_edit(OptionSet& options, Context& ctx);
Action setup_delete(OptionSet& options, Context& ctx);
Action setup_restore(OptionSet& options, Context& ctx);
Action setup_log(OptionSet& options, Context& ctx);
Action setup_import(OptionSet& options, Context& ctx);
Action setup_export(OptionSet& options, Context& ctx);
Action setup_review(OptionSet& options, Context& ctx);
Action setup_merge(OptionSet& options, Context& ctx);
Action setup_query(OptionSet& options, Context& ctx);
Action setup_table(OptionSet& options, Context& ctx);
Action setup_dims(OptionSet& options, Context& ctx);
Action setup_codebook(OptionSet& options, Context& ctx);
Action setup_backup(OptionSet& options, Context& ctx);
Action setup_verify(OptionSet& options, Context& ctx);
Action setup_checkpoint(OptionSet& options, Context& ctx);
Action setup_purge(OptionSet& options, Context& ctx);
Action setup_keys(OptionSet& options, Context& ctx);
Action setup_seal(OptionSet& options, Context& ctx);
Action setup_info(OptionSet& options, Context& ctx);

} // namespace casebook::cli
