#include <sstream>

#include <catch2/catch.hpp>

#include "util/csv.hpp"
#include "util/error.hpp"

using namespace casebook;

namespace {

std::vector<CsvRow> read_all(const std::string& text)
{
    std::istringstream in(text);
    CsvReader reader(in, "test.csv");
    std::vector<CsvRow> rows;
    CsvRow row;
    while (reader.next(row)) {
        rows.push_back(row);
    }
    return rows;
}

using Cells = std::vector<std::string>;

} // namespace

TEST_CASE("csv: plain rows, LF and CRLF, with or without a final line break")
{
    for (std::string text : {"a,b,c\n1,2,3\n", "a,b,c\r\n1,2,3\r\n", "a,b,c\n1,2,3", "a,b,c\r1,2,3\r"}) {
        auto rows = read_all(text);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].cells == Cells{"a", "b", "c"});
        CHECK(rows[1].cells == Cells{"1", "2", "3"});
        CHECK(rows[1].line == 2);
    }
}

TEST_CASE("csv: quoted cells hold commas, quotes and line breaks")
{
    auto rows = read_all("name,note\r\n\"CHINA, PEOPLES REPUBLIC OF\",\"said \"\"no\"\"\"\r\n\"two\r\nlines\",x\r\nlast,\"\"\r\n");
    REQUIRE(rows.size() == 4);
    CHECK(rows[1].cells == Cells{"CHINA, PEOPLES REPUBLIC OF", "said \"no\""});
    CHECK(rows[2].cells == Cells{"two\r\nlines", "x"});
    CHECK(rows[2].line == 3);
    CHECK(rows[3].line == 5); // the quoted line break counts
    CHECK(rows[3].cells == Cells{"last", ""});
}

TEST_CASE("csv: a BOM is skipped, empty cells and empty lines are kept")
{
    auto rows = read_all("\xEF\xBB\xBFh1,h2\n,\n\nx,\n");
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].cells == Cells{"h1", "h2"});
    CHECK(rows[1].cells == Cells{"", ""});
    CHECK(rows[2].cells == Cells{""});
    CHECK(rows[3].cells == Cells{"x", ""});
}

TEST_CASE("csv: cell positions are line and character column")
{
    auto rows = read_all("a,\"b\nc\",d\né,f\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].positions[0].line == 1);
    CHECK(rows[0].positions[1].column == 3);
    CHECK(rows[0].positions[2].line == 2);
    CHECK(rows[0].positions[2].column == 4);
    CHECK(rows[1].positions[1].column == 3); // é is one character
}

TEST_CASE("csv: sloppy quotes are kept as text; an unclosed quote is an error")
{
    auto rows = read_all("ab\"c,\"x\"y\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].cells == Cells{"ab\"c", "xy"});
    CHECK_THROWS_AS(read_all("a,\"never closed\n"), Error);
}

TEST_CASE("csv: another delimiter")
{
    std::istringstream in("a;\"b;c\"\n");
    CsvReader reader(in, "t.csv", ';');
    CsvRow row;
    REQUIRE(reader.next(row));
    CHECK(row.cells == Cells{"a", "b;c"});
}

TEST_CASE("csv: writing quotes only what needs it, rows end in CRLF, and reads back")
{
    CHECK(csv_cell("plain") == "plain");
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
    CHECK(csv_cell(" padded") == "\" padded\"");
    std::ostringstream out;
    Cells cells{"x", "a,b", "q\"q", "l1\r\nl2", ""};
    write_csv_row(out, cells);
    CHECK(out.str() == "x,\"a,b\",\"q\"\"q\",\"l1\r\nl2\",\r\n");
    auto rows = read_all(out.str());
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].cells == cells);
}

TEST_CASE("csv: no cell is written so that a spreadsheet runs it as a formula", "[csv]")
{
    using casebook::csv_cell;
    using casebook::spreadsheet_safe;
    CHECK(spreadsheet_safe("=HYPERLINK(\"http://x\",\"y\")") == "'=HYPERLINK(\"http://x\",\"y\")");
    CHECK(spreadsheet_safe("+1+2") == "'+1+2");
    CHECK(spreadsheet_safe("-1+2") == "'-1+2");
    CHECK(spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)");
    CHECK(spreadsheet_safe("\t=1") == "'\t=1");
    CHECK(spreadsheet_safe("\r=1") == "'\r=1");
    CHECK(spreadsheet_safe("-") == "'-");
    // Data that only looks close stays as it is.
    CHECK(spreadsheet_safe("-12") == "-12");
    CHECK(spreadsheet_safe("-3.5") == "-3.5");
    CHECK(spreadsheet_safe("2017-03") == "2017-03");
    CHECK(spreadsheet_safe("a=b") == "a=b");
    CHECK(spreadsheet_safe("") == "");
    CHECK(csv_cell("=1+1") == "'=1+1");
    CHECK(csv_cell("=A1,B1") == "\"'=A1,B1\"");
}
