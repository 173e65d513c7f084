// Sharing cases: redaction driven by the schema, and the one-row-per-case CSV layout.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "casebook/json.hpp"

namespace casebook {

// A copy of record without every field the schema marks "x-sensitive": true
// (following $ref, into arrays and objects): what `export --redact` shares.
Json redact(const Json& record, const Json& schema);

// The same against the built-in schema.
Json redact(const Json& record);

// Whether a case may leave the database as a record: its consent scope is not
// aggregate_only (such cases count in tables only).
bool shareable_as_record(const Json& record);

// The columns of `export --format csv`: one row per case, dotted names in the
// schema's order (origin.country, returns.0.date), one numbered group per
// element of an array of objects (as many as the widest case has), lists of
// values joined by ";". Sensitive fields get no column when redacting.
class CsvLayout {
public:
    // Whether sensitive fields are left out (export --redact).
    enum class Redact { no, yes };
    explicit CsvLayout(Redact redact, const Json& schema);
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

} // namespace casebook
