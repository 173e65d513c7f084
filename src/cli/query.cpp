// casebook query: list the cases that match --where, or run one read-only --sql statement.
#include <memory>
#include <optional>
#include <ostream>

#include "analysis/left_out.hpp"
#include "record/consent.hpp"
#include "util/countries.hpp"
#include "util/csv.hpp"
#include "record/dims.hpp"
#include "util/error.hpp"
#include "output/export.hpp"
#include "output/format.hpp"
#include "analysis/query.hpp"
#include "analysis/sql_sandbox.hpp"
#include "store/store.hpp"
#include "record/where.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

// The formats query prints.
const std::initializer_list<output::Format> query_formats = {output::Format::table, output::Format::csv,   output::Format::tsv,
                                                     output::Format::json,  output::Format::jsonl, output::Format::markdown};

std::string cell_text(const Json& v)
{
    if (v.is_null()) {
        return "";
    }
    if (v.is_string()) {
        return v.get<std::string>();
    }
    return v.dump();
}

bool is_country_column(const std::string& name)
{
    const record::Dimension* d = record::find_dimension(name);
    return d != nullptr && d->kind == record::ValueKind::country;
}

// Country codes (one, or several joined by ';') as names.
std::string country_names(const std::string& codes)
{
    std::string out;
    std::size_t start = 0;
    while (start < codes.size()) {
        std::size_t end = codes.find(';', start);
        out += (out.empty() ? "" : "; ") + country_name(codes.substr(start, end == std::string::npos ? std::string::npos : end - start));
        start = end == std::string::npos ? codes.size() : end + 1;
    }
    return out;
}

// Prints rows as they come (csv, tsv, jsonl) or all at the end (table, markdown, json).
class RowPrinter {
public:
    RowPrinter(std::ostream& out, output::Format format, std::size_t width, CsvDialect csv)
        : out_(out), format_(format), width_(width), csv_(csv)
    {
    }

    void header(const std::vector<std::string>& names)
    {
        names_ = names;
        grid_.header = names;
        country_.clear();
        for (const std::string& n : names) {
            country_.push_back(output::shows_country_names(format_) && is_country_column(n));
        }
        if (format_ == output::Format::csv || format_ == output::Format::tsv) {
            output::write_grid(out_, grid_, format_, 0, csv_);
        }
    }

    void row(const analysis::ResultRow& values)
    {
        ++rows_;
        if (format_ == output::Format::jsonl || format_ == output::Format::json) {
            Json obj = Json::object();
            for (std::size_t i = 0; i < values.size(); ++i) {
                obj[names_[i]] = values[i];
            }
            if (format_ == output::Format::jsonl) {
                out_ << obj.dump() << '\n';
            } else {
                array_.push_back(std::move(obj));
            }
            return;
        }
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < values.size(); ++i) {
            std::string text = cell_text(values[i]);
            cells.push_back(country_[i] && !text.empty() ? country_names(text) : text);
        }
        if (format_ == output::Format::csv || format_ == output::Format::tsv) {
            write_line(cells);
        } else {
            grid_.rows.push_back(std::move(cells));
        }
    }

    void finish()
    {
        if (format_ == output::Format::json) {
            out_ << array_.dump(2) << '\n';
        } else if (format_ == output::Format::table || format_ == output::Format::markdown) {
            grid_.footnotes.push_back(rows_ == 1 ? "1 case." : std::to_string(rows_) + " cases.");
            output::write_grid(out_, grid_, format_, width_);
        }
    }

private:
    void write_line(const std::vector<std::string>& cells)
    {
        if (format_ == output::Format::csv) {
            write_csv_row(out_, cells, csv_);
            return;
        }
        for (std::size_t i = 0; i < cells.size(); ++i) {
            out_ << (i == 0 ? "" : "\t") << output::tsv_cell(cells[i]);
        }
        out_ << '\n';
    }

    std::ostream& out_;
    output::Format format_;
    std::size_t width_;
    CsvDialect csv_;
    std::vector<std::string> names_;
    std::vector<bool> country_;
    output::Grid grid_;
    Json array_ = Json::array();
    std::size_t rows_ = 0;
};

} // namespace

Action setup_query(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::vector<std::string> where;
        std::string sql;
        std::string columns;
        std::string format;
        std::string sort;
        std::optional<long long> limit;
        bool count = false;
        std::optional<double> timeout;
        bool unredacted = false;
        std::string dates = "month";
        bool excel = false;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    add_where_option(o, opt->where);
    o.add_option("--sql", opt->sql, "Run one read-only SELECT over the views cases_v, flags_v, harms_v, … instead").type_name("SQL");
    o.add_option("--timeout", opt->timeout, "Stop a --sql statement after this many seconds (default 5)")
        .type_name("SECONDS")
        .range(0.001, 86400.0);
    o.add_option("--columns", opt->columns, "Comma-separated columns (default: id,origin,returned_from,return_date,mechanism,outcome,flags,status)")
        .type_name("LIST");
    o.add_option("--format", opt->format, "table (default on a terminal), csv, tsv, json, jsonl (default otherwise) or markdown; json and jsonl print whole records").one_of(format_names(query_formats));
    add_excel_flag(o, opt->excel);
    o.add_option("--sort", opt->sort, "Sort by this column (-COLUMN: descending); default id").type_name("COLUMN");
    o.add_option("--limit", opt->limit, "Print at most this many cases").type_name("N").non_negative();
    o.add_flag("--count", opt->count, "Print only the number of matching cases");
    o.add_flag("--unredacted", opt->unredacted,
               "json and jsonl: print whole stored records (for the research team) instead of what export --redact shares");
    o.add_option("--dates", opt->dates, "json and jsonl, redacted: keep dates to the day, month or year")
        .capture_default_str()
        .one_of({"day", "month", "year"});

    return [opt, &ctx]() -> int {
        const store::DatabaseFile path{database_path(ctx, opt->db), open_settings(ctx)};
        if (opt->excel && opt->format.empty()) {
            opt->format = "csv";
        }
        output::Format format = opt->format.empty()
                            ? output::default_format(output::Shape::records, ctx.out_is_tty)
                            : output::parse_format(opt->format, query_formats);
        RowPrinter printer(ctx.out, format, output_width(ctx), csv_dialect(opt->excel, output::format_name(format)));
        if (opt->timeout && opt->sql.empty()) {
            throw Error(Exit::usage, tr("--timeout bounds a --sql statement: give it with --sql"));
        }
        if (!opt->sql.empty()) {
            if (!opt->where.empty() || !opt->columns.empty() || !opt->sort.empty() || opt->limit || opt->count) {
                throw Error(Exit::usage, tr("--sql takes the whole query: use WHERE, ORDER BY and LIMIT in the SQL, not "
                                         "--where, --columns, --sort, --limit or --count"));
            }
            analysis::SqlLimits limits;
            if (opt->timeout) {
                limits.time = std::chrono::milliseconds(static_cast<long long>(*opt->timeout * 1000.0 + 0.5));
            }
            analysis::run_sql(path, opt->sql, limits, [&](const std::vector<std::string>& names) { printer.header(names); },
                    [&](const analysis::ResultRow& row) { printer.row(row); });
            printer.finish();
            return 0;
        }
        analysis::RecordQuery query;
        query.where = record::parse_where(opt->where);
        if (!opt->columns.empty()) {
            query.columns = analysis::parse_query_columns(opt->columns);
        }
        if (!opt->sort.empty()) {
            analysis::set_sort(query, opt->sort);
        }
        query.limit = opt->limit;
        const bool records = format == output::Format::json || format == output::Format::jsonl;
        if (opt->unredacted && !records) {
            throw Error(Exit::usage, tr("--unredacted applies to json and jsonl, which print records"));
        }
        // Every listing says on stderr what consent and review left out of it (consent.hpp).
        auto say_left_out = [&](record::Output output, bool always) {
            record::LeftOutCounts left = analysis::count_left_out(path, query.where, output);
            if (always || left.total() > 0) {
                ctx.err << "query: " << left.sentence(record::Wording::translated) << '\n';
            }
        };
        if (opt->count) {
            ctx.out << analysis::count_matching(path, query.where) << '\n';
            say_left_out(record::Output::counts, false);
            return 0;
        }
        if (records) {
            if (!opt->columns.empty()) {
                throw Error(Exit::usage, tr("--columns applies to table, csv, tsv and markdown: json and jsonl print whole records"));
            }
            const record::Output output = opt->unredacted ? record::Output::records : record::Output::shared_records;
            const output::DatePrecision dates = output::parse_date_precision(opt->dates);
            bool first = true;
            if (format == output::Format::json) {
                ctx.out << '[';
            }
            analysis::select_documents(path, query, output, [&](const Json& stored) {
                const Json record = output == record::Output::shared_records ? output::redact(stored, dates) : stored;
                if (format == output::Format::jsonl) {
                    ctx.out << record.dump() << '\n';
                } else {
                    ctx.out << (first ? "\n" : ",\n") << record.dump(2);
                }
                first = false;
            });
            if (format == output::Format::json) {
                ctx.out << (first ? "]\n" : "\n]\n");
            }
            say_left_out(output, true);
            return 0;
        }
        printer.header(query.columns);
        analysis::select_cases(path, query, [&](const analysis::ResultRow& row) { printer.row(row); });
        printer.finish();
        say_left_out(record::Output::counts, false);
        return 0;
    };
}

} // namespace casebook::cli
