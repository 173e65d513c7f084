// casebook export: the stored records (jsonl, json) or one CSV row per case,
// optionally redacted for sharing and filtered with --where.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "casebook/consent.hpp"
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
        std::string dates = "month";
        std::vector<std::string> where;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    one_of(app.add_option("--format", opt->format,
                          "jsonl (one record per line), json (an array) or csv (one row per case, dotted column names)")
               ->capture_default_str(),
           {"jsonl", "json", "csv"});
    app.add_flag("--redact", opt->redact,
                 "Share with partners: only fields the schema allows and does not mark sensitive, dates cut to --dates, "
                 "and only cases whose consent scope is full or anonymised_quotes");
    one_of(app.add_option("--dates", opt->dates, "With --redact: keep dates to the day, month or year")->capture_default_str(),
           {"day", "month", "year"});
    add_where_option(app, opt->where);

    return [opt, &ctx]() -> int {
        const std::vector<Condition> conditions = parse_where(opt->where);
        const DatePrecision dates = parse_date_precision(opt->dates);
        const Output output = opt->redact ? Output::shared_records : Output::records;
        const Store store = Store::open(database_path(opt->db), Access::read);
        LeftOutCounts left_out;
        // Calls f with every case to export, as it is to be shared.
        auto each = [&](const std::function<void(const Json&)>& f) {
            RecordRelease release(output, asks_for_status(conditions), dates);
            store.for_each_case([&](const StoredCase& c) {
                if (!conditions.empty() && !matches(conditions, c.doc, derive(c.doc))) {
                    return true;
                }
                if (std::optional<Json> doc = release.release(c.doc)) {
                    f(*doc);
                }
                return true;
            });
            left_out = release.left_out();
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
        ctx.err << (opt->redact ? "export --redact: " : "export: ") << left_out.sentence() << '\n';
        return 0;
    };
}

} // namespace casebook::cli
