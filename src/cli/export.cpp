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
        std::string out;
        bool force = false;
        bool sign = false;
        std::string key;
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
    app.add_option("--out", opt->out, "Write to FILE (a new file, mode 0600) instead of standard output")->type_name("FILE");
    app.add_flag("--force", opt->force, "With --out: replace an existing FILE (never the database or an input)");
    app.add_flag("--sign", opt->sign,
                 "With --out: sign FILE with your key (--key), in FILE.minisig, which minisign -V checks; its trusted "
                 "comment names the export, its record count and the database head hash");
    add_key_option(app, opt->key);

    return [opt, &ctx]() -> int {
        if (opt->sign && opt->out.empty()) {
            throw Error(Exit::usage, "--sign needs --out FILE: the signature is written beside the file, as FILE.minisig");
        }
        const std::vector<Condition> conditions = parse_where(opt->where);
        const DatePrecision dates = parse_date_precision(opt->dates);
        const Output output = opt->redact ? Output::shared_records : Output::records;
        const Store store = Store::open(database_path(opt->db), Access::read);
        // The key is unlocked before the work, so that a wrong passphrase costs nothing.
        std::optional<keys::Identity> identity;
        if (opt->sign) {
            identity.emplace(unlock_identity(opt->key));
        }
        std::optional<SignedOutput> file;
        if (!opt->out.empty()) {
            ProtectedFiles protect;
            protect.add_database(store.path());
            file.emplace(opt->out, opt->force ? Overwrite::yes : Overwrite::no, protect, "the export", opt->sign);
        }
        std::ostream& out = file ? file->stream() : ctx.out;
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
        if (file) {
            file->commit(identity ? &*identity : nullptr,
                         export_trusted_comment(opt->out, records, opt->format, opt->redact, head.hash));
        }
        ctx.err << (opt->redact ? "export --redact: " : "export: ") << left_out.sentence() << '\n';
        if (identity) {
            ctx.err << "signed " << opt->out << " in " << SignedOutput::signature_path(opt->out)
                    << " (check: minisign -Vm " << opt->out << " -P " << keys::minisign_public_key_line(identity->public_key().sign)
                    << ")\n";
        }
        return 0;
    };
}

} // namespace casebook::cli
