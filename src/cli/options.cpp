// The options several commands share, declared once so that their --help reads the same.
#include "input/records.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"
#include "cli/command.hpp"
#include "cli/option_set.hpp"

namespace casebook::cli {

void add_jobs_option(OptionSet& o, unsigned& jobs, const char* help)
{
    o.add_option("--jobs", jobs, help).type_name("N").range(1u, input::max_jobs);
}

void add_excel_flag(OptionSet& o, bool& excel)
{
    o.add_flag("--excel", excel,
               "csv for Excel in Spanish (and in any locale that writes decimals with a comma): a UTF-8 "
               "byte-order mark so that accents open right, ';' between cells, decimals with a comma");
}

CsvDialect csv_dialect(bool excel, std::string_view resolved)
{
    if (!excel) {
        return {};
    }
    if (resolved != "csv" && resolved != "long") {
        throw Error(Exit::usage, say("--excel writes csv for a spreadsheet: it goes with --format csv (or no --format), "
                                     "not --format {}",
                                     resolved));
    }
    return CsvDialect::excel();
}

void add_db_option(OptionSet& o, std::string& db)
{
    o.add_option("--db", db, "Database file (default: $CASEBOOK_DB, else ./casebook.db)").type_name("FILE");
}

void add_where_option(OptionSet& o, std::vector<std::string>& where)
{
    o.add_option("--where", where,
                 "Only cases where DIM=V, DIM!=V, DIM=V1,V2, DIM>=YEAR or DIM<=YEAR (repeatable: all must hold; "
                 "casebook dims lists the dimensions)")
        .type_name("EXPR");
}

std::vector<std::string> format_names(std::initializer_list<output::Format> formats)
{
    std::vector<std::string> names;
    for (output::Format f : formats) {
        names.emplace_back(output::format_name(f));
    }
    return names;
}

} // namespace casebook::cli
