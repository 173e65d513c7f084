// casebook export: the stored records (jsonl, json) or one CSV row per case,
// optionally redacted for sharing and filtered with --where.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "casebook/consent.hpp"
#include "casebook/csv.hpp"
#include "casebook/derive.hpp"
#include "casebook/error.hpp"
#include "casebook/i18n.hpp"
#include "casebook/export.hpp"
#include "casebook/signed_output.hpp"
#include "casebook/store.hpp"
#include "casebook/where.hpp"
#include "command.hpp"
#include "key_options.hpp"

namespace casebook::cli {

Action setup_export(CLI::App& app, Context& ctx)
{
    struct Options {
        std::string db;
        std::string format = "jsonl";
        bool redact = false;
        std::string dates = "month";
        std::vector<std::string> where;
        SignedFileOptions file;
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
    add_signed_file_options(app, opt->file, N_("Write to FILE (a new file, mode 0600) instead of standard output"),
                            N_("With --out: replace an existing FILE (never the database or an input)"),
                            N_("With --out: sign FILE with your key (--key), in FILE.minisig, which minisign -V checks; "
                               "its trusted comment names the export, its record count and the database head hash"));

    return [opt, &ctx]() -> int {
        const std::vector<Condition> conditions = parse_where(opt->where);
        const DatePrecision dates = parse_date_precision(opt->dates);
        const Output output = opt->redact ? Output::shared_records : Output::records;
        const Store store = Store::open(database_path(opt->db), Access::read);
        SignedFile file(opt->file, store.path(), "the export");
        std::ostream& out = file.stream() != nullptr ? *file.stream() : ctx.out;
        const Store::Head head = store.head();
        std::size_t records = 0;
        LeftOutCounts left_out;
        // Calls f with every case to export, as it is to be shared.
        auto each = [&](const std::function<void(const Json&)>& f) {
            RecordRelease release(output, asks_for_status(conditions), dates);
            store.for_each_case([&](const StoredCase& c) {
                if (!conditions.empty() && !matches(conditions, c.doc, derive(c.doc))) {
                    return true;
                }
                if (std::optional<Json> doc = release.release(c.doc)) {
                    ++records;
                    f(*doc);
                }
                return true;
            });
            left_out = release.left_out();
        };
        if (opt->format == "jsonl") {
            each([&](const Json& doc) { out << doc.dump() << '\n'; });
        } else if (opt->format == "json") {
            bool first = true;
            out << '[';
            each([&](const Json& doc) {
                out << (first ? "\n" : ",\n") << doc.dump(2);
                first = false;
            });
            out << (first ? "]\n" : "\n]\n");
        } else {
            CsvLayout layout(opt->redact ? CsvLayout::Redact::yes : CsvLayout::Redact::no);
            each([&](const Json& doc) { layout.observe(doc); });
            write_csv_row(out, layout.header());
            records = 0; // the first pass only looked
            each([&](const Json& doc) { write_csv_row(out, layout.row(doc)); });
        }
        file.commit(export_trusted_comment(opt->file.out, records, opt->format, opt->redact, head.hash), ctx.err);
        ctx.err << (opt->redact ? "export --redact: " : "export: ") << left_out.sentence() << '\n';
        return 0;
    };
}

} // namespace casebook::cli
