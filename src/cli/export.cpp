// casebook export: the stored records (jsonl, json) or one CSV row per case,
// optionally redacted for sharing and filtered with --where.
#include <memory>
#include <optional>

#include "record/consent.hpp"
#include "util/csv.hpp"
#include "output/data_package.hpp"
#include "record/derive.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"
#include "output/export.hpp"
#include "output/stat_files.hpp"
#include "util/helper_program.hpp"
#include "util/output_folder.hpp"
#include "crypto/signed_output.hpp"
#include "store/store.hpp"
#include "record/where.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "cli/key_options.hpp"
#include "cli/sealed_view.hpp"

namespace casebook::cli {

namespace {

// Calls f with every case of the store to export, as it is to be shared;
// returns how many it left out.
// opener, when set, opens the sealed values of whole records.
template <class F>
record::LeftOutCounts each_released(const store::Store& store, const std::vector<record::Condition>& conditions, record::Output output,
                            output::DatePrecision dates, const crypto::seal::Opener* opener, F&& f)
{
    output::RecordRelease release(output, record::asks_for_status(conditions), dates);
    store.for_each_case([&](const store::StoredCase& c) {
        if (!conditions.empty() && !record::matches(conditions, c.doc, record::derive(c.doc))) {
            return true;
        }
        if (std::optional<Json> doc = release.release(c.doc)) {
            if (opener != nullptr) {
                opener->open_record(*doc, say("case {}", c.id));
            }
            f(*doc);
        }
        return true;
    });
    return release.left_out();
}

// The helper that writes Stata and SPSS files, or an error saying where it was looked for.
std::string stat_helper(const std::string& format)
{
    if (auto helper = find_helper(output::readstat_helper)) {
        return *helper;
    }
    std::string places;
    for (const std::string& place : helper_places(output::readstat_helper)) {
        places += (places.empty() ? "" : ", ") + place;
    }
    throw Error(Exit::io, say("export --format {} needs the helper program {}, which is not installed with this "
                              "casebook (looked for {}); nothing written",
                              format, output::readstat_helper, places));
}

// export --format package|stata|spss FOLDER.
template <class Options>
int export_folder(const store::Store& store, const Options& opt, const std::vector<record::Condition>& conditions, output::DatePrecision dates,
                  record::Output output, const crypto::seal::Opener* opener, Context& ctx)
{
    const bool package = opt.format == "package";
    const output::StatFormat stat = opt.format == "stata" ? output::StatFormat::stata : output::StatFormat::spss;
    const std::string helper = package ? std::string() : stat_helper(opt.format);
    ProtectedFiles protect;
    protect.add_database(store.path());
    OutputFolder folder(opt.folder, opt.file.force ? Overwrite::yes : Overwrite::no, protect,
                        package ? output::data_package_files() : output::stat_file_names(stat));
    const record::SensitiveColumns sensitive = opt.redact ? record::SensitiveColumns::dropped : record::SensitiveColumns::kept;
    output::PackageFacts facts;
    if (package) {
        output::DataPackageWriter writer(folder, sensitive);
        facts.left_out = each_released(store, conditions, output, dates, opener, [&](const Json& doc) {
            ++facts.records;
            writer.add(doc);
        });
        facts.redacted = opt.redact;
        facts.dates = opt.dates;
        facts.created = store::utc_now();
        writer.finish(facts);
    } else {
        // The same released records as the package (each_released), in the same linked tables.
        output::StatFilesWriter writer(folder, sensitive, stat);
        facts.left_out = each_released(store, conditions, output, dates, opener, [&](const Json& doc) {
            ++facts.records;
            writer.add(doc);
        });
        writer.finish(helper);
    }
    ctx.err << say("export: wrote {} cases to {}", facts.records, opt.folder) << '\n';
    ctx.err << (opt.redact ? "export --redact: " : "export: ") << facts.left_out.sentence(record::Wording::translated) << '\n';
    return 0;
}

} // namespace

Action setup_export(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::string format = "jsonl";
        bool redact = false;
        std::string dates = "month";
        std::vector<std::string> where;
        SignedFileOptions file;
        std::string folder;
        bool excel = false;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    const Option format_option =
        o.add_option("--format", opt->format,
                     N_("jsonl (one record per line), json (an array), csv (one row per case, dotted column names), "
                        "package (linked tables as a Frictionless Data Package in FOLDER), "
                        "stata or spss (the same tables as labelled .dta or .sav files in FOLDER)"))
            .capture_default_str()
            .one_of({"jsonl", "json", "csv", "package", "stata", "spss"});
    o.add_option("folder", opt->folder, N_("With --format package, stata or spss: the new folder to write")).type_name("FOLDER");
    o.add_flag("--redact", opt->redact,
               "Share with partners: only fields the schema allows and does not mark sensitive, dates cut to --dates, "
               "and only cases whose consent scope is full or anonymised_quotes");
    o.add_option("--dates", opt->dates, "With --redact: keep dates to the day, month or year")
        .capture_default_str()
        .one_of({"day", "month", "year"});
    add_where_option(o, opt->where);
    add_excel_flag(o, opt->excel);
    add_signed_file_options(o, opt->file, N_("Write to FILE (a new file, mode 0600) instead of standard output"),
                            N_("With --out: replace an existing FILE (never the database or an input); with --format package, stata or "
                               "spss: an earlier export of that format in FOLDER"),
                            N_("With --out: sign FILE with your key (--key), in FILE.minisig, which minisign -V checks; "
                               "its trusted comment names the export, its record count and the database head hash"));

    return [opt, format_option, &ctx]() -> int {
        const std::vector<record::Condition> conditions = record::parse_where(opt->where);
        const output::DatePrecision dates = output::parse_date_precision(opt->dates);
        const record::Output output = opt->redact ? record::Output::shared_records : record::Output::records;
        if (opt->excel && !format_option.given()) {
            opt->format = "csv";
        }
        const CsvDialect csv = csv_dialect(opt->excel, opt->format);
        const bool folder_format = opt->format == "package" || opt->format == "stata" || opt->format == "spss";
        if (folder_format && opt->folder.empty()) {
            throw Error(Exit::usage, say("export --format {} writes a folder: name it (casebook export --format {} FOLDER)",
                                         opt->format, opt->format));
        }
        if (!folder_format && !opt->folder.empty()) {
            throw Error(Exit::usage, say("export --format {} writes to standard output or --out FILE, not into {}",
                                         opt->format, opt->folder));
        }
        if (folder_format && (!opt->file.out.empty() || opt->file.sign)) {
            throw Error(Exit::usage, say("export --format {} writes the folder {}: --out and --sign are for the "
                                         "one-file formats",
                                         opt->format, opt->folder));
        }
        const store::Store store = store::Store::open(database_path(ctx, opt->db), store::Access::read, open_settings(ctx));
        // Whole records of a sealed database need its key: never half-sealed output.
        const auto opener = opt->redact ? nullptr : opener_for(store, opt->file.key);
        if (!opt->redact && store.sealed_to() && !opener) {
            throw Error(Exit::usage, say("{} is sealed: 'export --redact' shares it without the sealed values; whole "
                                         "records need the project's key file (--key FILE or CASEBOOK_KEY)",
                                         store.path()));
        }
        // Every case, and the head a signature names, read in one snapshot:
        // what another researcher saves meanwhile is not half in the export.
        auto write_export = [&]() -> int {
            if (folder_format) {
                return export_folder(store, *opt, conditions, dates, output, opener.get(), ctx);
            }
            SignedFile file(opt->file, store.path(), tr("the export"));
            std::ostream& out = file.stream() != nullptr ? *file.stream() : ctx.out;
            const store::Store::Head head = store.head();
            std::size_t records = 0;
            record::LeftOutCounts left_out;
            // Calls f with every case to export, as it is to be shared.
            auto each = [&](const std::function<void(const Json&)>& f) {
                left_out = each_released(store, conditions, output, dates, opener.get(), [&](const Json& doc) {
                    ++records;
                    f(doc);
                });
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
                output::CsvLayout layout(opt->redact ? output::CsvLayout::Redact::yes : output::CsvLayout::Redact::no);
                each([&](const Json& doc) { layout.observe(doc); });
                write_csv_start(out, csv);
                write_csv_row(out, layout.header(), csv);
                records = 0; // the first pass only looked
                each([&](const Json& doc) { write_csv_row(out, layout.row(doc), csv); });
            }
            file.commit(crypto::export_trusted_comment(opt->file.out, records, opt->format, opt->redact, head.hash), ctx.err);
            ctx.err << (opt->redact ? "export --redact: " : "export: ") << left_out.sentence(record::Wording::translated) << '\n';
            return 0;
        };
        int code = 0;
        store.snapshot([&] { code = write_export(); });
        return code;
    };
}

} // namespace casebook::cli
