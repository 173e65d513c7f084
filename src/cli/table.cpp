// casebook table: counts of cases by one or two dimensions, with totals, shares
// and disclosure controls; presets for the tables return-to-danger studies publish.
#include <memory>
#include <optional>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "casebook/crosstab.hpp"
#include "casebook/error.hpp"
#include "casebook/format.hpp"
#include "casebook/store.hpp"
#include "casebook/tables.hpp"
#include "command.hpp"

namespace casebook::cli {

namespace {

// The formats table prints.
const std::initializer_list<Format> table_formats = {Format::table, Format::csv, Format::tsv, Format::json, Format::markdown};

std::string preset_list()
{
    std::string out;
    for (const TablePreset& p : table_presets()) {
        out += fmt::format("\n  {:<11} {} x {}: {}", p.name, p.rows, p.cols, p.summary);
    }
    return out;
}

} // namespace

Action setup_table(CLI::App& app, Context& ctx)
{
    struct Options {
        std::string db;
        std::string preset;
        std::string rows;
        std::string cols;
        std::vector<std::string> where;
        std::string percent = "none";
        long long suppress = 0;
        long long round = 0;
        bool totals = true;
        bool totals_flag = false;    // --totals given
        bool no_totals_flag = false; // --no-totals given
        bool nonzero = false;
        std::string format;
    };
    auto opt = std::make_shared<Options>();
    add_db_option(app, opt->db);
    app.add_option("preset", opt->preset, "A preset table: outcomes, flags, harms, mechanisms or timeline")->type_name("PRESET");
    app.add_option("--rows", opt->rows, "Dimension of the rows (casebook dims lists them)")->type_name("DIM");
    app.add_option("--cols", opt->cols, "Dimension of the columns; without it, a one-way table")->type_name("DIM");
    add_where_option(app, opt->where);
    one_of(app.add_option("--percent", opt->percent, "Add shares of the row, col or total (default none)"),
           {"row", "col", "total", "none"}, {"column"});
    app.add_option("--suppress", opt->suppress, "Show non-zero counts below N as <N, and hide more (x) so none can be worked back from the totals")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--round", opt->round, "Round every shown count and total to the nearest N")->type_name("N")->check(CLI::NonNegativeNumber);
    // Two flags rather than CLI11's "--totals,!--no-totals", whose --help shows "{false}"; the last one given wins.
    CLI::Option* totals = app.add_flag("--totals", opt->totals_flag, "Print the totals row and column (the default)");
    CLI::Option* no_totals = app.add_flag("--no-totals", opt->no_totals_flag, "Leave out the totals row and column");
    app.add_flag("--nonzero", opt->nonzero, "Leave out rows and columns without any case");
    one_of(app.add_option("--format", opt->format, "table (default on a terminal), csv, tsv (default otherwise), json or markdown"),
           format_names(table_formats));
    app.footer("Presets:" + preset_list());

    return [opt, &ctx, &app, totals, no_totals]() -> int {
        for (const CLI::Option* given : app.parse_order()) {
            if (given == totals || given == no_totals) {
                opt->totals = given == totals;
            }
        }
        TableSpec spec;
        if (!opt->preset.empty()) {
            const TablePreset* p = find_preset(opt->preset);
            if (p == nullptr) {
                throw Error(Exit::usage, fmt::format("unknown table \"{}\"; the presets are:{}", opt->preset, preset_list()));
            }
            spec.rows = p->rows;
            spec.cols = p->cols;
        }
        if (!opt->rows.empty()) {
            spec.rows = opt->rows;
        }
        if (!opt->cols.empty()) {
            spec.cols = opt->cols;
        }
        if (spec.rows.empty()) {
            throw Error(Exit::usage, "which table? give --rows DIM (and --cols DIM), or a preset:" + preset_list());
        }
        Controls controls;
        controls.percent = parse_percent(opt->percent);
        controls.suppress = opt->suppress;
        controls.round = opt->round;
        Format format = opt->format.empty()
                            ? default_format(Shape::table, ctx.out_is_tty)
                            : parse_format(opt->format, table_formats);
        spec.where_text = opt->where;
        spec.where = parse_where(opt->where);
        check_table_dimensions(spec);

        CaseCounts counts = count_cases(database_path(opt->db), spec);
        CrossTable table = opt->nonzero ? drop_empty(counts.table) : counts.table;
        PublishedTable published = publish(table, controls);
        Totals totals = opt->totals ? Totals::shown : Totals::hidden;
        if (format == Format::json) {
            ctx.out << table_json(published, counts.notes, totals).dump(2) << '\n';
        } else {
            write_grid(ctx.out, table_grid(published, counts.notes, format, totals), format, output_width(ctx.out_is_tty));
        }
        return 0;
    };
}

} // namespace casebook::cli
