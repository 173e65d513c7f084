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

#include "json/diagnostic.hpp"
#include "json/json.hpp"

namespace casebook::input {

// One record as read from its input, with what is needed to locate problems in it.
struct SourceRecord {
    std::string file;                        // as named by the user; "<stdin>" for "-"
    std::shared_ptr<const std::string> text; // the text it came from: one JSONL line, or the whole .json file
    std::size_t first_line = 1;              // line of the file where text starts
    std::string base_pointer;                // "/3" for the 4th record of a JSON array file, else ""
    std::size_t index = 0;                   // 0-based place among the records of its input, in reading order
    std::optional<Json> doc;                 // absent when the text is not valid JSON
    std::optional<Diagnostic> syntax_error;  // set when doc is absent

    // Set by DatasetCheck::prepare (on a worker thread when reading in
    // parallel): the schema's and the rules' problems, located, and the id
    // and the line of /id; DatasetCheck::check then only adds the
    // duplicate-id check, and needs no doc.
    struct Prechecked {
        std::vector<Diagnostic> diagnostics;
        std::optional<std::string> id;
        std::size_t id_line = 0;
    };
    std::optional<Prechecked> prechecked;
};

// Called for each record in input order; return false to stop reading.
using RecordVisitor = std::function<bool(SourceRecord&)>;

// Reads inputs in order: files (.json: one case or an array of cases; .jsonl:
// one case per line, CRLF and a UTF-8 BOM accepted), folders (recursively, their
// *.json and *.jsonl files in name order) and "-" (stdin, JSON or JSON Lines).
// A casebook data package (export --format package; input/package.hpp), given
// as its folder or its datapackage.json, is read as its records file.
// JSONL is streamed one line at a time. Throws Error(io) for an input that
// cannot be read (before or while reading it).
void read_records(const std::vector<std::string>& inputs, std::istream& stdin_stream, const RecordVisitor& visit);

// Reading JSON Lines on several threads (validate and import --jobs): the
// lines of a .jsonl file or of stdin are parsed, and each record passed to
// prepare, on `jobs` worker threads, a block of lines at a time; the visitor
// still runs on the calling thread and sees every record in input order,
// exactly as the sequential read_records gives them. prepare must be safe to
// call from several threads at once. jobs = 1 reads sequentially.
struct ParallelReading {
    unsigned jobs = 1;
    std::function<void(SourceRecord&)> prepare;
    bool packages = true; // false: a datapackage.json is read as itself (validate --schema)
    // Called for each file a folder holds that is not read (not .json, .jsonl
    // or .ndjson, or not a regular file), in path order; unset: passed over.
    std::function<void(const std::string& path)> skipped = nullptr;
    // Called for an input that does not exist, and the reading goes on;
    // unset: such an input is an error (Exit::io) that stops the reading.
    std::function<void(const std::string& input, const std::string& message)> missing = nullptr;
};
void read_records(const std::vector<std::string>& inputs, std::istream& stdin_stream, const RecordVisitor& visit,
                  const ParallelReading& parallel);

// The most worker threads --jobs accepts, and its default: the number of cores (at most max_jobs).
constexpr unsigned max_jobs = 64;
unsigned default_jobs();

} // namespace casebook::input
