#include "casebook/report.hpp"

#include <fmt/format.h>

namespace casebook {

namespace {
std::string plural(std::size_t n, const char* one, const char* many)
{
    return fmt::format("{} {}", n, n == 1 ? one : many);
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
    return fmt::format("{}: {} valid, {} invalid; {}, {}", plural(records_, "record", "records"), valid_records(),
                       invalid_, plural(errors_, "error", "errors"), plural(warnings_, "warning", "warnings"));
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
