// casebook codebook: every column of the linked tables, with its values and their meanings.
#include <memory>
#include <ostream>

#include "output/codebook.hpp"
#include "output/format.hpp"
#include "util/i18n.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"

namespace casebook::cli {

Action setup_codebook(OptionSet& o, Context& ctx)
{
    auto format = std::make_shared<std::string>("markdown");
    o.add_option("--format", *format,
                 N_("markdown (a section per table), csv or tsv (one row per value of each column) or json"))
        .capture_default_str()
        .one_of({"markdown", "csv", "tsv", "json"});
    return [format, &ctx]() -> int {
        if (*format == "json") {
            ctx.out << output::codebook_json().dump(2) << '\n';
        } else if (*format == "markdown") {
            ctx.out << output::codebook_markdown();
        } else {
            output::write_grid(ctx.out, output::codebook_grid(), *format == "csv" ? output::Format::csv : output::Format::tsv);
        }
        return 0;
    };
}

} // namespace casebook::cli
