#include "analysis/summary.hpp"

#include <sstream>

#include <fmt/format.h>

#include "util/countries.hpp"
#include "record/derive.hpp"
#include "util/terminal.hpp"
#include "json/record_access.hpp"

namespace casebook {

using namespace access;

namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ")
{
    std::string out;
    for (const std::string& p : parts) {
        if (!p.empty()) {
            out += (out.empty() ? "" : std::string(separator)) + p;
        }
    }
    return out;
}

std::string yes_no(const Json* obj, std::string_view key, std::string_view yes, std::string_view no)
{
    if (flag_is(obj, key, true)) {
        return std::string(yes);
    }
    if (flag_is(obj, key, false)) {
        return std::string(no);
    }
    return "";
}

std::string country(const std::optional<std::string>& code)
{
    return code ? country_name(*code) : "?";
}

std::size_t words(const std::string& text)
{
    std::istringstream in(text);
    std::size_t n = 0;
    for (std::string w; in >> w;) {
        ++n;
    }
    return n;
}

class Lines {
public:
    void add(std::string_view label, const std::string& text)
    {
        if (!text.empty()) {
            out_ += fmt::format("{:<11}{}\n", label, text);
        }
    }
    // More lines under the same label.
    void more(const std::string& text) { add("", text); }
    std::string str() const { return out_; }

private:
    std::string out_;
};

} // namespace

std::string case_summary(const StoredCase& stored)
{
    const Json& r = stored.doc;
    Lines lines;
    std::string head = fmt::format("{}  {}, revision {}", stored.id, text(&r, "status").value_or("draft"), stored.revision);

    const Json* person = member(&r, "person");
    std::vector<std::string> who;
    if (auto p = text(person, "pseudonym")) {
        who.push_back(*p + " (pseudonym)");
    }
    who.push_back(text(person, "sex").value_or(""));
    if (auto born = integer(person, "birth_year")) {
        who.push_back(fmt::format("born {}", *born));
    }
    if (auto age = integer(person, "age_at_flight")) {
        who.push_back(fmt::format("{} at flight", *age));
    }
    if (auto with = text(person, "traveled_with")) {
        who.push_back("traveled with " + *with);
    }
    lines.add("Person", join(who));

    const Json* origin = member(&r, "origin");
    if (auto code = text(origin, "country")) {
        lines.add("Origin", join({fmt::format("{} ({})", country_name(*code), *code), text(origin, "locality").value_or("")}));
    }
    const Json* recorded = member(&r, "recorded");
    lines.add("Recorded", join({text(recorded, "by") ? "by " + *text(recorded, "by") : "",
                                text(recorded, "date") ? "on " + *text(recorded, "date") : "",
                                text(recorded, "project") ? "project " + *text(recorded, "project") : ""}));

    const Json* flight = member(&r, "flight");
    std::string why = join(strings(member(flight, "reasons")));
    std::string from = join(strings(member(flight, "persecutors")));
    lines.add("Flight", join({text(flight, "date").value_or(""), why.empty() ? "" : "reasons: " + why,
                              from.empty() ? "" : "fled from: " + from},
                             "; "));
    std::string home_failures = join(strings(member(flight, "home_failures")));
    lines.add("At home", join({yes_no(flight, "sought_protection_at_home", "sought protection", "did not seek protection"),
                               home_failures.empty() ? "" : "failures: " + home_failures},
                              "; "));

    std::vector<std::string> route;
    std::vector<std::string> asylum_lines;
    std::vector<std::string> failure_lines;
    for (const Json& leg : elements(member(&r, "journey"))) {
        std::string name = country(text(&leg, "country"));
        std::string detail = join({text(&leg, "entered").value_or(""), text(&leg, "role").value_or(""),
                                   flag_is(&leg, "detained", true) ? "detained" : ""});
        route.push_back(detail.empty() ? name : fmt::format("{} ({})", name, detail));
        if (const Json* asylum = member(&leg, "asylum")) {
            asylum_lines.push_back(fmt::format(
                "{}: {}", name,
                join({yes_no(asylum, "fear_expressed", "fear expressed", "no fear expressed"),
                      yes_no(asylum, "sought", "applied", "did not apply"), text(asylum, "procedure").value_or(""),
                      join({text(asylum, "outcome").value_or(""), text(asylum, "decided").value_or("")}, " "),
                      yes_no(asylum, "represented", "represented", "not represented")})));
        }
        std::string failures = join(strings(member(&leg, "failures")));
        if (!failures.empty()) {
            failure_lines.push_back(fmt::format("{}: {}", name, failures));
        }
    }
    lines.add("Journey", join(route, " \u2192 "));
    for (std::size_t i = 0; i < asylum_lines.size(); ++i) {
        lines.add(i == 0 ? "Asylum" : "", asylum_lines[i]);
    }
    for (std::size_t i = 0; i < failure_lines.size(); ++i) {
        lines.add(i == 0 ? "Failures" : "", failure_lines[i]);
    }

    bool first = true;
    for (const Json& ret : elements(member(&r, "returns"))) {
        std::string line = join({text(&ret, "date").value_or(""),
                                 fmt::format("{} \u2192 {}", country(text(&ret, "from")), country(text(&ret, "to")))},
                                " ");
        line = join({line, text(&ret, "mechanism").value_or(""), flag_is(&ret, "pending_claim", true) ? "claim pending" : "",
                     flag_is(&ret, "unaccompanied_minor", true) ? "unaccompanied minor" : ""});
        lines.add(first ? "Returns" : "", line);
        first = false;
    }

    const Json* after = member(&r, "after_return");
    first = true;
    for (const Json& harm : elements(member(after, "harms"))) {
        std::string what = join({text(&harm, "date").value_or(""), text(&harm, "type").value_or("?"),
                                 text(&harm, "perpetrator") ? "by " + *text(&harm, "perpetrator") : ""},
                                " ");
        std::string sources = join(strings(member(&harm, "sources")));
        std::string detail = join({flag_is(&harm, "same_persecutor", true) ? "same persecutor" : "",
                                   text(&harm, "verification").value_or("not assessed"),
                                   sources.empty() ? "" : "sources " + sources});
        lines.add(first ? "Harms" : "", fmt::format("{} ({})", what, detail));
        first = false;
    }
    std::string situation = join(strings(member(after, "situation")));
    lines.add("Situation", join({situation, text(after, "last_contact") ? "last contact " + *text(after, "last_contact") : ""},
                                "; "));

    Derived derived = derive(r);
    lines.add("Outcome", fmt::format("{} (verified: {})", derived.outcome, derived.verified_outcome));
    lines.add("Flags", derived.flags.empty() ? "none" : join(derived.flags));

    std::vector<std::string> sources;
    for (const Json& s : elements(member(&r, "sources"))) {
        sources.push_back(join({text(&s, "id").value_or("?"), text(&s, "type").value_or(""), text(&s, "date").value_or("")}, " "));
    }
    lines.add("Sources", join(sources, "; "));
    const Json* consent = member(&r, "consent");
    lines.add("Consent", join({yes_no(consent, "obtained", "obtained", "not obtained"), text(consent, "scope").value_or(""),
                               text(consent, "date").value_or("")}));
    lines.add("Tags", join(strings(member(&r, "tags"))));
    for (const char* field : {"narrative", "notes"}) {
        if (auto t = text(&r, field)) {
            lines.add(field == std::string_view("narrative") ? "Narrative" : "Notes",
                      fmt::format("{} words (show --format json for the text)", words(*t)));
        }
    }
    return terminal_safe(head + "\n" + lines.str()); // stored text may hold terminal controls
}

} // namespace casebook
