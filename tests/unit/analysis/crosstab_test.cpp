// CrossTable and its disclosure controls: suppression leaves no visible count
// below N and no hidden number that an attacker's linear program (written here,
// with GLPK's API, apart from src/suppression.cpp) can narrow below the rule,
// checked on hundreds of random tables; rounding; shares.
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <glpk.h>

#include "analysis/crosstab.hpp"
#include "util/error.hpp"

using namespace casebook;

namespace {

analysis::Axis axis(std::string dim, std::size_t n, bool multi = false)
{
    analysis::Axis a;
    a.dim = std::move(dim);
    a.multi = multi;
    for (std::size_t i = 0; i < n; ++i) {
        a.labels.push_back(std::string(1, static_cast<char>('a' + i)));
    }
    return a;
}

analysis::CrossTable table_of(const std::vector<std::vector<long long>>& counts)
{
    analysis::CrossTable t = analysis::CrossTable::zeros(axis("rows", counts.size()), axis("cols", counts.front().size()));
    t.counts = counts;
    t.sum_totals();
    return t;
}

// The grid of true values with margins, as PublishedTable::grid lays them out.
std::vector<std::vector<long long>> truth(const analysis::CrossTable& t)
{
    const std::size_t R = t.rows.labels.size(), C = t.cols.labels.size();
    std::vector<std::vector<long long>> v(R + 1, std::vector<long long>(C + 1));
    for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t c = 0; c < C; ++c) {
            v[r][c] = t.counts[r][c];
        }
        v[r][C] = t.row_totals[r];
    }
    for (std::size_t c = 0; c < C; ++c) {
        v[R][c] = t.col_totals[c];
    }
    v[R][C] = t.total;
    return v;
}

// An attacker who knows every shown number and that each row and column adds
// up to its total: solves every line with exactly one unknown, repeatedly.
// Returns how many hidden numbers that works out.
std::size_t recovered_by_subtraction(const std::vector<std::vector<analysis::Hidden>>& pattern)
{
    const std::size_t R = pattern.size() - 1, C = pattern.front().size() - 1;
    std::vector<std::vector<bool>> known(R + 1, std::vector<bool>(C + 1));
    for (std::size_t r = 0; r <= R; ++r) {
        for (std::size_t c = 0; c <= C; ++c) {
            known[r][c] = pattern[r][c] == analysis::Hidden::no;
        }
    }
    std::size_t recovered = 0;
    bool progress = true;
    while (progress) {
        progress = false;
        for (std::size_t r = 0; r <= R; ++r) {
            std::size_t unknown = 0, at = 0;
            for (std::size_t c = 0; c <= C; ++c) {
                if (!known[r][c]) {
                    ++unknown;
                    at = c;
                }
            }
            if (unknown == 1) {
                known[r][at] = true;
                ++recovered;
                progress = true;
            }
        }
        for (std::size_t c = 0; c <= C; ++c) {
            std::size_t unknown = 0, at = 0;
            for (std::size_t r = 0; r <= R; ++r) {
                if (!known[r][c]) {
                    ++unknown;
                    at = r;
                }
            }
            if (unknown == 1) {
                known[at][c] = true;
                ++recovered;
                progress = true;
            }
        }
    }
    return recovered;
}

analysis::Controls suppress(long long n, analysis::HiddenMark mark = analysis::HiddenMark::alike)
{
    analysis::Controls c;
    c.suppress = n;
    c.mark = mark;
    return c;
}

// The attacker's least and greatest value of entry (r, c) of a two-way table of
// single-valued dimensions: every shown number fixed, every line adding up to
// its total, a hidden number 1 or more (zeros are shown), and under the <N mark
// <N = 1..N-1 and x >= N. Upper empty: unbounded.
std::pair<double, std::optional<double>> attack(const std::vector<std::vector<long long>>& values,
                                                const std::vector<std::vector<analysis::Hidden>>& pattern, std::size_t r,
                                                std::size_t c, long long n, analysis::HiddenMark mark)
{
    const int R = static_cast<int>(values.size()) - 1, C = static_cast<int>(values.front().size()) - 1;
    auto col = [&](int i, int j) { return i * (C + 1) + j + 1; };
    glp_prob* lp = glp_create_prob();
    glp_add_cols(lp, (R + 1) * (C + 1));
    for (int i = 0; i <= R; ++i) {
        for (int j = 0; j <= C; ++j) {
            analysis::Hidden h = pattern[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
            double v = static_cast<double>(values[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
            if (h == analysis::Hidden::no) {
                glp_set_col_bnds(lp, col(i, j), GLP_FX, v, v);
            } else if (mark == analysis::HiddenMark::below_n && h == analysis::Hidden::primary) {
                glp_set_col_bnds(lp, col(i, j), GLP_DB, 1, static_cast<double>(n - 1));
            } else {
                glp_set_col_bnds(lp, col(i, j), GLP_LO, mark == analysis::HiddenMark::below_n ? static_cast<double>(n) : 1, 0);
            }
        }
    }
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    int row = 0;
    auto add_line = [&](std::vector<int> parts, int total) {
        ++row;
        glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, row, GLP_FX, 0, 0);
        for (int p : parts) {
            ia.push_back(row), ja.push_back(p), ar.push_back(1);
        }
        ia.push_back(row), ja.push_back(total), ar.push_back(-1);
    };
    for (int i = 0; i <= R; ++i) {
        std::vector<int> parts;
        for (int j = 0; j < C; ++j) {
            parts.push_back(col(i, j));
        }
        add_line(parts, col(i, C));
    }
    for (int j = 0; j <= C; ++j) {
        std::vector<int> parts;
        for (int i = 0; i < R; ++i) {
            parts.push_back(col(i, j));
        }
        add_line(parts, col(R, j));
    }
    glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
    glp_set_obj_coef(lp, col(static_cast<int>(r), static_cast<int>(c)), 1);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    glp_set_obj_dir(lp, GLP_MIN);
    REQUIRE(glp_simplex(lp, &parm) == 0);
    REQUIRE(glp_get_status(lp) == GLP_OPT);
    double low = glp_get_obj_val(lp);
    glp_set_obj_dir(lp, GLP_MAX);
    int rc = glp_simplex(lp, &parm);
    std::optional<double> high;
    if (rc == 0 && glp_get_status(lp) == GLP_OPT) {
        high = glp_get_obj_val(lp);
    }
    glp_delete_prob(lp);
    return {low, high};
}

} // namespace

TEST_CASE("round_to rounds to the nearest multiple, halves up")
{
    CHECK(analysis::round_to(0, 5) == 0);
    CHECK(analysis::round_to(1, 5) == 0);
    CHECK(analysis::round_to(2, 5) == 0);
    CHECK(analysis::round_to(3, 5) == 5);
    CHECK(analysis::round_to(7, 5) == 5);
    CHECK(analysis::round_to(8, 5) == 10);
    CHECK(analysis::round_to(12, 5) == 10);
    CHECK(analysis::round_to(13, 5) == 15);
    CHECK(analysis::round_to(5, 10) == 10);
    CHECK(analysis::round_to(4, 10) == 0);
    CHECK(analysis::round_to(15, 10) == 20);
    CHECK(analysis::round_to(1234, 1) == 1234);
    CHECK(analysis::round_to(1234, 0) == 1234);
}

TEST_CASE("parse_percent takes row, col, total, none")
{
    CHECK(analysis::parse_percent("row") == analysis::Percent::row);
    CHECK(analysis::parse_percent("col") == analysis::Percent::col);
    CHECK(analysis::parse_percent("total") == analysis::Percent::total);
    CHECK(analysis::parse_percent("none") == analysis::Percent::none);
    CHECK_THROWS_AS(analysis::parse_percent("rows"), Error);
}

TEST_CASE("a single small cell in a 2x2 table hides the whole rectangle, not the totals")
{
    auto p = analysis::suppression_pattern(table_of({{1, 10}, {10, 10}}), suppress(5));
    CHECK(p[0][0] == analysis::Hidden::primary);
    CHECK(p[0][1] == analysis::Hidden::secondary);
    CHECK(p[1][0] == analysis::Hidden::secondary);
    CHECK(p[1][1] == analysis::Hidden::secondary);
    CHECK(p[0][2] == analysis::Hidden::no);
    CHECK(p[1][2] == analysis::Hidden::no);
    CHECK(p[2][0] == analysis::Hidden::no);
    CHECK(p[2][1] == analysis::Hidden::no);
    CHECK(p[2][2] == analysis::Hidden::no);
}

TEST_CASE("small totals are suppressed too")
{
    // Row 0 adds up to 3 < 5: its cells and its total are all primary.
    auto p = analysis::suppression_pattern(table_of({{1, 2, 0}, {9, 8, 7}}), suppress(5));
    CHECK(p[0][0] == analysis::Hidden::primary);
    CHECK(p[0][1] == analysis::Hidden::primary);
    CHECK(p[0][2] == analysis::Hidden::no); // a zero stays visible
    CHECK(p[0][3] == analysis::Hidden::primary);
    CHECK(recovered_by_subtraction(p) == 0);
}

TEST_CASE("a one-way table protects a lone small count with another row")
{
    analysis::CrossTable t = analysis::CrossTable::zeros(axis("origin", 3), analysis::Axis{});
    REQUIRE(t.one_way());
    REQUIRE(t.cols.labels == std::vector<std::string>{"cases"});
    t.counts = {{1}, {7}, {9}};
    t.sum_totals();
    analysis::PublishedTable p = analysis::publish(t, suppress(5));
    // All hidden numbers look alike; the 7 moves with the 1.
    CHECK(analysis::display_count(p.cell(0, 0), p.controls) == "x");
    CHECK(analysis::display_count(p.cell(1, 0), p.controls) == "x");
    CHECK(analysis::display_count(p.cell(2, 0), p.controls) == "9");
    CHECK(analysis::display_count(p.col_total(0), p.controls) == "17");
    CHECK(p.cell(0, 0).hidden == analysis::Hidden::primary);
    CHECK(p.cell(1, 0).hidden == analysis::Hidden::secondary);
    // The attacker knows 1 + 7 = 8, each 1 or more: 1..7 each, 7 wide.
    CHECK(p.cell(0, 0).interval.lower == 1);
    CHECK(p.cell(0, 0).interval.upper == 7);
    CHECK(p.cell(0, 0).interval.protected_);
    analysis::PublishedTable below = analysis::publish(t, suppress(5, analysis::HiddenMark::below_n));
    CHECK(analysis::display_count(below.cell(0, 0), below.controls) == "<5");
    CHECK(analysis::display_count(below.cell(1, 0), below.controls) == "x");
    CHECK(recovered_by_subtraction(analysis::suppression_pattern(t, suppress(5))) == 0);
}

TEST_CASE("suppression of random tables: nothing below N shows, no attacker's LP narrows a hidden number")
{
    std::mt19937 rng(20171);
    std::uniform_int_distribution<int> size(1, 7);
    std::discrete_distribution<int> kind({3, 4, 3}); // zero, small, larger
    std::uniform_int_distribution<long long> small(1, 9), large(10, 60);
    const long long limits[] = {2, 3, 5, 10};
    std::size_t tables_with_secondary = 0;
    for (int round = 0; round < 400; ++round) {
        std::vector<std::vector<long long>> counts(static_cast<std::size_t>(size(rng)),
                                                   std::vector<long long>(static_cast<std::size_t>(size(rng))));
        for (auto& line : counts) {
            for (long long& v : line) {
                int k = kind(rng);
                v = k == 0 ? 0 : k == 1 ? small(rng) : large(rng);
            }
        }
        analysis::CrossTable t = table_of(counts);
        const long long n = limits[round % 4];
        const analysis::HiddenMark mark = round % 8 < 4 || n < 3 ? analysis::HiddenMark::alike : analysis::HiddenMark::below_n;
        analysis::PublishedTable p = analysis::publish(t, suppress(n, mark));
        auto values = truth(t);
        auto pattern = analysis::suppression_pattern(t, suppress(n, mark));
        bool below_refused = false;
        INFO("round " << round << ", N = " << n << (mark == analysis::HiddenMark::below_n ? ", <N" : ", x"));
        for (std::size_t r = 0; r < values.size(); ++r) {
            for (std::size_t c = 0; c < values[r].size(); ++c) {
                const analysis::Shown& s = p.grid[r][c];
                if (s.hidden == analysis::Hidden::no) {
                    // No visible count below N (zeros are not disclosive).
                    CHECK((s.count == 0 || s.count >= n));
                    CHECK(s.count == values[r][c]);
                } else {
                    CHECK(values[r][c] != 0); // never hide a zero
                    CHECK(s.hidden == (values[r][c] < n ? analysis::Hidden::primary : analysis::Hidden::secondary));
                    auto [low, high] = attack(values, pattern, r, c, n, mark);
                    INFO("entry " << r << "," << c << " = " << values[r][c] << ": " << low << ".."
                                  << (high ? std::to_string(*high) : "inf"));
                    if (s.hidden == analysis::Hidden::secondary) {
                        CHECK((!high || *high - low >= 1 - 1e-6)); // never a single value
                    } else if (mark == analysis::HiddenMark::alike) {
                        CHECK((!high || *high - low >= static_cast<double>(n) - 1e-6)); // at least N wide
                    } else if (s.interval.protected_) {
                        CHECK(low == Approx(1)); // all of 1..N-1
                        CHECK((high && *high == Approx(static_cast<double>(n - 1))));
                    } else {
                        // <N marks can give a count away by themselves: such a table is refused.
                        below_refused = true;
                    }
                    // The audit says what the attacker finds.
                    CHECK(s.interval.lower == Approx(low));
                    CHECK(s.interval.upper.has_value() == high.has_value());
                    CHECK((s.interval.protected_ || mark == analysis::HiddenMark::below_n));
                }
                CHECK(pattern[r][c] == s.hidden);
            }
        }
        if (below_refused) {
            CHECK_THROWS_AS(analysis::refuse_unprotected({p}), Error);
        } else {
            CHECK_NOTHROW(analysis::refuse_unprotected({p}));
            // Every row and column of the grid has no hidden number or at least two,
            // and no chain of subtractions recovers anything.
            for (std::size_t r = 0; r < values.size(); ++r) {
                std::size_t k = 0;
                for (const analysis::Shown& s : p.grid[r]) {
                    k += s.hidden != analysis::Hidden::no ? 1 : 0;
                }
                CHECK(k != 1);
            }
            for (std::size_t c = 0; c < values.front().size(); ++c) {
                std::size_t k = 0;
                for (const auto& line : p.grid) {
                    k += line[c].hidden != analysis::Hidden::no ? 1 : 0;
                }
                CHECK(k != 1);
            }
            CHECK(recovered_by_subtraction(pattern) == 0);
        }
        tables_with_secondary += p.hidden_count(analysis::Hidden::secondary) > 0 ? 1 : 0;
    }
    CHECK(tables_with_secondary > 100); // the test exercises secondary suppression
}

TEST_CASE("multi-valued columns: totals are counts of cases, and a lone hidden cell is still covered")
{
    // Row a: 7 cases, 3 have value x and none of the others. Hiding 3 alone
    // would leave the row with one hidden entry.
    analysis::CrossTable t = analysis::CrossTable::zeros(axis("origin", 2), axis("flag", 3, true));
    t.counts = {{3, 0, 0}, {6, 8, 9}};
    t.row_totals = {7, 12};
    t.col_totals = {9, 8, 9};
    t.total = 19;
    analysis::PublishedTable p = analysis::publish(t, suppress(5));
    CHECK(p.cell(0, 0).hidden == analysis::Hidden::primary);
    // The row's 7 cases bound it (a flag is had by at most every case of its row),
    // and column a adds up (origin is single-valued): 1..7 with the 6 beside it hidden.
    CHECK(p.cell(1, 0).hidden == analysis::Hidden::secondary);
    CHECK(p.row_total(0).hidden == analysis::Hidden::no);
    CHECK(p.cell(0, 0).interval.lower == 1);
    CHECK(p.cell(0, 0).interval.upper == 7);
    CHECK(p.cell(0, 0).interval.protected_);
}

TEST_CASE("publish: rounding applies to shown numbers, shares come from shown numbers")
{
    analysis::CrossTable t = table_of({{12, 8}, {3, 27}});
    SECTION("rounding only")
    {
        analysis::Controls c;
        c.percent = analysis::Percent::row;
        c.round = 5;
        analysis::PublishedTable p = analysis::publish(t, c);
        CHECK(p.cell(0, 0).count == 10);
        CHECK(p.cell(0, 1).count == 10);
        CHECK(p.row_total(0).count == 20);
        CHECK(p.cell(1, 0).count == 5);
        CHECK(p.cell(1, 1).count == 25);
        CHECK(p.row_total(1).count == 30);
        CHECK(p.total().count == 50);
        REQUIRE(p.cell(0, 0).percent.has_value());
        CHECK(*p.cell(0, 0).percent == Approx(50.0));
        CHECK(analysis::display_percent(*p.cell(1, 0).percent) == "16.7");
        CHECK(p.hidden_count(analysis::Hidden::primary) == 0);
        REQUIRE(p.footnotes.size() >= 2);
        CHECK(p.footnotes[0].find("rounded to the nearest 5") != std::string::npos);
    }
    SECTION("suppression hides shares of hidden counts")
    {
        analysis::Controls c = suppress(5, analysis::HiddenMark::below_n);
        c.percent = analysis::Percent::col;
        analysis::PublishedTable p = analysis::publish(t, c);
        CHECK(p.cell(1, 0).hidden == analysis::Hidden::primary);
        CHECK_FALSE(p.cell(1, 0).percent.has_value());
        CHECK_FALSE(p.cell(0, 0).percent.has_value()); // secondary
        CHECK(p.col_total(0).percent.has_value());
        CHECK(p.footnotes.front().rfind("Counts from 1 to 4 are shown as <5; 3 other numbers, chosen by a "
                                        "linear program, are hidden as x.", 0) == 0);
    }
    SECTION("no controls: the counts as they are")
    {
        analysis::PublishedTable p = analysis::publish(t, {});
        CHECK(p.cell(1, 0).count == 3);
        CHECK(p.total().count == 50);
        CHECK(p.footnotes.empty());
        CHECK_FALSE(p.cell(0, 0).percent.has_value());
    }
}

TEST_CASE("drop_empty removes rows and columns without cases")
{
    analysis::CrossTable t = table_of({{0, 0, 0}, {1, 0, 2}});
    analysis::CrossTable d = analysis::drop_empty(t);
    CHECK(d.rows.labels == std::vector<std::string>{"b"});
    CHECK(d.cols.labels == std::vector<std::string>{"a", "c"});
    CHECK(d.counts == std::vector<std::vector<long long>>{{1, 2}});
    CHECK(d.row_totals == std::vector<long long>{3});
    CHECK(d.col_totals == std::vector<long long>{1, 2});
    CHECK(d.total == 3);
}
