#include "output/report.hpp"
#include "input/dataset_check.hpp"

#include <fmt/format.h>

#include "util/i18n.hpp"

namespace casebook::output {

namespace {
// n in a message chosen for it ("{} records", through tr_plural).
std::string counted(std::size_t n, const char* message)
{
    return fmt::format(fmt::runtime(message), n);
}
} // namespace

void ValidationReport::add(const input::SourceRecord& record, std::vector<Diagnostic> diagnostics, ReportKeep keep)
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
    if (keep == ReportKeep::diagnostics && !diagnostics.empty()) {
        const std::optional<std::string> id = input::record_id(record);
        for (Diagnostic& d : diagnostics) {
            kept_.push_back(Kept{std::move(d), id, record.index});
        }
    }
}

void ValidationReport::add_unreadable(const std::string& input, const std::string& message)
{
    ++unreadable_;
    ++errors_;
    kept_.push_back(Kept{Diagnostic{input, 0, 0, "", "unreadable", message, Severity::error}, std::nullopt, std::nullopt});
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
    for (const Kept& k : kept_) {
        Json d = casebook::to_json(k.diagnostic);
        d["record_id"] = k.record_id ? Json(*k.record_id) : Json(nullptr);
        d["record_index"] = k.record_index ? Json(*k.record_index) : Json(nullptr);
        list.push_back(std::move(d));
    }
    j["diagnostics"] = std::move(list);
    j["skipped"] = skipped_;
    return j;
}

} // namespace casebook::output
