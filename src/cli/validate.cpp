// casebook validate: check files, folders or stdin; report every problem.
#include <fstream>
#include <memory>

#include "util/i18n.hpp"
#include "util/error.hpp"
#include "util/terminal.hpp"
#include "input/records.hpp"
#include "input/dataset_check.hpp"
#include "output/report.hpp"
#include "schema/schema.hpp"
#include "ops/create_case.hpp"
#include "store/store.hpp"
#include "schema/schema_validator.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"

namespace casebook::cli {

namespace {

// The inputs as a message names them: "a.json, cases/".
std::string joined_inputs(const std::vector<std::string>& inputs)
{
    std::string out;
    for (const std::string& i : inputs) {
        out += (out.empty() ? "" : ", ") + (i == "-" ? std::string(tr("standard input")) : i);
    }
    return out;
}

} // namespace

Action setup_validate(OptionSet& o, Context& ctx)
{
    struct Options {
        std::vector<std::string> inputs;
        std::string schema_file;
        std::string format = "text";
        std::string db;
        unsigned jobs = input::default_jobs();
    };
    auto opt = std::make_shared<Options>();
    o.add_option("inputs", opt->inputs, "Files (.json, .jsonl), folders (searched recursively) or - for stdin").type_name("FILE");
    o.add_option("--schema", opt->schema_file, "Validate against this draft-07 JSON Schema instead of the built-in one")
        .type_name("FILE");
    o.add_option("--format", opt->format,
               "Report format: text (compiler-style lines on stderr) or json (one report object on stdout)")
        .one_of({"text", "json"});
    o.add_option("--db", opt->db, "Also validate every case stored in this database (ids must be unique across it and the inputs)")
        .type_name("FILE");
    add_jobs_option(o, opt->jobs, "Threads that parse and check JSON Lines records (default: the number of cores)");

    return [opt, &ctx]() -> int {
        std::unique_ptr<SchemaValidator> custom;
        if (!opt->schema_file.empty()) {
            custom = std::make_unique<SchemaValidator>(load_schema_file(opt->schema_file));
        }
        const SchemaValidator& schema = custom ? *custom : SchemaValidator::builtin();
        std::vector<std::string> inputs = opt->inputs;
        if (inputs.empty() && opt->db.empty()) {
            if (ctx.in_is_tty) {
                throw Error(Exit::usage, tr("nothing to validate: name files or folders, or - for stdin (casebook validate --help)"));
            }
            inputs.push_back("-");
        }

        output::ValidationReport report;
        input::DatasetCheck check(schema);
        const bool text = opt->format == "text";
        auto visit = [&](input::SourceRecord& record) {
            std::vector<Diagnostic> found = check.check(record);
            if (text) {
                for (const Diagnostic& d : found) {
                    print_text(ctx.err, d);
                }
            }
            report.add(record, std::move(found), text ? output::ReportKeep::counts : output::ReportKeep::diagnostics);
            return true;
        };
        if (!opt->db.empty()) {
            store::Store store = store::Store::open(opt->db, store::Access::read, open_settings(ctx));
            std::size_t index = 0;
            store.for_each_case([&](const store::StoredCase& stored) {
                input::SourceRecord record = ops::stored_source_record(stored, opt->db);
                record.index = index++;
                return visit(record);
            });
        }
        input::ParallelReading reading = check.parallel(opt->jobs, input::DatasetCheck::Doc::drop);
        reading.packages = custom == nullptr; // another schema: a datapackage.json is what it checks
        // A reviewer's script must see what a folder held that was not read.
        reading.skipped = [&](const std::string& path) {
            if (text) {
                // One line whatever the name holds: no terminal control, no line break.
                ctx.err << say("{}: note: not read: casebook reads .json, .jsonl and .ndjson files",
                               terminal_safe(path, LineBreaks::escape))
                        << '\n';
            } else {
                report.add_skipped(path);
            }
        };
        if (!text) {
            // The JSON report names a missing input among its diagnostics (exit 3).
            reading.missing = [&](const std::string& input, const std::string& message) {
                report.add_unreadable(input, message);
            };
        }
        input::read_records(inputs, ctx.in, visit, reading);
        if (report.unreadable() != 0) {
            ctx.out << report.to_json().dump(2) << '\n';
            return static_cast<int>(Exit::io);
        }
        if (report.records() == 0) {
            // A mistyped folder or an empty export must not pass as a clean dataset.
            throw Error(Exit::invalid, say("no case records in {}: nothing was validated (a folder is searched for "
                                           ".json, .jsonl and .ndjson files)",
                                           inputs.empty() ? opt->db : joined_inputs(inputs)));
        }
        if (text) {
            ctx.err << report.summary_line() << '\n';
        } else {
            ctx.out << report.to_json().dump(2) << '\n';
        }
        return report.invalid_records() == 0 ? static_cast<int>(Exit::ok) : static_cast<int>(Exit::invalid);
    };
}

} // namespace casebook::cli
