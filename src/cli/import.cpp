// casebook import: many records (JSON, JSON Lines, folders, stdin, or CSV with a
// mapping), validated and written in one pass inside one transaction.
#include <memory>

#include "util/error.hpp"
#include "ops/import.hpp"
#include "input/mapping.hpp"
#include "input/records.hpp"
#include "store/store.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/progress.hpp"
#include "cli/key_options.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

Action setup_import(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::vector<std::string> inputs;
        bool skip_invalid = false;
        bool update = false;
        bool quiet = false;
        bool force = false;
        std::string csv;
        std::string mapping;
        std::string rejects = "casebook-rejects.jsonl";
        unsigned jobs = input::default_jobs();
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("inputs", opt->inputs, "Files (.json: a case or an array; .jsonl), folders, or - for stdin").type_name("FILE");
    o.add_flag("--skip-invalid", opt->skip_invalid,
               "Write the valid records and put the invalid ones, with their errors, in the rejects file");
    o.add_flag("--update", opt->update, "Store a record whose id exists as a new revision of that case (history kept)");
    o.add_option("--csv", opt->csv, "Import a CSV file (spreadsheet export) through --mapping").type_name("FILE");
    o.add_option("--mapping", opt->mapping, "The JSON mapping of the CSV's columns to record fields").type_name("MAPPING");
    o.add_option("--rejects", opt->rejects, "Where --skip-invalid writes rejected records (JSON Lines)")
        .type_name("FILE")
        .capture_default_str();
    o.add_flag("--force", opt->force,
               "Let the rejects file replace an existing file (never the database, its -wal/-shm, or an input)");
    o.add_flag("--quiet", opt->quiet, "No progress bar");
    add_jobs_option(o, opt->jobs, "Threads that parse and check JSON Lines records (default: the number of cores)");

    return [opt, &ctx]() -> int {
        if (opt->csv.empty() != opt->mapping.empty()) {
            throw Error(Exit::usage, tr("--csv and --mapping go together: casebook import --csv FILE --mapping MAP.json"));
        }
        ops::ImportSource source;
        std::unique_ptr<input::CsvMapping> mapping;
        if (!opt->csv.empty()) {
            if (!opt->inputs.empty()) {
                throw Error(Exit::usage, tr("import either JSON inputs or one --csv file, not both at once"));
            }
            mapping = std::make_unique<input::CsvMapping>(input::CsvMapping::load(opt->mapping));
            source.csv_file = opt->csv;
            source.mapping = mapping.get();
            source.mapping_file = opt->mapping;
        } else {
            source.inputs = opt->inputs;
            if (source.inputs.empty()) {
                if (ctx.in_is_tty) {
                    throw Error(Exit::usage, tr("nothing to import: name files or folders, - for stdin, or --csv FILE --mapping MAP"));
                }
                source.inputs.push_back("-");
            }
            source.stdin_stream = &ctx.in;
        }
        store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::write, open_settings(ctx));
        sign_changes(store);

        ProgressBar bar(ctx.err, ctx.err_is_tty && !opt->quiet);
        ops::ImportOptions options;
        options.on_invalid = opt->skip_invalid ? ops::OnInvalid::skip : ops::OnInvalid::refuse;
        options.on_existing = opt->update ? ops::OnExisting::update : ops::OnExisting::refuse;
        options.actor = ctx.env.actor;
        options.rejects_file = opt->rejects;
        options.jobs = opt->jobs;
        options.overwrite_rejects = opt->force ? Overwrite::yes : Overwrite::no;
        options.report = [&](const Diagnostic& d) {
            bar.finish();
            print_text(ctx.err, d);
        };
        options.progress = [&](std::size_t done) {
            bar.update(tr("importing"), done, 0);
        };
        ops::ImportSummary summary = ops::import_records(store, source, options);
        bar.finish();
        ctx.err << summary.summary_line() << '\n';
        if (summary.rejected > 0 && opt->skip_invalid) {
            ctx.err << fmt::format(fmt::runtime(tr_plural("{} rejected record written with its errors to {}",
                                                          "{} rejected records written with their errors to {}", summary.rejected)),
                                   summary.rejected, opt->rejects)
                    << '\n';
        }
        return summary.rejected == 0 ? static_cast<int>(Exit::ok) : static_cast<int>(Exit::invalid);
    };
}

} // namespace casebook::cli
