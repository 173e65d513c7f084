// valijson 1.0 (Debian 12) checks "pattern", "patternProperties" and the
// "format"s date, time and date-time with std::regex, which recurses once per
// character (a segfault on 100,000 of them) and backtracks without bound
// ("^(a+)+$" never ends), and no other format. It has no hook for another
// engine, so these explicit specialisations of its visitor's members route
// every such check through RE2 (util/pattern.hpp), and the other draft-07
// formats through schema/schema_formats.hpp, for the two adapters casebook
// validates with; and count the subschemas checked (casebook_re2::steps_left).
// Include this after valijson's headers, before any use of valijson::Validator,
// in the one translation unit that uses valijson (schema_valijson.cpp). The
// definitions are not inline on purpose: a strong symbol, so that the linker
// takes them over any implicit instantiation of the std::regex versions by
// another translation unit (a unit test that runs valijson itself).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include <re2/re2.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/adapters/std_string_adapter.hpp>
#include <valijson/validation_visitor.hpp>

#include "util/pattern.hpp"
#include "schema/schema_formats.hpp"

namespace valijson {

namespace casebook_re2 {

using ConstraintString = std::basic_string<char, std::char_traits<char>, internal::CustomAllocator<char>>;

// How much more work checking the record at hand may take (its caller sets
// it to max_steps, and back to no limit after): each subschema checked costs
// one step for each level it is below the top of the record, as valijson
// copies the path to it each time. A recursive schema that reaches itself
// twice at each level of a record (allOf, anyOf, properties with
// patternProperties) doubles the work per level: past max_steps the check
// stops with StepsExceeded, in seconds rather than years.
inline constexpr std::size_t no_step_limit = static_cast<std::size_t>(-1);
inline thread_local std::size_t steps_left = no_step_limit;
inline constexpr std::size_t max_steps = 10'000'000;
struct StepsExceeded {};

// RFC 3339 full-date, partial-time and date-time, as valijson's own regexes have them.
inline const RE2& date_re()
{
    static const RE2 re("([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])");
    return re;
}
inline const RE2& time_re()
{
    static const RE2 re("([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\\.[0-9]+)?(([Zz])|([\\+|\\-]([01][0-9]|2[0-3]):[0-5][0-9]))");
    return re;
}
inline const RE2& date_time_re()
{
    static const RE2 re("([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)"
                        "(\\.[0-9]+)?(([Zz])|([\\+|\\-]([01][0-9]|2[0-3]):[0-5][0-9]))");
    return re;
}

} // namespace casebook_re2

#define CASEBOOK_VALIJSON_RE2(Adapter)                                                                                  \
    template <>                                                                                                         \
    bool ValidationVisitor<Adapter>::validateSchema(const Subschema& subschema)                                         \
    {                                                                                                                   \
        if (casebook_re2::steps_left != casebook_re2::no_step_limit) {                                                  \
            const std::size_t cost = m_context.size();                                                                  \
            if (casebook_re2::steps_left < cost) {                                                                      \
                throw casebook_re2::StepsExceeded{};                                                                    \
            }                                                                                                           \
            casebook_re2::steps_left -= cost;                                                                           \
        }                                                                                                               \
        if (subschema.getAlwaysInvalid()) {                                                                             \
            return false;                                                                                               \
        }                                                                                                               \
        Subschema::ApplyFunction fn(std::bind(validationCallback, std::placeholders::_1, std::ref(*this)));             \
        return m_results == nullptr ? subschema.applyStrict(fn) : subschema.apply(fn);                                  \
    }                                                                                                                   \
                                                                                                                        \
    template <>                                                                                                         \
    bool ValidationVisitor<Adapter>::visit(const constraints::PatternConstraint& constraint)                     \
    {                                                                                                                   \
        if ((m_strictTypes && !m_target.isString()) || !m_target.maybeString()) {                                       \
            return true;                                                                                                \
        }                                                                                                               \
        const std::string pattern(constraint.getPattern<std::string::allocator_type>());                                \
        if (!casebook::shared_pattern(pattern).search(m_target.asString())) {                                           \
            if (m_results) {                                                                                            \
                m_results->pushError(m_context, "Failed to match regex specified by 'pattern' constraint.");            \
            }                                                                                                           \
            return false;                                                                                               \
        }                                                                                                               \
        return true;                                                                                                    \
    }                                                                                                                   \
                                                                                                                        \
    template <>                                                                                                         \
    bool ValidationVisitor<Adapter>::visit(const constraints::FormatConstraint& constraint)                      \
    {                                                                                                                   \
        if (!m_target.maybeString()) {                                                                                  \
            return true;                                                                                                \
        }                                                                                                               \
        const std::string s = m_target.asString();                                                                      \
        const std::string format = constraint.getFormat();                                                              \
        std::string year;                                                                                               \
        int month = 0, day = 0;                                                                                         \
        bool ok = true;                                                                                                 \
        const char* what = nullptr;                                                                                     \
        if (format == "date") {                                                                                         \
            ok = RE2::FullMatch(s, casebook_re2::date_re(), &year, &month, &day) && validate_date_range(month, day);    \
            what = "String should be a valid date";                                                                     \
        } else if (format == "time") {                                                                                  \
            ok = RE2::FullMatch(s, casebook_re2::time_re());                                                            \
            what = "String should be a valid time";                                                                     \
        } else if (format == "date-time") {                                                                             \
            ok = RE2::FullMatch(s, casebook_re2::date_time_re(), &year, &month, &day) &&                                \
                 validate_date_range(month, day);                                                                       \
            what = "String should be a valid date-time";                                                                \
        } else if (auto problem = casebook::format_problem(format, s)) {                                               \
            if (m_results) {                                                                                            \
                m_results->pushError(m_context, *problem);                                                              \
            }                                                                                                           \
            return false;                                                                                               \
        }                                                                                                               \
        if (!ok && m_results) {                                                                                         \
            m_results->pushError(m_context, what);                                                                      \
        }                                                                                                               \
        return ok;                                                                                                      \
    }                                                                                                                   \
                                                                                                                        \
    template <>                                                                                                         \
    template <>                                                                                                         \
    bool ValidationVisitor<Adapter>::ValidatePatternPropertySubschemas::operator()(                              \
        const casebook_re2::ConstraintString& patternProperty, const Subschema* subschema) const                        \
    {                                                                                                                   \
        const std::string patternPropertyStr(patternProperty.c_str());                                                  \
        const casebook::Pattern& r = casebook::shared_pattern(patternPropertyStr);                                      \
        bool matchFound = false;                                                                                        \
        for (const typename Adapter::ObjectMember m : m_object) {                                                       \
            if (!r.search(m.first)) {                                                                                   \
                continue;                                                                                               \
            }                                                                                                           \
            matchFound = true;                                                                                          \
            if (m_propertiesMatched) {                                                                                  \
                m_propertiesMatched->insert(m.first);                                                                   \
            }                                                                                                           \
            std::vector<std::string> newContext = m_context;                                                            \
            newContext.push_back("[" + m.first + "]");                                                                  \
            ValidationVisitor validator(m.second, newContext, m_strictTypes, m_results, m_regexesCache);                \
            if (validator.validateSchema(*subschema)) {                                                                 \
                continue;                                                                                               \
            }                                                                                                           \
            if (m_results) {                                                                                            \
                m_results->pushError(m_context,                                                                         \
                                     "Failed to validate against schema associated with pattern '" + patternPropertyStr + \
                                         "'.");                                                                         \
            }                                                                                                           \
            if (m_validated) {                                                                                          \
                *m_validated = false;                                                                                   \
            }                                                                                                           \
            if (!m_continueOnFailure) {                                                                                 \
                return false;                                                                                           \
            }                                                                                                           \
        }                                                                                                               \
        if (!matchFound && !m_continueIfUnmatched) {                                                                    \
            return false;                                                                                               \
        }                                                                                                               \
        return m_continueOnSuccess;                                                                                     \
    }

CASEBOOK_VALIJSON_RE2(adapters::NlohmannJsonAdapter)
CASEBOOK_VALIJSON_RE2(adapters::StdStringAdapter)

#undef CASEBOOK_VALIJSON_RE2

} // namespace valijson
