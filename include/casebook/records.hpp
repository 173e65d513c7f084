// Reading case records from files, folders and stdin, one at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "casebook/diagnostic.hpp"
#include "casebook/json.hpp"

namespace casebook {

// One record as read from its input, with what is needed to locate problems in it.
struct SourceRecord {
    std::string file;                        // as named by the user; "<stdin>" for "-"
    std::shared_ptr<const std::string> text; // the text it came from: one JSONL line, or the whole .json file
    std::size_t first_line = 1;              // line of the file where text starts
    std::string base_pointer;                // "/3" for the 4th record of a JSON array file, else ""
    std::optional<Json> doc;                 // absent when the text is not valid JSON
    std::optional<Diagnostic> syntax_error;  // set when doc is absent
};

// Places a record-relative problem at its file, line and column.
Diagnostic locate_problem(const SourceRecord& record, const Problem& problem);

// Called for each record in input order; return false to stop reading.
using RecordVisitor = std::function<bool(SourceRecord&)>;

// Reads inputs in order: files (.json: one case or an array of cases; .jsonl:
// one case per line, CRLF and a UTF-8 BOM accepted), folders (recursively, their
// *.json and *.jsonl files in name order) and "-" (stdin, JSON or JSON Lines).
// JSONL is streamed one line at a time. Throws Error(io) for an input that
// cannot be read (before or while reading it).
void read_records(const std::vector<std::string>& inputs, std::istream& stdin_stream, const RecordVisitor& visit);

// Validation of a whole run: every record's problems located, plus ids unique across all inputs.
class DatasetCheck {
public:
    // The ids seen so far stay in memory up to id_memory bytes, then move to a
    // private temporary file (validate's memory stays bounded at any size).
    static constexpr std::size_t default_id_memory = 24u << 20;
    explicit DatasetCheck(const class SchemaValidator& schema, std::size_t id_memory = default_id_memory);
    ~DatasetCheck();
    // Whether the ids have moved to the temporary file.
    bool ids_on_disk() const;
    // Checks one record; returns its diagnostics (syntax, schema, rules, duplicate id).
    std::vector<Diagnostic> check(const SourceRecord& record);

    class SeenIds;

private:
    const class SchemaValidator& schema_;
    std::unique_ptr<SeenIds> seen_ids_; // every id so far, and the file:line of its first use
};

} // namespace casebook
