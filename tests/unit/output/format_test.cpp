// Output formats: csv quoting (RFC 4180), tsv, markdown escaping, aligned
// tables that fit a width, the defaults on and off a terminal.
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "output/format.hpp"

using namespace casebook;

namespace {

output::Grid sample()
{
    output::Grid g;
    g.title = "Cases by country";
    g.header = {"country", "cases"};
    g.align = {output::Align::left, output::Align::right};
    g.rows = {{"El Salvador", "4"}, {"Say \"hi\", then\nleave", "12"}, {"Total", "16"}};
    g.totals_from = 2;
    g.footnotes = {"A note."};
    return g;
}

std::string render(const output::Grid& g, output::Format f, std::size_t width = 0)
{
    std::ostringstream out;
    output::write_grid(out, g, f, width);
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

} // namespace

TEST_CASE("csv: one header row, RFC 4180 quoting, CRLF, no title or notes")
{
    CHECK(render(sample(), output::Format::csv) == "country,cases\r\n"
                                           "El Salvador,4\r\n"
                                           "\"Say \"\"hi\"\", then\nleave\",12\r\n"
                                           "Total,16\r\n");
}

TEST_CASE("tsv: tabs and line breaks inside cells become spaces")
{
    output::Grid g = sample();
    g.rows[0][0] = "a\tb";
    CHECK(render(g, output::Format::tsv) == "country\tcases\n"
                                    "a b\t4\n"
                                    "Say \"hi\", then leave\t12\n"
                                    "Total\t16\n");
}

TEST_CASE("markdown: title, pipe table with alignment, escaped pipes, notes")
{
    output::Grid g = sample();
    g.rows[0][0] = "a|b";
    CHECK(render(g, output::Format::markdown) == "Cases by country\n\n"
                                         "| country | cases |\n"
                                         "|---|---:|\n"
                                         "| a\\|b | 4 |\n"
                                         "| Say \"hi\", then leave | 12 |\n"
                                         "| Total | 16 |\n"
                                         "\n"
                                         "Note: A note.\n\n");
}

TEST_CASE("table: aligned columns, a rule before the totals")
{
    output::Grid g = sample();
    g.rows[1][0] = "Côte d'Ivoire";
    CHECK(render(g, output::Format::table) == "Cases by country\n\n"
                                      "country        cases\n"
                                      "-------------  -----\n"
                                      "El Salvador        4\n"
                                      "Côte d'Ivoire     12\n"
                                      "-------------  -----\n"
                                      "Total             16\n"
                                      "\n"
                                      "Note: A note.\n");
}

TEST_CASE("table: a wide table fits the width")
{
    output::Grid g;
    g.header = {"country_of_origin", "physical_harm", "other_harm", "no_harm_known", "disappeared", "killed",
                "remigrated", "unknown", "Total"};
    g.align.assign(g.header.size(), output::Align::right);
    g.align[0] = output::Align::left;
    g.rows = {{"Bolivia (Plurinational State of)", "1", "2", "3", "4", "5", "6", "7", "28"},
              {"El Salvador", "10", "20", "30", "40", "50", "60", "70", "280"}};
    for (std::size_t width : {100u, 80u, 60u, 40u, 30u}) {
        INFO("width " << width);
        std::string text = render(g, output::Format::table, width);
        for (const std::string& line : lines_of(text)) {
            INFO(line);
            CHECK(output::display_width(line) <= width);
        }
        // Every number is still there.
        for (const char* n : {"28", "280", "70", "7"}) {
            CHECK(text.find(n) != std::string::npos);
        }
    }
    // Headers wrap at underscores when that is enough.
    std::string text = render(g, output::Format::table, 80);
    CHECK(text.find("physical") != std::string::npos);
    CHECK(text.find("physical_harm") == std::string::npos);
}

TEST_CASE("display_width counts characters, not bytes")
{
    CHECK(output::display_width("abc") == 3);
    CHECK(output::display_width("Côte") == 4);
    CHECK(output::display_width("Cote\xCC\x82") == 4); // e + combining circumflex
    CHECK(output::display_width("…") == 1);
}

TEST_CASE("formats: names, defaults, country display")
{
    CHECK(output::parse_format("csv", {output::Format::csv, output::Format::json}) == output::Format::csv);
    CHECK_THROWS_AS(output::parse_format("jsonl", {output::Format::csv, output::Format::json}), Error);
    try {
        output::parse_format("xml", {output::Format::table, output::Format::csv});
    } catch (const Error& e) {
        CHECK(e.exit() == Exit::usage);
        CHECK(std::string(e.what()) == "--format \"xml\": expected one of table, csv");
    }
    CHECK(output::default_format(output::Shape::table, true) == output::Format::table);
    CHECK(output::default_format(output::Shape::records, true) == output::Format::table);
    CHECK(output::default_format(output::Shape::table, false) == output::Format::tsv);
    CHECK(output::default_format(output::Shape::records, false) == output::Format::jsonl);
    CHECK(output::shows_country_names(output::Format::table));
    CHECK(output::shows_country_names(output::Format::markdown));
    CHECK_FALSE(output::shows_country_names(output::Format::csv));
    CHECK_FALSE(output::shows_country_names(output::Format::json));
    CHECK_THROWS_AS(render(sample(), output::Format::json), Error);
}
