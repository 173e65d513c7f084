// The outcome of validating a run of records: counts, and the diagnostics when kept.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "json/diagnostic.hpp"
#include "input/records.hpp"

namespace casebook {

// Whether a report keeps every diagnostic (for JSON output) or only counts them.
enum class ReportKeep { counts, diagnostics };

// Totals of a validation run, and its diagnostics when kept.
class ValidationReport {
public:
    // Counts one record and its diagnostics.
    void add(const SourceRecord& record, std::vector<Diagnostic> diagnostics, ReportKeep keep);
    std::size_t records() const { return records_; }
    std::size_t valid_records() const { return records_ - invalid_; }
    std::size_t invalid_records() const { return invalid_; }
    std::size_t errors() const { return errors_; }
    std::size_t warnings() const { return warnings_; }
    // "12 records: 10 valid, 2 invalid; 3 errors, 1 warning"
    std::string summary_line() const;
    // {"records":…, "valid":…, "invalid":…, "errors":…, "warnings":…, "diagnostics":[…]}
    Json to_json() const;

private:
    std::size_t records_ = 0, invalid_ = 0, errors_ = 0, warnings_ = 0;
    std::vector<Diagnostic> kept_;
};

} // namespace casebook
