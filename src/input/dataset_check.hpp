// Validation of a whole run of records: each record's problems located in its
// file, and ids unique across every input (input/seen_ids.hpp keeps them).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "input/records.hpp"
#include "json/diagnostic.hpp"

namespace casebook {
class SchemaValidator;
} // namespace casebook

namespace casebook::input {

// The record's id as its check sees it: from the precheck when there was one,
// else the document's "id" when it is a string; none for text that is not JSON.
std::optional<std::string> record_id(const SourceRecord& record);

// Validation of a whole run: every record's problems located, plus ids unique across all inputs.
class DatasetCheck {
public:
    // The ids seen so far stay in memory up to id_memory bytes, then move to a
    // private temporary file (validate's memory stays bounded at any size).
    static constexpr std::size_t default_id_memory = 24u << 20;
    explicit DatasetCheck(const SchemaValidator& schema, std::size_t id_memory = default_id_memory);
    ~DatasetCheck();
    // Whether the ids have moved to the temporary file.
    bool ids_on_disk() const;
    // Checks one record; returns its diagnostics (syntax, schema, rules, duplicate id).
    std::vector<Diagnostic> check(const SourceRecord& record);
    // The part of check() that needs no other record (schema, rules, positions),
    // done ahead and kept in record.prechecked. Safe on several threads at once.
    // Doc::drop frees the parsed document (validate needs only the verdict):
    // freed on the thread that built it, as glibc's allocator prefers.
    enum class Doc { keep, drop };
    void prepare(SourceRecord& record, Doc doc = Doc::keep) const;
    // read_records' parallel reading with prepare() on the workers.
    ParallelReading parallel(unsigned jobs, Doc doc = Doc::keep) const
    {
        ParallelReading reading;
        reading.jobs = jobs;
        reading.prepare = [this, doc](SourceRecord& r) { prepare(r, doc); };
        return reading;
    }

    class SeenIds; // input/seen_ids.hpp

private:
    const SchemaValidator& schema_;
    std::unique_ptr<SeenIds> seen_ids_; // every id so far, and the file:line of its first use
};

} // namespace casebook::input
