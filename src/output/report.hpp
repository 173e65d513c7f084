// The outcome of validating a run of records: counts, and the diagnostics when kept.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "json/diagnostic.hpp"
#include "input/records.hpp"

namespace casebook::output {

// Whether a report keeps every diagnostic (for JSON output) or only counts them.
enum class ReportKeep { counts, diagnostics };

// Totals of a validation run, and its diagnostics when kept.
class ValidationReport {
public:
    // Counts one record and its diagnostics; kept ones name the record (its
    // id, when it has one, and its index in its input).
    void add(const input::SourceRecord& record, std::vector<Diagnostic> diagnostics, ReportKeep keep);
    // An input that could not be read at all (a missing file): one error of
    // its own, which no record count holds.
    void add_unreadable(const std::string& input, const std::string& message);
    // A file a folder holds that was not read (not .json, .jsonl or .ndjson).
    void add_skipped(const std::string& path) { skipped_.push_back(path); }
    std::size_t unreadable() const { return unreadable_; }
    std::size_t records() const { return records_; }
    std::size_t valid_records() const { return records_ - invalid_; }
    std::size_t invalid_records() const { return invalid_; }
    std::size_t errors() const { return errors_; }
    std::size_t warnings() const { return warnings_; }
    // "12 records: 10 valid, 2 invalid; 3 errors, 1 warning"
    std::string summary_line() const;
    // {"records":…, "valid":…, "invalid":…, "errors":…, "warnings":…, "diagnostics":[…], "skipped":[…]};
    // each diagnostic also has "record_id" (null when the record has none or
    // is not JSON) and "record_index" (null for an input that was not read).
    Json to_json() const;

private:
    struct Kept {
        Diagnostic diagnostic;
        std::optional<std::string> record_id;
        std::optional<std::size_t> record_index;
    };
    std::size_t records_ = 0, invalid_ = 0, errors_ = 0, warnings_ = 0, unreadable_ = 0;
    std::vector<Kept> kept_;
    std::vector<std::string> skipped_;
};

} // namespace casebook::output
