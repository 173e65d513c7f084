// casebook export: the stored records (jsonl, json) or one CSV row per case,
// optionally redacted for sharing and filtered with --where.
#include <memory>

#include <CLI/CLI.hpp>

#include "casebook/csv.hpp"
#include "casebook/derive.hpp"
#include "casebook/error.hpp"
#include "casebook/export.hpp"
#include "casebook/store.hpp"
#include "casebook/where.hpp"
#include "command.hpp"

namespace casebook::cli {

Action setup_export(CLI::App& app, Context& ctx)
{
    struct Options {
        std::string db;
        std::string format = "jsonl";
        bool redact = false;
        std::vector<std::string> where;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    one_of(app.add_option("--format", opt->format,
                          "jsonl (one record per line), json (an array) or csv (one row per case, dotted column names)")
               ->capture_default_str(),
           {"jsonl", "json", "csv"});
    app.add_flag("--redact", opt->redact,
                 "Leave out every field the schema marks sensitive, and every case whose consent is aggregate_only");
    add_where_option(app, opt->where);

    return [opt, &ctx]() -> int {
        const std::vector<Condition> conditions = parse_where(opt->where);
        const Store store = Store::open(database_path(opt->db), Access::read);
        std::size_t left_out = 0;
        // Calls f with every case to export, as it is to be shared.
        auto each = [&](const std::function<void(const Json&)>& f) {
            left_out = 0;
            store.for_each_case([&](const StoredCase& c) {
                if (!conditions.empty() && !matches(conditions, c.doc, derive(c.doc))) {
                    return true;
                }
                if (opt->redact) {
                    if (!shareable_as_record(c.doc)) {
                        ++left_out;
                        return true;
                    }
                    f(redact(c.doc));
                } else {
                    f(c.doc);
                }
                return true;
            });
        };
        if (opt->format == "jsonl") {
            each([&](const Json& doc) { ctx.out << doc.dump() << '\n'; });
        } else if (opt->format == "json") {
            bool first = true;
            ctx.out << '[';
            each([&](const Json& doc) {
                ctx.out << (first ? "\n" : ",\n") << doc.dump(2);
                first = false;
            });
            ctx.out << (first ? "]\n" : "\n]\n");
        } else {
            CsvLayout layout(opt->redact ? CsvLayout::Redact::yes : CsvLayout::Redact::no);
            each([&](const Json& doc) { layout.observe(doc); });
            write_csv_row(ctx.out, layout.header());
            each([&](const Json& doc) { write_csv_row(ctx.out, layout.row(doc)); });
        }
        if (opt->redact) {
            ctx.err << "export --redact: left out " << left_out << (left_out == 1 ? " case" : " cases")
                    << " whose consent is aggregate_only (they count in tables, never as shared records)\n";
        }
        return 0;
    };
}

} // namespace casebook::cli
