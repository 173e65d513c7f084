// Reading case records from files, folders and stdin: JSON documents, JSON
// Lines (streamed, or parsed on worker threads), and data packages.
#include "input/records.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <set>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/limits.hpp"
#include "input/line_reader.hpp"
#include "input/package.hpp"
#include "input/record_pipeline.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

void strip_bom(std::string& s)
{
    if (s.compare(0, bom.size(), bom) == 0) {
        s.erase(0, bom.size());
    }
}

bool blank(std::string_view s)
{
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A file's extension in lower case: a folder copied from Windows holds .JSON files.
std::string extension_of(const fs::path& p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

bool is_jsonl_name(const fs::path& p)
{
    const std::string ext = extension_of(p);
    return ext == ".jsonl" || ext == ".ndjson";
}

Diagnostic syntax_diagnostic(const std::string& file, const std::string& text, std::size_t first_line, const SyntaxError& e)
{
    Position pos = position_at(text, e.offset);
    return Diagnostic{file, first_line + pos.line - 1, pos.column, "", "syntax", e.message, Severity::error};
}

} // namespace

void parse_record_text(SourceRecord& record)
{
    ParseResult parsed = parse_json(*record.text);
    if (parsed.value) {
        record.doc = std::move(parsed.value);
    } else {
        record.syntax_error = syntax_diagnostic(record.file, *record.text, record.first_line, parsed.error);
    }
}

namespace {

// One record from a text that holds exactly one JSON value (a JSONL line).
bool visit_line(const std::string& file, std::shared_ptr<const std::string> text, std::size_t line_number, const RecordVisitor& visit)
{
    SourceRecord record;
    record.file = file;
    record.first_line = line_number;
    record.text = std::move(text);
    parse_record_text(record);
    return visit(record);
}

bool visit_line(const std::string& file, std::string line, std::size_t line_number, const RecordVisitor& visit)
{
    return visit_line(file, std::make_shared<const std::string>(std::move(line)), line_number, visit);
}

// Records from a whole JSON document: one case, or an array of cases.
bool visit_document(const std::string& file, std::string content, const RecordVisitor& visit)
{
    auto text = std::make_shared<const std::string>(std::move(content));
    ParseResult parsed = parse_json(*text);
    if (!parsed.value) {
        SourceRecord record;
        record.file = file;
        record.text = text;
        record.syntax_error = syntax_diagnostic(file, *text, 1, parsed.error);
        return visit(record);
    }
    if (!parsed.value->is_array()) {
        SourceRecord record;
        record.file = file;
        record.text = text;
        record.doc = std::move(parsed.value);
        return visit(record);
    }
    Json& array = *parsed.value;
    for (std::size_t i = 0; i < array.size(); ++i) {
        SourceRecord record;
        record.file = file;
        record.text = text;
        record.base_pointer = "/" + std::to_string(i);
        record.doc = std::move(array[i]);
        if (!visit(record)) {
            return false;
        }
    }
    return true;
}

// A JSON document (not JSON Lines) larger than max_document_bytes: one error, nothing kept.
bool visit_too_large(const std::string& file, const RecordVisitor& visit)
{
    SourceRecord record;
    record.file = file;
    record.syntax_error = Diagnostic{file, 0, 0, "", "too_large",
                                     say("this file is larger than {} MB, the most casebook reads as one JSON document: "
                                                 "write many cases as JSON Lines (.jsonl, one case a line), which has no such limit",
                                                 max_document_bytes >> 20),
                                     Severity::error};
    return visit(record);
}

SourceRecord too_long_record(const std::string& file, std::size_t line_number)
{
    SourceRecord record;
    record.file = file;
    record.first_line = line_number;
    record.syntax_error = Diagnostic{file, line_number, 1, "", "too_large",
                                     say("this line is longer than {} MB, far more than any case record: is this the right file?",
                                                 LineReader::max_line_bytes >> 20),
                                     Severity::error};
    return record;
}

bool visit_too_long(const std::string& file, std::size_t line_number, const RecordVisitor& visit)
{
    SourceRecord record = too_long_record(file, line_number);
    return visit(record);
}

enum class LineKind { record, too_long, blank };

// Tidies line `number` of a JSON Lines file as read (the byte order mark of
// the first, a trailing CR) and says what it holds.
LineKind tidy_line(std::string& line, std::size_t number, bool too_long)
{
    if (number == 1) {
        strip_bom(line);
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    if (too_long) {
        return LineKind::too_long;
    }
    return blank(line) ? LineKind::blank : LineKind::record;
}

// JSON Lines on worker threads (RecordPipeline): the same lines, in the same
// order, as the sequential loop below reads.
bool visit_lines_parallel(const std::string& file, LineReader& reader, std::size_t number, const RecordVisitor& visit,
                          const ParallelReading& parallel)
{
    RecordPipeline pipeline(parallel, visit);
    std::string line;
    bool too_long = false;
    while (reader.next(line, too_long)) {
        const LineKind kind = tidy_line(line, ++number, too_long);
        if (kind == LineKind::too_long && !pipeline.add_record(too_long_record(file, number))) {
            return false;
        }
        if (kind == LineKind::record && !pipeline.add_line(file, std::move(line), number)) {
            return false;
        }
    }
    return pipeline.finish();
}

// JSON Lines, streamed one line at a time.
bool visit_lines(const std::string& file, LineReader& reader, std::size_t number, const RecordVisitor& visit,
                 const ParallelReading& parallel)
{
    if (parallel.jobs > 1) {
        return visit_lines_parallel(file, reader, number, visit, parallel);
    }
    // One buffer serves every line while no visitor keeps a record's text:
    // no allocation (and free) of a few KB per record.
    auto text = std::make_shared<std::string>();
    bool too_long = false;
    while (reader.next(*text, too_long)) {
        const LineKind kind = tidy_line(*text, ++number, too_long);
        if (kind == LineKind::too_long && !visit_too_long(file, number, visit)) {
            return false;
        }
        if (kind != LineKind::record) {
            continue;
        }
        if (!visit_line(file, text, number, visit)) {
            return false;
        }
        if (text.use_count() != 1) {
            text = std::make_shared<std::string>();
        }
    }
    return true;
}

[[noreturn]] void cannot_read(const std::string& name, int error)
{
    throw Error(Exit::io, say("cannot read {}: {}", name, std::strerror(error)));
}

// The whole file, unless it is larger than max_document_bytes (/dev/zero never ends).
std::optional<std::string> read_whole(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        cannot_read(path, errno);
    }
    std::string s;
    std::vector<char> block(1u << 16);
    while (s.size() <= max_document_bytes) {
        f.read(block.data(), static_cast<std::streamsize>(block.size()));
        if (f.bad()) {
            cannot_read(path, errno);
        }
        s.append(block.data(), static_cast<std::size_t>(f.gcount()));
        if (!f) {
            break;
        }
    }
    if (s.size() > max_document_bytes) {
        return std::nullopt;
    }
    strip_bom(s);
    return s;
}

bool visit_file(const std::string& path, const RecordVisitor& visit, const ParallelReading& parallel)
{
    if (is_jsonl_name(path)) {
        std::ifstream f(path, std::ios::binary);
        if (!f) {
            cannot_read(path, errno);
        }
        LineReader reader(f, path);
        return visit_lines(path, reader, 0, visit, parallel);
    }
    std::optional<std::string> content = read_whole(path);
    return content ? visit_document(path, std::move(*content), visit) : visit_too_large(path, visit);
}

// stdin: JSON Lines when the first line is a complete JSON value, else one JSON document.
bool visit_stdin(std::istream& in, const RecordVisitor& visit, const ParallelReading& parallel)
{
    const std::string name = "<stdin>";
    LineReader reader(in, name);
    std::string first;
    bool too_long = false;
    std::size_t number = 0;
    bool got = false;
    while ((got = reader.next(first, too_long))) {
        ++number;
        if (number == 1) {
            strip_bom(first);
        }
        if (too_long || !blank(first)) {
            break;
        }
    }
    if (!got) {
        return visit_document(name, "", visit); // empty input: reported like an empty file
    }
    if (too_long) {
        return visit_too_long(name, number, visit) && visit_lines(name, reader, number, visit, parallel);
    }
    std::string candidate = first;
    if (!candidate.empty() && candidate.back() == '\r') {
        candidate.pop_back();
    }
    ParseResult parsed = parse_json(candidate);
    if (parsed.value && !parsed.value->is_array()) {
        return visit_line(name, std::move(candidate), number, visit) && visit_lines(name, reader, number, visit, parallel);
    }
    std::optional<std::string> rest = reader.rest(max_document_bytes - std::min(max_document_bytes, first.size()));
    if (!rest) {
        return visit_too_large(name, visit);
    }
    return visit_document(name, std::string(number - 1, '\n') + first + '\n' + *rest, visit);
}

} // namespace

unsigned default_jobs()
{
    return std::clamp(std::thread::hardware_concurrency(), 1u, max_jobs);
}

void read_records(const std::vector<std::string>& inputs, std::istream& stdin_stream, const RecordVisitor& visit)
{
    read_records(inputs, stdin_stream, visit, ParallelReading{});
}

void read_records(const std::vector<std::string>& inputs, std::istream& stdin_stream, const RecordVisitor& visit,
                  const ParallelReading& parallel)
{
    // Each input's records numbered from 0 in reading order (SourceRecord::index).
    std::size_t index = 0;
    const RecordVisitor numbered = [&](SourceRecord& record) {
        record.index = index++;
        return visit(record);
    };
    for (const std::string& input : inputs) {
        index = 0;
        if (input == "-") {
            if (!visit_stdin(stdin_stream, numbered, parallel)) {
                return;
            }
            continue;
        }
        std::error_code ec;
        fs::file_status status = fs::status(input, ec);
        if (ec || !fs::exists(status)) {
            if (parallel.missing) {
                parallel.missing(input, tr("no such file or folder"));
                continue;
            }
            throw Error(Exit::io, say("cannot read {}: no such file or folder", input));
        }
        if (fs::is_directory(status)) {
            std::vector<std::string> files, passed_over;
            fs::recursive_directory_iterator it(input, fs::directory_options::none, ec), end;
            if (ec) {
                throw Error(Exit::io, say("cannot read folder {}: {}", input, ec.message()));
            }
            for (; it != end; it.increment(ec)) {
                if (ec) {
                    throw Error(Exit::io, say("cannot read folder {}: {}", input, ec.message()));
                }
                const fs::path& p = it->path();
                const std::string ext = extension_of(p);
                if (it->is_regular_file() && (ext == ".json" || ext == ".jsonl" || ext == ".ndjson")) {
                    files.push_back(p.string());
                } else if (!it->is_directory()) {
                    passed_over.push_back(p.string());
                }
            }
            std::sort(files.begin(), files.end());
            std::sort(passed_over.begin(), passed_over.end());
            // A package in the folder (export --format package): its records
            // file in place of its descriptor, and not read twice.
            std::vector<std::pair<std::string, std::optional<std::string>>> plan;
            std::set<std::string> package_files, package_folders;
            for (const std::string& f : files) {
                std::optional<std::string> records = parallel.packages ? package_records(f) : std::nullopt;
                if (records) {
                    package_files.insert(*records);
                    package_folders.insert(fs::path(f).parent_path().string());
                }
                plan.emplace_back(f, std::move(records));
            }
            if (parallel.skipped) {
                for (const std::string& f : passed_over) {
                    // A package's tables (CSV) are its records too, read from records.jsonl.
                    if (package_folders.count(fs::path(f).parent_path().string()) == 0) {
                        parallel.skipped(f);
                    }
                }
            }
            for (const auto& [f, records] : plan) {
                if (package_files.count(f) != 0) {
                    continue;
                }
                index = 0;
                if (!visit_file(records ? *records : f, numbered, parallel)) {
                    return;
                }
            }
            continue;
        }
        const std::optional<std::string> records = parallel.packages ? package_records(input) : std::nullopt;
        if (!visit_file(records ? *records : input, numbered, parallel)) {
            return;
        }
    }
}

} // namespace casebook::input
