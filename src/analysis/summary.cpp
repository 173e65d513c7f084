#include "analysis/summary.hpp"

#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "util/countries.hpp"
#include "record/derive.hpp"
#include "util/terminal.hpp"
#include "json/record_access.hpp"
#include "output/format.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

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

// Labelled lines; the text column starts after the widest label (11 at least).
class Lines {
public:
    void add(std::string_view label, const std::string& text)
    {
        if (!text.empty()) {
            lines_.emplace_back(label, text);
            width_ = std::max(width_, output::display_width(label) + 2);
        }
    }
    std::string str() const
    {
        std::string out;
        for (const auto& [label, text] : lines_) {
            out += label + std::string(width_ - output::display_width(label), ' ') + text + "\n";
        }
        return out;
    }

private:
    std::vector<std::pair<std::string, std::string>> lines_;
    std::size_t width_ = 11;
};

} // namespace

std::string case_summary(const store::StoredCase& stored)
{
    const Json& r = stored.doc;
    Lines lines;
    std::string head = say("{}  {}, revision {}", stored.id, text(&r, "status").value_or("draft"), stored.revision);

    const Json* person = member(&r, "person");
    std::vector<std::string> who;
    if (auto p = text(person, "pseudonym")) {
        who.push_back(say("{} (pseudonym)", *p));
    }
    who.push_back(text(person, "sex").value_or(""));
    if (auto born = integer(person, "birth_year")) {
        who.push_back(say("born {}", *born));
    }
    if (auto age = integer(person, "age_at_flight")) {
        who.push_back(say("{} at flight", *age));
    }
    if (auto with = text(person, "traveled_with")) {
        who.push_back(say("traveled with {}", *with));
    }
    lines.add(tr("Person"), join(who));

    const Json* origin = member(&r, "origin");
    if (auto code = text(origin, "country")) {
        lines.add(tr("Origin"), join({fmt::format("{} ({})", country_name(*code), *code), text(origin, "locality").value_or("")}));
    }
    const Json* recorded = member(&r, "recorded");
    lines.add(tr("Recorded"), join({text(recorded, "by") ? say("by {}", *text(recorded, "by")) : "",
                                    text(recorded, "date") ? say("on {}", *text(recorded, "date")) : "",
                                    text(recorded, "project") ? say("project {}", *text(recorded, "project")) : ""}));

    const Json* flight = member(&r, "flight");
    std::string why = join(strings(member(flight, "reasons")));
    std::string from = join(strings(member(flight, "persecutors")));
    lines.add(tr("Flight"), join({text(flight, "date").value_or(""), why.empty() ? "" : say("reasons: {}", why),
                                  from.empty() ? "" : say("fled from: {}", from)},
                                 "; "));
    std::string home_failures = join(strings(member(flight, "home_failures")));
    lines.add(tr("At home"), join({yes_no(flight, "sought_protection_at_home", tr("sought protection"), tr("did not seek protection")),
                                   home_failures.empty() ? "" : say("failures: {}", home_failures)},
                                  "; "));

    std::vector<std::string> route;
    std::vector<std::string> asylum_lines;
    std::vector<std::string> failure_lines;
    for (const Json& leg : elements(member(&r, "journey"))) {
        std::string name = country(text(&leg, "country"));
        std::string detail = join({text(&leg, "entered").value_or(""), text(&leg, "role").value_or(""),
                                   flag_is(&leg, "detained", true) ? tr("detained") : ""});
        route.push_back(detail.empty() ? name : fmt::format("{} ({})", name, detail));
        if (const Json* asylum = member(&leg, "asylum")) {
            asylum_lines.push_back(fmt::format(
                "{}: {}", name,
                join({yes_no(asylum, "fear_expressed", tr("fear expressed"), tr("no fear expressed")),
                      yes_no(asylum, "sought", tr("applied"), tr("did not apply")), text(asylum, "procedure").value_or(""),
                      join({text(asylum, "outcome").value_or(""), text(asylum, "decided").value_or("")}, " "),
                      yes_no(asylum, "represented", tr("represented"), tr("not represented"))})));
        }
        std::string failures = join(strings(member(&leg, "failures")));
        if (!failures.empty()) {
            failure_lines.push_back(fmt::format("{}: {}", name, failures));
        }
    }
    lines.add(tr("Journey"), join(route, " \u2192 "));
    for (std::size_t i = 0; i < asylum_lines.size(); ++i) {
        lines.add(i == 0 ? tr("Asylum") : "", asylum_lines[i]);
    }
    for (std::size_t i = 0; i < failure_lines.size(); ++i) {
        lines.add(i == 0 ? tr("Failures") : "", failure_lines[i]);
    }

    bool first = true;
    for (const Json& ret : elements(member(&r, "returns"))) {
        std::string line = join({text(&ret, "date").value_or(""),
                                 fmt::format("{} \u2192 {}", country(text(&ret, "from")), country(text(&ret, "to")))},
                                " ");
        line = join({line, text(&ret, "mechanism").value_or(""), flag_is(&ret, "pending_claim", true) ? tr("claim pending") : "",
                     flag_is(&ret, "unaccompanied_minor", true) ? tr("unaccompanied minor") : ""});
        lines.add(first ? tr("Returns") : "", line);
        first = false;
    }

    const Json* after = member(&r, "after_return");
    first = true;
    for (const Json& harm : elements(member(after, "harms"))) {
        std::string what = join({text(&harm, "date").value_or(""), text(&harm, "type").value_or("?"),
                                 text(&harm, "perpetrator") ? say("by {}", *text(&harm, "perpetrator")) : ""},
                                " ");
        std::string sources = join(strings(member(&harm, "sources")));
        std::string detail = join({flag_is(&harm, "same_persecutor", true) ? tr("same persecutor") : "",
                                   text(&harm, "verification").value_or(tr("not assessed")),
                                   sources.empty() ? "" : say("sources {}", sources)});
        lines.add(first ? tr("Harms") : "", fmt::format("{} ({})", what, detail));
        first = false;
    }
    std::string situation = join(strings(member(after, "situation")));
    lines.add(tr("Situation"),
              join({situation, text(after, "last_contact") ? say("last contact {}", *text(after, "last_contact")) : ""}, "; "));

    record::Derived derived = record::derive(r);
    lines.add(tr("Outcome"), say("{} (verified: {})", derived.outcome, derived.verified_outcome));
    lines.add(tr("Flags"), derived.flags.empty() ? tr("none") : join(derived.flags));

    std::vector<std::string> sources;
    for (const Json& s : elements(member(&r, "sources"))) {
        sources.push_back(join({text(&s, "id").value_or("?"), text(&s, "type").value_or(""), text(&s, "date").value_or("")}, " "));
    }
    lines.add(tr("Sources"), join(sources, "; "));
    const Json* consent = member(&r, "consent");
    lines.add(tr("Consent"), join({yes_no(consent, "obtained", tr("obtained"), tr("not obtained")),
                                   text(consent, "scope").value_or(""), text(consent, "date").value_or("")}));
    lines.add(tr("Tags"), join(strings(member(&r, "tags"))));
    for (const char* field : {"narrative", "notes"}) {
        if (auto t = text(&r, field)) {
            lines.add(field == std::string_view("narrative") ? tr("Narrative") : tr("Notes"),
                      say("{} words (show --format json for the text)", words(*t)));
        }
    }
    return terminal_safe(head + "\n" + lines.str()); // stored text may hold terminal controls
}

} // namespace casebook::analysis
