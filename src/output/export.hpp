// Sharing cases: redaction driven by the schema, and the one-row-per-case CSV layout.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record/consent.hpp"
#include "json/json.hpp"

namespace casebook::output {

// How precisely a redacted record keeps dates: exact days are
// quasi-identifiers (a removal flight, an interview), so the month is the default.
enum class DatePrecision { day, month, year };

// Parses "day", "month" or "year" (--dates); throws Error(usage) otherwise.
DatePrecision parse_date_precision(std::string_view text);

// What `export --redact` shares of a record, by an allow-list: only the
// fields the built-in schema declares (following $ref, into arrays and
// objects) and does not mark "x-sensitive": true. A field the schema does not
// know (a stored document from another schema, a typo that got in) never comes
// out. Every date (the schema's #/definitions/date) is cut to `dates`.
Json redact(const Json& record, DatePrecision dates = DatePrecision::month);

// Decides, case by case, what an export or a query prints (consent.hpp): the
// stored record (Output::records), its redacted form (Output::shared_records),
// or nothing, counting why.
class RecordRelease {
public:
    RecordRelease(record::Output output, bool status_asked, DatePrecision dates = DatePrecision::month);
    // The record to print, or nullopt when the case is left out.
    std::optional<Json> release(const Json& stored);
    // What release() left out so far.
    const record::LeftOutCounts& left_out() const { return left_; }

private:
    record::Output output_;
    bool status_asked_;
    DatePrecision dates_;
    record::LeftOutCounts left_;
};

// The columns of `export --format csv`: one row per case, dotted names in the
// schema's order (origin.country, returns.0.date), one numbered group per
// element of an array of objects (as many as the widest case has), lists of
// values joined by ";". Sensitive fields get no column when redacting, and
// the cells come from redact(): a column exists only for a field the schema declares.
class CsvLayout {
public:
    // Whether sensitive fields are left out (export --redact).
    enum class Redact { no, yes };
    explicit CsvLayout(Redact redact);
    ~CsvLayout();
    CsvLayout(CsvLayout&&) noexcept;
    CsvLayout& operator=(CsvLayout&&) noexcept;

    // Widens the layout to fit a case (first pass over the cases).
    void observe(const Json& record);
    // The header row.
    std::vector<std::string> header() const;
    // One case as cells, matching header() (second pass).
    std::vector<std::string> row(const Json& record) const;

    struct Node;

private:
    std::unique_ptr<Node> root_;
    std::map<std::string, std::size_t> widths_; // array path without indices -> most elements seen
};

} // namespace casebook::output
