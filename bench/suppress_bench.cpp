// The suppression solver on a 60 x 20 table of 1M cases (issue 17's target:
// under a second). A 1M import takes minutes on a shared machine, so the table
// is made here with the shape such a table has: 60 countries whose sizes fall
// off like return data (a few with most cases, a long tail of small ones),
// 20 columns with unequal shares, counts drawn around those shares, so the
// small countries have many cells from 1 to N-1.
//
//   build/suppress_bench [N] [RUNS]      (default N = 5, 5 runs)
//
// Prints the primary and complementary cells, the linear programs solved, and
// the median wall time of publish() (protection and audit).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "analysis/crosstab.hpp"

using namespace casebook::analysis;

int main(int argc, char** argv)
{
    const long long n = argc > 1 ? std::atoll(argv[1]) : 5;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    std::mt19937 rng(17);
    const std::size_t R = 60, C = 20;
    std::vector<double> row_share(R), col_share(C);
    for (std::size_t r = 0; r < R; ++r) {
        row_share[r] = 1.0 / std::pow(static_cast<double>(r + 1), 1.6); // Zipf-like: the 60th country has ~0.05%
    }
    for (std::size_t c = 0; c < C; ++c) {
        col_share[c] = 1.0 / std::pow(static_cast<double>(c + 1), 1.2);
    }
    double rs = 0, cs = 0;
    for (double v : row_share) {
        rs += v;
    }
    for (double v : col_share) {
        cs += v;
    }
    CrossTable t;
    t.rows.dim = "origin";
    t.cols.dim = "outcome";
    for (std::size_t r = 0; r < R; ++r) {
        t.rows.labels.push_back("R" + std::to_string(r));
    }
    for (std::size_t c = 0; c < C; ++c) {
        t.cols.labels.push_back("C" + std::to_string(c));
    }
    t = CrossTable::zeros(t.rows, t.cols);
    for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t c = 0; c < C; ++c) {
            double mean = 1e6 * row_share[r] / rs * col_share[c] / cs;
            std::poisson_distribution<long long> draw(mean);
            t.counts[r][c] = draw(rng);
        }
    }
    t.sum_totals();
    Controls controls;
    controls.suppress = n;
    std::vector<double> times;
    PublishedTable p;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        p = publish(t, controls);
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    std::size_t unprotected = 0;
    for (const auto& line : p.grid) {
        for (const Shown& s : line) {
            unprotected += s.hidden != Hidden::no && !s.interval.protected_ ? 1 : 0;
        }
    }
    std::printf("table 60 x 20, %lld cases, --suppress %lld: %zu primary, %zu complementary, %zu linear programs, "
                "%zu unprotected; median %.1f ms (min %.1f, max %.1f) over %d runs\n",
                t.total, n, p.hidden_count(Hidden::primary), p.hidden_count(Hidden::secondary), last_linear_programs(),
                unprotected, 1000 * times[times.size() / 2], 1000 * times.front(), 1000 * times.back(), runs);
    return unprotected == 0 ? 0 : 1;
}
