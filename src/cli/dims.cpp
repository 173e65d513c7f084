// casebook dims: the dimensions of query --where and table --rows/--cols, with their values.
#include <memory>
#include <ostream>

#include "record/dims.hpp"
#include "output/format.hpp"
#include "analysis/table_presets.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"
#include "util/i18n.hpp"

namespace casebook::cli {

namespace {

// The formats dims prints.
const std::initializer_list<output::Format> dims_formats = {output::Format::table, output::Format::csv, output::Format::tsv, output::Format::json, output::Format::markdown};

std::string_view kind_name(record::ValueKind kind)
{
    switch (kind) {
    case record::ValueKind::vocabulary:
        return "vocabulary";
    case record::ValueKind::country:
        return "country";
    case record::ValueKind::year:
        return "year";
    case record::ValueKind::free:
        return "text";
    }
    return "text";
}

// The values of a dimension in words, for kinds without a fixed list.
std::string values_text(const record::Dimension& d, std::string_view separator)
{
    switch (d.kind) {
    case record::ValueKind::country:
        return tr("ISO 3166-1 alpha-3 country codes (SLV) or names (El Salvador)");
    case record::ValueKind::year:
        return tr("four-digit years; also >= and <=");
    case record::ValueKind::free:
        return tr("any text");
    case record::ValueKind::vocabulary:
        break;
    }
    std::string out;
    for (const std::string& v : d.values) {
        out += (out.empty() ? "" : std::string(separator)) + v;
    }
    return out;
}

} // namespace

Action setup_dims(OptionSet& o, Context& ctx)
{
    auto format = std::make_shared<std::string>();
    o.add_option("--format", *format, "table (default on a terminal), csv, tsv (default otherwise), json or markdown").one_of(format_names(dims_formats));

    return [format, &ctx]() -> int {
        output::Format f = format->empty() ? output::default_format(output::Shape::table, ctx.out_is_tty)
                                   : output::parse_format(*format, dims_formats);
        if (f == output::Format::json) {
            Json all = Json::array();
            for (const record::Dimension& d : record::dimensions()) {
                Json j = Json::object();
                j["name"] = d.name;
                j["multi_valued"] = d.arity == record::Arity::multi;
                j["kind"] = kind_name(d.kind);
                j["values"] = d.values;
                j["meaning"] = d.meaning;
                all.push_back(std::move(j));
            }
            ctx.out << all.dump(2) << '\n';
            return 0;
        }
        if (f == output::Format::table) {
            // A list reads better than a grid: the value lists are long.
            std::size_t width = output_width(ctx);
            for (const record::Dimension& d : record::dimensions()) {
                ctx.out << d.name << (d.arity == record::Arity::multi ? "*" : "") << "  " << tr(std::string(d.meaning).c_str()) << '\n';
                std::string values = tr("    values: ") + values_text(d, ", ");
                // Wrap the value list by hand at the width (no limit when 0).
                std::string line;
                std::size_t start = 0;
                while (start < values.size()) {
                    std::size_t end = values.find(' ', start + 1);
                    std::string word = values.substr(start, end == std::string::npos ? std::string::npos : end - start);
                    if (width != 0 && !line.empty() && output::display_width(line) + output::display_width(word) > width) {
                        ctx.out << line << '\n';
                        line = "            " + word.substr(word.front() == ' ' ? 1 : 0);
                    } else {
                        line += word;
                    }
                    start = end == std::string::npos ? values.size() : end;
                }
                ctx.out << line << '\n';
            }
            ctx.out << '\n' << tr("* multi-valued: a case counts once under each value it has.") << '\n';
            ctx.out << tr("Table presets:");
            for (const analysis::TablePreset& p : analysis::table_presets()) {
                ctx.out << "\n  " << p.name << " (" << p.rows << " x " << p.cols << "): " << tr(std::string(p.summary).c_str());
            }
            ctx.out << '\n';
            return 0;
        }
        output::Grid g;
        // markdown is read by people: its title and meanings in their language; csv and tsv stay as data.
        const bool people = f == output::Format::markdown;
        g.title = people ? tr("Dimensions of casebook query --where and casebook table")
                         : "Dimensions of casebook query --where and casebook table";
        g.header = {"dimension", "multi_valued", "kind", "values", "meaning"};
        for (const record::Dimension& d : record::dimensions()) {
            g.rows.push_back({std::string(d.name), d.arity == record::Arity::multi ? "yes" : "no", std::string(kind_name(d.kind)),
                              d.kind == record::ValueKind::vocabulary ? values_text(d, f == output::Format::markdown ? ", " : ";")
                                                              : "",
                              people ? tr(std::string(d.meaning).c_str()) : std::string(d.meaning)});
        }
        output::write_grid(ctx.out, g, f);
        return 0;
    };
}

} // namespace casebook::cli
