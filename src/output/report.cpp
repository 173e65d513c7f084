#include "output/report.hpp"

#include <fmt/format.h>

#include "util/i18n.hpp"

namespace casebook {

namespace {
// n in a message chosen for it ("{} records", through tr_plural).
std::string counted(std::size_t n, const char* message)
{
    return fmt::format(fmt::runtime(message), n);
}
} // namespace

void ValidationReport::add(const SourceRecord& /*record*/, std::vector<Diagnostic> diagnostics, ReportKeep keep)
{
    ++records_;
    bool invalid = false;
    for (const Diagnostic& d : diagnostics) {
        if (d.severity == Severity::error) {
            ++errors_;
            invalid = true;
        } else {
            ++warnings_;
        }
    }
    if (invalid) {
        ++invalid_;
    }
    if (keep == ReportKeep::diagnostics) {
        for (Diagnostic& d : diagnostics) {
            kept_.push_back(std::move(d));
        }
    }
}

std::string ValidationReport::summary_line() const
{
    return say("{}: {} valid, {} invalid; {}, {}", counted(records_, tr_plural("{} record", "{} records", records_)),
               valid_records(), invalid_, counted(errors_, tr_plural("{} error", "{} errors", errors_)),
               counted(warnings_, tr_plural("{} warning", "{} warnings", warnings_)));
}

Json ValidationReport::to_json() const
{
    Json j = Json::object();
    j["records"] = records_;
    j["valid"] = valid_records();
    j["invalid"] = invalid_;
    j["errors"] = errors_;
    j["warnings"] = warnings_;
    Json list = Json::array();
    for (const Diagnostic& d : kept_) {
        list.push_back(casebook::to_json(d));
    }
    j["diagnostics"] = std::move(list);
    return j;
}

} // namespace casebook
