#include <catch2/catch.hpp>

#include <cstdio>
#include <set>

#include "output/stat_files.hpp"
#include "output/stat_wire.hpp"
#include "record/linked_tables.hpp"
#include "util/dates.hpp"

using namespace casebook;

TEST_CASE("every linked column and table has a name Stata and SPSS accept")
{
    for (record::SensitiveColumns s : {record::SensitiveColumns::kept, record::SensitiveColumns::dropped}) {
        for (const record::LinkedTable& t : record::linked_tables(s)) {
            INFO(t.name);
            CHECK_FALSE(output::stat_name_problem(t.name));
            std::set<std::string> folded;
            for (const record::LinkedColumn& c : t.columns) {
                INFO(c.name);
                CHECK_FALSE(output::stat_name_problem(c.name));
                std::string lower = c.name;
                for (char& ch : lower) {
                    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                }
                CHECK(folded.insert(lower).second); // SPSS names ignore case
            }
        }
    }
}

TEST_CASE("stat_name_problem refuses what either package refuses")
{
    CHECK(output::stat_name_problem("1st"));
    CHECK(output::stat_name_problem("a.b"));
    CHECK(output::stat_name_problem("after_return.harms.0.same_persecutor"));
    CHECK(output::stat_name_problem(std::string(33, 'a')));
    CHECK_FALSE(output::stat_name_problem(std::string(32, 'a')));
    CHECK(output::stat_name_problem("in"));
    CHECK(output::stat_name_problem("str12"));
    CHECK(output::stat_name_problem("with"));
    CHECK(output::stat_name_problem("to"));
    CHECK(output::stat_name_problem("By"));
    CHECK(output::stat_name_problem("año"));
    CHECK_FALSE(output::stat_name_problem("_x1"));
}

TEST_CASE("labels are cut to 80 characters, counting UTF-8 characters")
{
    CHECK(output::cut_label("short") == "short");
    const std::string eighty(80, 'x');
    CHECK(output::cut_label(eighty) == eighty);
    CHECK(output::cut_label(eighty + "y") == std::string(79, 'x') + "\u2026");
    std::string accents;
    for (int i = 0; i < 80; ++i) {
        accents += "\u00e1";
    }
    CHECK(output::cut_label(accents) == accents);
    CHECK(output::cut_label(accents + "b").size() == 79 * 2 + 3);
}

TEST_CASE("days since 1970 for Stata and SPSS dates")
{
    CHECK(days_since_1970(1970, 1, 1) == 0);
    CHECK(days_since_1970(1969, 12, 31) == -1);
    CHECK(days_since_1970(1960, 1, 1) == -3653);
    CHECK(days_since_1970(2000, 3, 1) == 11017);
    CHECK(days_since_1970(2020, 2, 29) == 18321);
    CHECK(days_since_1970(1582, 10, 14) == -141428);
}

TEST_CASE("the stream to casebook-readstat reads back as written")
{
    std::string text;
    output::stat_wire::Writer out(text);
    out.text(output::stat_wire::greeting);
    out.text("");
    out.text(std::string("a\0b\n:s5", 8));
    out.integer(-42);
    out.missing();
    out.integer(2147483647);
    std::FILE* in = fmemopen(text.data(), text.size(), "r");
    REQUIRE(in != nullptr);
    output::stat_wire::Reader reader(in);
    CHECK(reader.text() == output::stat_wire::greeting);
    CHECK(reader.text().empty());
    CHECK(reader.text() == std::string("a\0b\n:s5", 8));
    CHECK(reader.integer() == -42);
    CHECK_FALSE(reader.integer_or_missing());
    CHECK(reader.integer_or_missing() == 2147483647);
    CHECK_THROWS(reader.text()); // the end
    std::fclose(in);

    std::string bad = "s9:short";
    std::FILE* cut = fmemopen(bad.data(), bad.size(), "r");
    output::stat_wire::Reader cut_reader(cut);
    CHECK_THROWS(cut_reader.text());
    std::fclose(cut);
    std::string wrong = "i12;";
    std::FILE* other = fmemopen(wrong.data(), wrong.size(), "r");
    output::stat_wire::Reader other_reader(other);
    CHECK_THROWS(other_reader.text());
    std::fclose(other);
}
