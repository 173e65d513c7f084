// export --format stata and spss: the linked tables (linked_tables.hpp) as
// one Stata (.dta, format 118) or SPSS (.sav) file per table, written by the
// helper program casebook-readstat (stat_wire.hpp) into an OutputFolder.
// casebook decides everything here, so that both formats hold the same:
// - names are the linked tables' column names, valid in both (stat_name_problem);
// - variable labels are the columns' descriptions, file labels the tables',
//   cut to Stata's 80 characters;
// - a column with a vocabulary is an integer code with a value label set
//   (1 = its first value in the schema's order, 2 = the next ...), so that
//   haven::as_factor and Stata's `decode` give the code words back;
//   booleans are 0/1 labelled FALSE/TRUE; integers are integers;
// - the first and last day of a date are date variables (Stata %td, SPSS
//   DATE11), its ISO text and precision stay as they are in the package;
// - lists (a harm's sources) and free text are strings;
// - a missing value is system missing (an empty string for text).
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"
#include "record/linked_tables.hpp"
#include "util/output_folder.hpp"

namespace casebook::output {

// The helper program that writes the files (src/output/readstat_main.cpp).
inline constexpr const char* readstat_helper = "casebook-readstat";

// Which statistics package the files are for.
enum class StatFormat { stata, spss };

// "stata" or "spss".
std::string_view stat_format_name(StatFormat format);

// The file name of a table: cases.dta, cases.sav.
std::string stat_file_name(const std::string& table, StatFormat format);

// The names of the files of such an export (one per linked table).
std::set<std::string> stat_file_names(StatFormat format);

// Why name cannot be a variable (or value label set) name in Stata or SPSS, or nullopt when it can.
std::optional<std::string> stat_name_problem(std::string_view name);

// text cut to at most `characters` UTF-8 characters, ending in "..." when cut.
std::string cut_label(std::string_view text, std::size_t characters = 80);

// Collects the rows of released records, then has the helper write the files.
class StatFilesWriter {
public:
    StatFilesWriter(OutputFolder& folder, record::SensitiveColumns sensitive, StatFormat format);
    // Adds the rows of one record (already released: consented, redacted when asked).
    // Throws Error(io) for a value outside its column's vocabulary.
    void add(const Json& record);
    // The stream for casebook-readstat, in parts: every table with its rows
    // (moved out of this writer). Creates the (empty, 0600) staged files it names.
    std::vector<std::string> stream();
    // Runs the helper program at `helper` on stream(), then puts the folder in
    // place; throws Error(io) saying why the files could not be written.
    void finish(const std::string& helper);

private:
    struct Table {
        std::string rows;          // the encoded cells (stat_wire.hpp)
        long long count = 0;       // rows
        std::vector<std::size_t> widths; // the longest text of each column, in bytes
    };

    OutputFolder& folder_;
    record::SensitiveColumns sensitive_;
    StatFormat format_;
    std::vector<Table> tables_;
};

} // namespace casebook::output
