// casebook table: counts of cases by one or two dimensions, with totals, shares
// and disclosure controls; presets for the tables return-to-danger studies publish.
#include <memory>
#include <optional>
#include <ostream>

#include <fmt/format.h>

#include "analysis/crosstab.hpp"
#include "util/error.hpp"
#include "output/format.hpp"
#include "store/store.hpp"
#include "analysis/table_audit.hpp"
#include "analysis/table_labels.hpp"
#include "analysis/table_long.hpp"
#include "analysis/table_notes.hpp"
#include "analysis/table_output.hpp"
#include "analysis/table_presets.hpp"
#include "analysis/tables.hpp"
#include "analysis/units.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

// The formats table prints.
const std::initializer_list<output::Format> table_formats = {output::Format::table, output::Format::csv, output::Format::tsv, output::Format::json, output::Format::markdown};

struct TablePart {
    analysis::Level level;
    std::string_view name;
};

std::string preset_list()
{
    std::string out;
    for (const analysis::TablePreset& p : analysis::table_presets()) {
        out += fmt::format("\n  {:<11} {} x {}: {}", p.name, p.rows, p.cols, tr(std::string(p.summary).c_str()));
    }
    return out;
}

// The dimensions `casebook dims` does not list (units.hpp), for --help.
std::string part_dimension_list()
{
    std::string out;
    for (const TablePart& p : {TablePart{analysis::Level::harm, "harm"}, TablePart{analysis::Level::return_event, "return"},
                               TablePart{analysis::Level::leg, "leg"}, TablePart{analysis::Level::case_record, "first return"}}) {
        std::string names;
        for (const analysis::TableDimension& d : analysis::part_dimensions()) {
            if (d.level == p.level) {
                names += (names.empty() ? "" : ", ") + std::string(d.name);
            }
        }
        out += fmt::format("\n  {:<12} {}", p.name, names);
    }
    return out;
}

} // namespace

Action setup_table(OptionSet& o, Context& ctx)
{
    struct Options {
        std::string db;
        std::vector<std::string> presets;
        std::string rows;
        std::string cols;
        std::vector<std::string> where;
        std::string percent = "none";
        std::string count = "cases";
        std::string by;
        long long suppress = 0;
        long long round = 0;
        bool suppress_zeros = false;
        std::string mark = "x";
        bool audit = false;
        std::string notes;
        bool totals = true;
        bool totals_flag = false;    // --totals given
        bool no_totals_flag = false; // --no-totals given
        bool nonzero = false;
        std::string format;
        bool excel = false;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(o, opt->db);
    o.add_option("preset", opt->presets, "Preset tables: outcomes, flags, harms, mechanisms, timeline; several are published (and protected) as one set").type_name("PRESET...");
    o.add_option("--rows", opt->rows, "Dimension of the rows (casebook dims lists them)").type_name("DIM");
    o.add_option("--cols", opt->cols, "Dimension of the columns; without it, a one-way table").type_name("DIM");
    add_where_option(o, opt->where);
    o.add_option("--by", opt->by, "A third dimension: one table for each of its values, protected as one set").type_name("DIM");
    o.add_option("--count", opt->count, "What each number counts: cases (the default), harms, returns or legs").one_of({"cases", "harms", "returns", "legs"}, {});
    o.add_option("--percent", opt->percent, "Add shares of the row, col or total (default none)").one_of({"row", "col", "total", "none"}, {"column"});
    o.add_option("--suppress", opt->suppress, "Hide counts from 1 to N-1, and more numbers chosen by a linear program (GLPK) so that none can be worked out")
        .type_name("N")
        .non_negative();
    o.add_flag("--suppress-zeros", opt->suppress_zeros, "With --suppress, hide zeros as well");
    o.add_option("--mark", opt->mark, "How hidden numbers read: x (all alike, the default) or below (small counts as <N, others as x)").one_of({"x", "below"}, {});
    o.add_flag("--audit", opt->audit, "Print, instead of the table, every hidden number's range as an attacker's linear program finds it");
    o.add_option("--round", opt->round, "Round every shown count and total to the nearest N").type_name("N").non_negative();
    // Two flags rather than CLI11's "--totals,!--no-totals", whose --help shows "{false}"; the last one given wins.
    Option totals = o.add_flag("--totals", opt->totals_flag, "Print the totals row and column (the default)");
    Option no_totals = o.add_flag("--no-totals", opt->no_totals_flag, "Leave out the totals row and column");
    o.add_flag("--nonzero", opt->nonzero, "Leave out rows and columns without any case");
    std::vector<std::string> formats = format_names(table_formats);
    formats.emplace_back("long");
    o.add_option("--format", opt->format, "table (default on a terminal), csv, tsv (default otherwise), json, markdown, or long (csv, one row per number)").one_of(formats);
    add_excel_flag(o, opt->excel);
    o.add_option("--notes", opt->notes, "Also write the title and footnotes to FILE (for csv, tsv and long output, which carry none)").type_name("FILE");
    o.footer(tr("Presets:") + preset_list() + "\n\n" + tr("In tables, dimensions of each harm, return and leg (man casebook, \"Units of count\"):") +
               part_dimension_list());

    return [opt, &ctx, o, totals, no_totals]() -> int {
        if (const int last = o.last_given({totals, no_totals}); last >= 0) {
            opt->totals = last == 0;
        }
        std::vector<analysis::TableSpec> specs;
        for (const std::string& name : opt->presets) {
            const analysis::TablePreset* p = analysis::find_preset(name);
            if (p == nullptr) {
                throw Error(Exit::usage, say("unknown table \"{}\"; the presets are:{}", name, preset_list()));
            }
            specs.push_back({std::string(p->rows), std::string(p->cols), {}, {}});
        }
        if (specs.size() > 1 && (!opt->rows.empty() || !opt->cols.empty())) {
            throw Error(Exit::usage, tr("--rows and --cols change one preset table; with several presets, give none"));
        }
        if (specs.empty()) {
            specs.emplace_back();
        }
        if (!opt->rows.empty()) {
            specs.front().rows = opt->rows;
        }
        if (!opt->cols.empty()) {
            specs.front().cols = opt->cols;
        }
        if (specs.front().rows.empty()) {
            throw Error(Exit::usage, tr("which table? give --rows DIM (and --cols DIM), or a preset:") + preset_list());
        }
        analysis::Controls controls;
        controls.percent = analysis::parse_percent(opt->percent);
        controls.suppress = opt->suppress;
        controls.round = opt->round;
        controls.suppress_zeros = opt->suppress_zeros;
        controls.mark = opt->mark == "below" ? analysis::HiddenMark::below_n : analysis::HiddenMark::alike;
        analysis::check_controls(controls, opt->audit);
        if (opt->excel && opt->format.empty()) {
            opt->format = "csv";
        }
        const bool long_form = opt->format == "long";
        output::Format format = opt->format.empty() ? output::default_format(output::Shape::table, ctx.out_is_tty)
                        : long_form         ? output::Format::csv
                                            : output::parse_format(opt->format, table_formats);
        const CsvDialect csv = csv_dialect(opt->excel, long_form ? "long" : output::format_name(format));
        if (!opt->by.empty() && format == output::Format::csv && !long_form) {
            throw Error(Exit::usage, tr("--by makes one table for each value, which would not load as one csv table: "
                                     "use --format long (one row per number, with a column for the --by value), "
                                     "json, markdown or table"));
        }
        if ((specs.size() > 1 || (!opt->by.empty() && !long_form)) && (format == output::Format::csv || format == output::Format::tsv)) {
            throw Error(Exit::usage, tr("several tables in one csv or tsv file would not load as one table: "
                                     "use --format json, markdown or table, or run one table at a time"));
        }
        const std::vector<record::Condition> where = record::parse_where(opt->where);
        std::vector<analysis::CaseCounts> counted;
        std::vector<analysis::CrossTable> tables;
        for (analysis::TableSpec& spec : specs) {
            spec.where_text = opt->where;
            spec.where = where;
            spec.unit = analysis::parse_unit(opt->count);
            analysis::check_table_dimensions(spec);
        }
        for (const analysis::TableSpec& spec : specs) {
            std::vector<analysis::CaseCounts> slices;
            if (opt->by.empty()) {
                slices.push_back(analysis::count_cases({database_path(ctx, opt->db), open_settings(ctx)}, spec));
            } else {
                slices = analysis::count_by({database_path(ctx, opt->db), open_settings(ctx)}, spec, opt->by);
            }
            for (analysis::CaseCounts& c : slices) {
                counted.push_back(std::move(c));
                tables.push_back(opt->nonzero ? analysis::drop_empty(counted.back().table) : counted.back().table);
            }
        }
        std::vector<analysis::PublishedTable> published = analysis::publish_set(tables, controls);
        if (!opt->audit) {
            analysis::refuse_unprotected(published);
        }
        analysis::Totals totals = opt->totals ? analysis::Totals::shown : analysis::Totals::hidden;
        if (format == output::Format::json) {
            Json all = Json::array();
            for (std::size_t k = 0; k < published.size(); ++k) {
                all.push_back(opt->audit ? analysis::audit_json(published[k]) : analysis::table_json(published[k], counted[k].notes, totals));
            }
            ctx.out << (published.size() == 1 ? all.front() : all).dump(2) << '\n';
            return 0;
        }
        std::string notes;
        if (long_form && !opt->audit && !opt->by.empty()) {
            output::write_grid(ctx.out, analysis::long_grid_by(published), format, output_width(ctx), csv);
        }
        for (std::size_t k = 0; k < published.size(); ++k) {
            if (k > 0 && !long_form) {
                ctx.out << '\n';
            }
            output::Grid grid = opt->audit ? analysis::audit_grid(published[k], format)
                        : long_form ? analysis::long_grid(published[k])
                                    : analysis::table_grid(published[k], counted[k].notes, format, totals);
            if (!long_form || opt->audit || opt->by.empty()) {
                output::write_grid(ctx.out, grid, format, output_width(ctx), csv);
            }
            notes += analysis::table_title(published[k]) + "\n";
            const output::Grid notes_of = opt->audit ? grid : analysis::table_grid(published[k], counted[k].notes, output::Format::markdown, totals);
            for (const std::string& note : notes_of.footnotes) {
                notes += say("Note: {}", note) + "\n";
            }
        }
        if (!opt->notes.empty()) {
            analysis::write_table_notes(opt->notes, notes);
        }
        return 0;
    };
}

} // namespace casebook::cli
