// The options commands share and how --help shows them, driven in-process
// through cli::run: value names, choice lists, the error for a bad choice.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "../files.hpp"

using casebook::test::TempDir;

namespace {

struct Result {
    int code = 0;
    std::string out;
    std::string err;
};

Result run(const std::vector<std::string>& args)
{
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    casebook::cli::Context ctx{in, out, err};
    Result r;
    r.code = casebook::cli::run(args, ctx);
    r.out = out.str();
    r.err = err.str();
    return r;
}

// The line of a --help text that documents option (its first line).
std::string help_line(const std::string& help, const std::string& option)
{
    std::istringstream lines(help);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("  " + option + " ", 0) == 0 || line == "  " + option) {
            return line;
        }
    }
    return "";
}

// The last line of a text.
std::string last_line(const std::string& text)
{
    std::string t = text;
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) {
        t.pop_back();
    }
    return t.substr(t.rfind('\n') + 1);
}

} // namespace

TEST_CASE("help names what each option takes and lists the choices", "[cli]")
{
    const Result table = run({"table", "--help"});
    REQUIRE(table.code == 0);
    CHECK(help_line(table.out, "--where").rfind("  --where EXPR ...", 0) == 0);
    CHECK(help_line(table.out, "--rows").rfind("  --rows DIM ", 0) == 0);
    CHECK(help_line(table.out, "--cols").rfind("  --cols DIM ", 0) == 0);
    CHECK(help_line(table.out, "--percent") == "  --percent TEXT:{row,col,total,none}");
    CHECK(help_line(table.out, "--format") == "  --format TEXT:{table,csv,tsv,json,markdown,long}");
    CHECK(help_line(table.out, "--totals").find("Print the totals row and column (the default)") != std::string::npos);
    CHECK(help_line(table.out, "--no-totals").find("Leave out the totals row and column") != std::string::npos);
    CHECK(table.out.find("{false}") == std::string::npos);

    const Result query = run({"query", "--help"});
    CHECK(help_line(query.out, "--format") == "  --format TEXT:{table,csv,tsv,json,jsonl,markdown}");
    CHECK(help_line(run({"export", "--help"}).out, "--format") == "  --format TEXT:{jsonl,json,csv,package,stata,spss}=jsonl");
    CHECK(help_line(run({"dims", "--help"}).out, "--format") == "  --format TEXT:{table,csv,tsv,json,markdown}");
    CHECK(help_line(run({"validate", "--help"}).out, "--schema").rfind("  --schema FILE ", 0) == 0);
    CHECK(help_line(run({"import", "--help"}).out, "--csv").rfind("  --csv FILE ", 0) == 0);
}

TEST_CASE("help of the where option reads the same in query and table and export", "[cli]")
{
    const std::string query = help_line(run({"query", "--help"}).out, "--where");
    CHECK_FALSE(query.empty());
    CHECK(help_line(run({"table", "--help"}).out, "--where") == query);
    CHECK(help_line(run({"export", "--help"}).out, "--where") == query);
}

TEST_CASE("a value not among the choices is a usage error that lists them", "[cli]")
{
    Result r = run({"table", "outcomes", "--format", "xml"});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "casebook: error: --format: \"xml\" is not one of table, csv, tsv, json, markdown, long\n"
                   "Run with --help for more information.\n");
    r = run({"export", "--format", "xml"});
    CHECK(r.code == 2);
    CHECK(r.err.rfind("casebook: error: --format: \"xml\" is not one of jsonl, json, csv, package, stata, spss\n", 0) == 0);
    r = run({"table", "outcomes", "--percent", "half"});
    CHECK(r.code == 2);
    CHECK(r.err.rfind("casebook: error: --percent: \"half\" is not one of row, col, total, none\n", 0) == 0);
}

TEST_CASE("table totals: the last of totals and no-totals wins and percent column still works", "[cli]")
{
    TempDir dir;
    const std::string db = dir / "c.db";
    REQUIRE(run({"init", "--db", db}).code == 0);
    REQUIRE(run({"import", "--quiet", "--db", db, std::string(CASEBOOK_SOURCE_DIR) + "/examples/northern-triangle"}).code == 0);
    auto table = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"table", "outcomes", "--db", db, "--format", "csv"};
        args.insert(args.end(), extra.begin(), extra.end());
        Result r = run(args);
        REQUIRE(r.code == 0);
        return r.out;
    };
    CHECK(last_line(table({})).rfind("total,", 0) == 0);
    CHECK(last_line(table({"--no-totals"})).rfind("total,", 0) != 0);
    CHECK(last_line(table({"--totals", "--no-totals"})).rfind("total,", 0) != 0);
    CHECK(last_line(table({"--no-totals", "--totals"})).rfind("total,", 0) == 0);
    CHECK(table({"--percent", "column"}) == table({"--percent", "col"}));
}
