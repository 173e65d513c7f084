#include "analysis/suppression.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <glpk.h>

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

namespace {

constexpr double eps = 1e-7;

struct ProbDeleter {
    void operator()(glp_prob* p) const { glp_delete_prob(p); }
};
using Prob = std::unique_ptr<glp_prob, ProbDeleter>;

// GLPK's 1-based sparse matrix of the relations, over `copies` blocks of
// columns (the attacker's program has one column per number, the protection
// program two: a move up and a move down, the second with the opposite sign).
void load_relations(glp_prob* lp, const ProtectionProblem& problem, int copies)
{
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    const int n = static_cast<int>(problem.variables.size());
    for (std::size_t k = 0; k < problem.relations.size(); ++k) {
        for (const auto& [var, coef] : problem.relations[k].terms) {
            for (int copy = 0; copy < copies; ++copy) {
                ia.push_back(static_cast<int>(k) + 1);
                ja.push_back(copy * n + static_cast<int>(var) + 1);
                ar.push_back(copy == 0 ? coef : -coef);
            }
        }
    }
    glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
}

// Solves lp (warm-started from its last basis); false when the optimum is
// unbounded or (infeasible_ok) there is no feasible solution.
bool solve(glp_prob* lp, std::size_t& count, bool infeasible_ok = false)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    ++count;
    int rc = glp_simplex(lp, &parm);
    if (rc != 0) {
        // A singular warm basis: start again from a fresh one.
        glp_adv_basis(lp, 0);
        rc = glp_simplex(lp, &parm);
    }
    if (rc != 0) {
        throw Error(Exit::io, say("the suppression solver (GLPK) failed (code {})", rc));
    }
    int status = glp_get_status(lp);
    if (status == GLP_UNBND || (infeasible_ok && status == GLP_NOFEAS)) {
        return false;
    }
    if (status != GLP_OPT) {
        throw Error(Exit::io, say("the suppression solver (GLPK) found no optimum (status {})", status));
    }
    return true;
}

// What the display of a number tells an attacker about it.
struct Bounds {
    double lower;
    std::optional<double> upper; // empty: unbounded
};

Bounds display_bounds(const ProtectionProblem& p, std::size_t i, Protection status)
{
    const double zero_or_one = p.suppress_zeros ? 0.0 : 1.0;
    const double n = static_cast<double>(p.threshold);
    switch (status) {
    case Protection::shown:
        return {static_cast<double>(p.variables[i].count), static_cast<double>(p.variables[i].count)};
    case Protection::primary:
        // Every hidden number is 1 or more when zeros are shown; "<N" says at most N-1.
        if (p.mark == HiddenMark::below_n) {
            return {zero_or_one, n - 1};
        }
        return {zero_or_one, std::nullopt};
    case Protection::complementary:
        // Under the <N display, an x is known not to be small.
        if (p.mark == HiddenMark::below_n) {
            return {n, std::nullopt};
        }
        return {zero_or_one, std::nullopt};
    }
    return {0, std::nullopt};
}

// The width the rule requires of a hidden number.
double required_width(const ProtectionProblem& p, std::size_t i, Protection status)
{
    if (status == Protection::complementary) {
        return 1;
    }
    if (p.mark == HiddenMark::below_n) {
        Bounds b = display_bounds(p, i, status);
        return *b.upper - b.lower;
    }
    return static_cast<double>(p.threshold);
}

// The attacker's linear program, kept between solves so that each starts from the last basis.
class Attacker {
public:
    explicit Attacker(const ProtectionProblem& problem) : p_(problem), lp_(glp_create_prob())
    {
        const int n = static_cast<int>(p_.variables.size());
        glp_add_cols(lp_.get(), n);
        glp_add_rows(lp_.get(), static_cast<int>(p_.relations.size()));
        for (std::size_t k = 0; k < p_.relations.size(); ++k) {
            int type = p_.relations[k].kind == Relation::Kind::equal ? GLP_FX : GLP_UP;
            glp_set_row_bnds(lp_.get(), static_cast<int>(k) + 1, type, 0, 0);
        }
        load_relations(lp_.get(), p_, 1);
    }

    void set_status(const std::vector<Protection>& status)
    {
        for (std::size_t i = 0; i < status.size(); ++i) {
            Bounds b = display_bounds(p_, i, status[i]);
            int col = static_cast<int>(i) + 1;
            if (!b.upper) {
                glp_set_col_bnds(lp_.get(), col, GLP_LO, b.lower, 0);
            } else if (*b.upper - b.lower < eps) {
                glp_set_col_bnds(lp_.get(), col, GLP_FX, b.lower, b.lower);
            } else {
                glp_set_col_bnds(lp_.get(), col, GLP_DB, b.lower, *b.upper);
            }
        }
    }

    Interval interval(std::size_t i, std::size_t& count)
    {
        int col = static_cast<int>(i) + 1;
        glp_set_obj_coef(lp_.get(), col, 1);
        Interval out;
        glp_set_obj_dir(lp_.get(), GLP_MIN);
        solve(lp_.get(), count);
        out.lower = glp_get_obj_val(lp_.get());
        glp_set_obj_dir(lp_.get(), GLP_MAX);
        if (solve(lp_.get(), count)) {
            out.upper = glp_get_obj_val(lp_.get());
        }
        glp_set_obj_coef(lp_.get(), col, 0);
        // GLPK's answers are exact up to rounding: counts are whole numbers.
        out.lower = std::round(out.lower * 1e6) / 1e6;
        if (out.upper) {
            out.upper = std::round(*out.upper * 1e6) / 1e6;
        }
        return out;
    }

private:
    const ProtectionProblem& p_;
    Prob lp_;
};

// The protection program: the cheapest move of one number, through numbers an
// attacker cannot see, that keeps every relation true.
class Protector {
public:
    explicit Protector(const ProtectionProblem& problem) : p_(problem), lp_(glp_create_prob())
    {
        const int n = static_cast<int>(p_.variables.size());
        glp_add_cols(lp_.get(), 2 * n);
        glp_add_rows(lp_.get(), static_cast<int>(p_.relations.size()));
        glp_set_obj_dir(lp_.get(), GLP_MIN);
        for (std::size_t k = 0; k < p_.relations.size(); ++k) {
            const Relation& r = p_.relations[k];
            if (r.kind == Relation::Kind::equal) {
                glp_set_row_bnds(lp_.get(), static_cast<int>(k) + 1, GLP_FX, 0, 0);
            } else {
                // The move may use the relation's slack, no more.
                double slack = 0;
                for (const auto& [var, coef] : r.terms) {
                    slack -= coef * static_cast<double>(p_.variables[var].count);
                }
                glp_set_row_bnds(lp_.get(), static_cast<int>(k) + 1, GLP_UP, 0, slack);
            }
        }
        load_relations(lp_.get(), p_, 2);
        long long grand = 0;
        for (const Variable& v : p_.variables) {
            grand = std::max(grand, v.count);
        }
        scale_ = static_cast<double>(grand) + 1;
    }

    // Moves number `target` by `amount` (up when positive), and returns the
    // shown numbers the move goes through.
    std::vector<std::size_t> move(std::size_t target, double amount, const std::vector<Protection>& status,
                                  std::size_t& count)
    {
        const std::size_t n = p_.variables.size();
        for (std::size_t i = 0; i < n; ++i) {
            const bool hidden = status[i] != Protection::shown;
            // A shown number could become complementary only if the display allows it
            // (a zero is never hidden unless zeros are).
            const bool candidate = !hidden && (p_.variables[i].count > 0 || p_.suppress_zeros);
            const Protection as = hidden ? status[i] : Protection::complementary;
            Bounds b = display_bounds(p_, i, as);
            double a = static_cast<double>(p_.variables[i].count);
            double up = !hidden && !candidate ? 0 : b.upper ? std::max(0.0, *b.upper - a) : -1;
            double down = !hidden && !candidate ? 0 : std::max(0.0, a - b.lower);
            if (i == target) {
                up = amount > 0 ? amount : 0;
                down = amount < 0 ? -amount : 0;
            }
            set_capacity(static_cast<int>(i) + 1, up, i == target && amount > 0);
            set_capacity(static_cast<int>(n + i) + 1, down, i == target && amount < 0);
            double cost = hidden ? 0 : (p_.variables[i].is_total ? 4.0 : 1.0) + a / scale_;
            glp_set_obj_coef(lp_.get(), static_cast<int>(i) + 1, cost);
            glp_set_obj_coef(lp_.get(), static_cast<int>(n + i) + 1, cost);
        }
        if (!solve(lp_.get(), count, true)) {
            // No move of that size exists whatever is hidden (under <N marks, a
            // line whose total is itself <N): the audit reports the number as
            // unprotected.
            return {};
        }
        std::vector<std::size_t> through;
        for (std::size_t i = 0; i < n; ++i) {
            if (status[i] != Protection::shown) {
                continue;
            }
            double used = glp_get_col_prim(lp_.get(), static_cast<int>(i) + 1) +
                          glp_get_col_prim(lp_.get(), static_cast<int>(n + i) + 1);
            if (used > eps) {
                through.push_back(i);
            }
        }
        return through;
    }

private:
    // cap < 0: unbounded; fixed: exactly cap.
    void set_capacity(int col, double cap, bool fixed)
    {
        if (fixed) {
            glp_set_col_bnds(lp_.get(), col, GLP_FX, cap, cap);
        } else if (cap < 0) {
            glp_set_col_bnds(lp_.get(), col, GLP_LO, 0, 0);
        } else if (cap < eps) {
            glp_set_col_bnds(lp_.get(), col, GLP_FX, 0, 0);
        } else {
            glp_set_col_bnds(lp_.get(), col, GLP_DB, 0, cap);
        }
    }

    const ProtectionProblem& p_;
    Prob lp_;
    double scale_ = 1;
};

bool has_width(const Interval& in)
{
    return !in.upper || *in.upper - in.lower >= in.required - eps;
}

} // namespace

std::vector<Interval> attacker_intervals(const ProtectionProblem& problem, const std::vector<Protection>& status,
                                         std::size_t* linear_programs)
{
    std::size_t count = 0;
    std::vector<Interval> out(status.size());
    Attacker attacker(problem);
    attacker.set_status(status);
    for (std::size_t i = 0; i < status.size(); ++i) {
        if (status[i] == Protection::shown) {
            continue;
        }
        out[i] = attacker.interval(i, count);
        out[i].required = required_width(problem, i, status[i]);
        out[i].protected_ = has_width(out[i]);
    }
    if (linear_programs != nullptr) {
        *linear_programs += count;
    }
    return out;
}

ProtectionResult protect(const ProtectionProblem& problem)
{
    ProtectionResult result;
    const std::size_t n = problem.variables.size();
    result.status.assign(n, Protection::shown);
    if (problem.threshold <= 1) {
        result.intervals.assign(n, Interval{});
        return result;
    }
    std::deque<std::size_t> queue;
    for (std::size_t i = 0; i < n; ++i) {
        long long v = problem.variables[i].count;
        if ((v > 0 || problem.suppress_zeros) && v < problem.threshold) {
            result.status[i] = Protection::primary;
            queue.push_back(i);
        }
    }
    if (!queue.empty()) {
        Attacker attacker(problem);
        Protector protector(problem);
        attacker.set_status(result.status);
        while (!queue.empty()) {
            std::size_t i = queue.front();
            queue.pop_front();
            Interval in = attacker.interval(i, result.linear_programs);
            const double need = required_width(problem, i, result.status[i]);
            if (!in.upper || *in.upper - in.lower >= need - eps) {
                continue;
            }
            // How far up and down the number must be able to move.
            const double a = static_cast<double>(problem.variables[i].count);
            Bounds b = display_bounds(problem, i, result.status[i]);
            double down = problem.mark == HiddenMark::below_n || result.status[i] == Protection::complementary
                              ? a - b.lower
                              : std::min(a - b.lower, std::floor(need / 2));
            if (result.status[i] == Protection::complementary) {
                down = 0;
            }
            double up = need - down;
            std::vector<std::size_t> added;
            if (*in.upper < a + up - eps) {
                added = protector.move(i, up, result.status, result.linear_programs);
            }
            for (std::size_t j : added) {
                result.status[j] = Protection::complementary;
            }
            if (down > eps && in.lower > a - down + eps) {
                std::vector<std::size_t> more = protector.move(i, -down, result.status, result.linear_programs);
                for (std::size_t j : more) {
                    result.status[j] = Protection::complementary;
                }
                added.insert(added.end(), more.begin(), more.end());
            }
            if (!added.empty()) {
                attacker.set_status(result.status);
                queue.insert(queue.end(), added.begin(), added.end());
            }
        }
    }
    result.intervals = attacker_intervals(problem, result.status, &result.linear_programs);
    return result;
}

} // namespace casebook::analysis
