#include "input/records.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "util/error.hpp"
#include "util/limits.hpp"
#include "util/quoting.hpp"
#include "record/validate.hpp"
#include "input/package.hpp"
#include "input/record_pipeline.hpp"
#include "util/i18n.hpp"

namespace casebook {

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

// Reads lines in large blocks. A line longer than max_line_bytes is not kept
// whole: the rest of it is skipped and the line is flagged, so memory stays
// bounded whatever the input.
class LineReader {
public:
    static constexpr std::size_t max_line_bytes = max_record_bytes;

    LineReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)), buffer_(1u << 16) {}

    // The next line without its '\n'; false at the end of the input.
    bool next(std::string& line, bool& too_long)
    {
        line.clear();
        too_long = false;
        bool any = false;
        for (;;) {
            if (pos_ == end_) {
                if (!fill()) {
                    return any;
                }
            }
            any = true;
            const char* start = buffer_.data() + pos_;
            const void* newline = std::memchr(start, '\n', end_ - pos_);
            std::size_t n = newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - start) : end_ - pos_;
            if (line.size() + n <= max_line_bytes) {
                line.append(start, n);
            } else {
                too_long = true;
            }
            pos_ += n;
            if (newline != nullptr) {
                ++pos_;
                return true;
            }
        }
    }

    // Everything not read yet, if it is at most limit bytes.
    std::optional<std::string> rest(std::size_t limit)
    {
        std::string out(buffer_.data() + pos_, end_ - pos_);
        pos_ = end_;
        while (out.size() <= limit && fill()) {
            out.append(buffer_.data(), end_);
            pos_ = end_;
        }
        if (out.size() > limit) {
            return std::nullopt;
        }
        return out;
    }

private:
    bool fill()
    {
        if (eof_) {
            return false;
        }
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        if (in_.bad()) {
            throw Error(Exit::io, say("cannot read {}: {}", name_, std::strerror(errno)));
        }
        end_ = static_cast<std::size_t>(in_.gcount());
        pos_ = 0;
        if (!in_) {
            eof_ = true;
        }
        return end_ != 0;
    }

    std::istream& in_;
    std::string name_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0, end_ = 0;
    bool eof_ = false;
};

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

// JSON Lines on worker threads (RecordPipeline): the same lines, in the same
// order, as the sequential loop below reads.
bool visit_lines_parallel(const std::string& file, LineReader& reader, std::size_t number, const RecordVisitor& visit,
                          const ParallelReading& parallel)
{
    RecordPipeline pipeline(parallel, visit);
    std::string line;
    bool too_long = false;
    while (reader.next(line, too_long)) {
        ++number;
        if (number == 1) {
            strip_bom(line);
        }
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (too_long) {
            if (!pipeline.add_record(too_long_record(file, number))) {
                return false;
            }
            continue;
        }
        if (blank(line)) {
            continue;
        }
        if (!pipeline.add_line(file, std::move(line), number)) {
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
        std::string& line = *text;
        ++number;
        if (number == 1) {
            strip_bom(line);
        }
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (too_long) {
            if (!visit_too_long(file, number, visit)) {
                return false;
            }
            continue;
        }
        if (blank(line)) {
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

namespace {

// Where each element of the top-level array of a JSON text starts, found in
// one pass. Locating a problem in the 5,000th record of an array file then
// scans that record, not the 4,999 before it (which made checking an array
// file quadratic in its size).
struct ArrayIndex {
    std::weak_ptr<const std::string> text; // the text indexed; the last one used is kept
    std::vector<std::size_t> offsets;       // byte offset of each element
    std::vector<Position> positions;        // and its line and column in the text
};

std::size_t skip_ws(std::string_view s, std::size_t p)
{
    while (p < s.size() && (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t')) {
        ++p;
    }
    return p;
}

// The end of the (valid) JSON value at p.
std::size_t skip_value(std::string_view s, std::size_t p)
{
    std::size_t depth = 0;
    while (p < s.size()) {
        char c = s[p];
        if (c == '"') {
            for (++p; p < s.size() && s[p] != '"'; ++p) {
                if (s[p] == '\\') {
                    ++p;
                }
            }
            ++p;
        } else if (c == '{' || c == '[') {
            ++depth;
            ++p;
        } else if (c == '}' || c == ']') {
            if (depth == 0) {
                return p;
            }
            --depth;
            ++p;
        } else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
            return p;
        } else {
            ++p;
        }
        if (depth == 0 && (c == '"' || c == '}' || c == ']')) {
            return p;
        }
    }
    return p;
}

const ArrayIndex& array_index(const std::shared_ptr<const std::string>& text)
{
    static thread_local ArrayIndex index;
    bool same = !index.text.expired() && !index.text.owner_before(text) && !text.owner_before(index.text);
    if (same) {
        return index;
    }
    index = ArrayIndex{text, {}, {}};
    std::string_view s(*text);
    std::size_t p = skip_ws(s, 0);
    if (p >= s.size() || s[p] != '[') {
        return index;
    }
    Position pos;
    std::size_t counted = 0; // pos is the position of byte `counted`
    auto advance = [&](std::size_t to) {
        for (; counted < to; ++counted) {
            if (s[counted] == '\n') {
                ++pos.line;
                pos.column = 1;
            } else if ((static_cast<unsigned char>(s[counted]) & 0xC0) != 0x80) {
                ++pos.column;
            }
        }
    };
    p = skip_ws(s, p + 1);
    while (p < s.size() && s[p] != ']') {
        advance(p);
        index.offsets.push_back(p);
        index.positions.push_back(pos);
        p = skip_ws(s, skip_value(s, p));
        if (p < s.size() && s[p] == ',') {
            p = skip_ws(s, p + 1);
        }
    }
    return index;
}

// Line and column (in the file) of the value a pointer names in a record.
Position record_position(const SourceRecord& record, std::string_view pointer)
{
    std::string_view text(*record.text);
    const std::string& base = record.base_pointer;
    if (base.size() > 1 && base[0] == '/' && base.find_first_not_of("0123456789", 1) == std::string::npos && base.size() < 12) {
        const ArrayIndex& index = array_index(record.text);
        std::size_t i = std::stoul(base.substr(1));
        if (i < index.offsets.size()) {
            std::string_view value = text.substr(index.offsets[i]);
            Position start = index.positions[i];
            Position within = position_at(value, locate(value, pointer));
            return Position{record.first_line + start.line + within.line - 2,
                            within.line == 1 ? start.column + within.column - 1 : within.column};
        }
    }
    Position pos = position_at(text, locate(text, record.base_pointer + std::string(pointer)));
    return Position{record.first_line + pos.line - 1, pos.column};
}

} // namespace

Diagnostic locate_problem(const SourceRecord& record, const Problem& problem)
{
    Diagnostic d{record.file, 0, 0, problem.pointer, problem.code, problem.message, problem.severity};
    if (record.text) {
        Position pos = record_position(record, problem.pointer);
        d.line = pos.line;
        d.column = pos.column;
    }
    return d;
}

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

// The ids of a run and where each was first used, packed into blocks of
// bytes with an open-addressing index: about 40 bytes an id, so a million
// records take some 40 MB where a map of strings took about 150 MB. Past a
// memory budget the ids move to a private temporary SQLite database on disk
// (deleted when closed) with a small page cache, so that memory stays
// bounded whatever the number of records.
class DatasetCheck::SeenIds {
public:
    explicit SeenIds(std::size_t budget) : budget_(budget), block_size_(std::clamp<std::size_t>(budget / 4, 256, 1u << 20)) {}

    // Where an id was first used.
    struct Place {
        const std::string* file;
        std::uint64_t line;
    };

    // Remembers id as used at file:line; when it was used before, returns where.
    std::optional<Place> insert(std::string_view id, const std::string& file, std::uint64_t line)
    {
        if (!spilled_ && memory_after(id) > budget_) {
            spill();
        }
        if (spilled_) {
            return insert_on_disk(id, file, line);
        }
        const std::uint64_t hash = std::hash<std::string_view>{}(id);
        const std::uint64_t tag = hash >> 48;
        if ((count_ + 1) * 4 > slots_.size() * 3) {
            grow();
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            std::uint64_t slot = slots_[i];
            if (slot == 0) {
                slots_[i] = (tag << 48) | store(id, file, line);
                ++count_;
                return std::nullopt;
            }
            if ((slot >> 48) == tag) {
                Entry e = entry(slot);
                if (e.id == id) {
                    return Place{&files_[e.file], e.line};
                }
            }
        }
    }

    bool spilled() const { return spilled_; }

private:
    static constexpr std::size_t header = sizeof(std::uint64_t) + 2 * sizeof(std::uint32_t); // line, file, id length

    struct Entry {
        std::uint64_t line;
        std::uint32_t file;
        std::string_view id;
    };

    // Appends an entry; returns its reference (block + 1) << 24 | offset, never 0.
    std::uint32_t file_index(const std::string& file)
    {
        if (files_.empty() || files_.back() != file) {
            files_.push_back(file);
        }
        return static_cast<std::uint32_t>(files_.size() - 1);
    }

    std::uint64_t store(std::string_view id, const std::string& file, std::uint64_t line)
    {
        const std::uint32_t file_index = this->file_index(file);
        const auto length = static_cast<std::uint32_t>(id.size());
        const std::size_t size = header + id.size();
        if (blocks_.empty() || used_ + size > block_capacity_) {
            block_capacity_ = std::max(block_size_, size); // an oversized id gets a block of its own, at offset 0
            block_bytes_ += block_capacity_;
            blocks_.push_back(std::make_unique<char[]>(block_capacity_));
            used_ = 0;
        }
        char* at = blocks_.back().get() + used_;
        std::memcpy(at, &line, sizeof line);
        std::memcpy(at + sizeof line, &file_index, sizeof file_index);
        std::memcpy(at + sizeof line + sizeof file_index, &length, sizeof length);
        std::memcpy(at + header, id.data(), id.size());
        std::uint64_t ref = (static_cast<std::uint64_t>(blocks_.size()) << 24) | used_;
        used_ += size;
        return ref;
    }

    Entry entry(std::uint64_t slot) const
    {
        const char* at = blocks_[((slot >> 24) & 0xFFFFFF) - 1].get() + (slot & 0xFFFFFF);
        Entry e{};
        std::uint32_t length = 0;
        std::memcpy(&e.line, at, sizeof e.line);
        std::memcpy(&e.file, at + sizeof e.line, sizeof e.file);
        std::memcpy(&length, at + sizeof e.line + sizeof e.file, sizeof length);
        e.id = std::string_view(at + header, length);
        return e;
    }

    void grow()
    {
        std::vector<std::uint64_t> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
        const std::size_t mask = slots_.size() - 1;
        for (std::uint64_t slot : old) {
            if (slot == 0) {
                continue;
            }
            std::size_t i = std::hash<std::string_view>{}(entry(slot).id) & mask;
            while (slots_[i] != 0) {
                i = (i + 1) & mask;
            }
            slots_[i] = slot;
        }
    }

    // The memory in use once id is stored in memory (blocks and index).
    std::size_t memory_after(std::string_view id) const
    {
        std::size_t blocks = block_bytes_;
        if (blocks_.empty() || used_ + header + id.size() > block_capacity_) {
            blocks += std::max(block_size_, header + id.size());
        }
        std::size_t slots = slots_.size();
        if ((count_ + 1) * 4 > slots * 3) {
            slots += slots == 0 ? 1024 : slots * 2; // growing holds both tables a moment
        }
        return blocks + slots * sizeof(std::uint64_t);
    }

    // Moves every id to the temporary database and frees the memory.
    void spill()
    {
        try {
            disk_ = std::make_unique<SQLite::Database>("", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            disk_->exec("PRAGMA cache_size = -8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                        "CREATE TABLE seen (id TEXT PRIMARY KEY, file INTEGER NOT NULL, line INTEGER NOT NULL) WITHOUT ROWID; "
                        "BEGIN");
            add_ = std::make_unique<SQLite::Statement>(*disk_, "INSERT INTO seen(id, file, line) VALUES (?, ?, ?) "
                                                               "ON CONFLICT(id) DO NOTHING");
            find_ = std::make_unique<SQLite::Statement>(*disk_, "SELECT file, line FROM seen WHERE id = ?");
            for (std::uint64_t slot : slots_) {
                if (slot != 0) {
                    const Entry e = entry(slot);
                    add_on_disk(e.id, e.file, e.line);
                }
            }
        } catch (const SQLite::Exception& e) {
            throw Error(Exit::io, say("cannot keep the ids of this run in a temporary file (set TMPDIR to a "
                                              "folder with free space): {}",
                                              e.what()));
        }
        spilled_ = true;
        std::vector<std::uint64_t>().swap(slots_);
        std::vector<std::unique_ptr<char[]>>().swap(blocks_);
        block_bytes_ = used_ = block_capacity_ = count_ = 0;
    }

    // Adds an id to the temporary database; false when it is there already.
    bool add_on_disk(std::string_view id, std::uint32_t file, std::uint64_t line)
    {
        add_->reset();
        add_->bindNoCopy(1, id.data(), static_cast<int>(id.size()));
        add_->bind(2, static_cast<std::int64_t>(file));
        add_->bind(3, static_cast<std::int64_t>(line));
        return add_->exec() == 1;
    }

    std::optional<Place> insert_on_disk(std::string_view id, const std::string& file, std::uint64_t line)
    {
        try {
            if (add_on_disk(id, file_index(file), line)) {
                return std::nullopt;
            }
            find_->reset();
            find_->bindNoCopy(1, id.data(), static_cast<int>(id.size()));
            if (!find_->executeStep()) {
                throw Error(Exit::io, tr("the temporary file of this run's ids lost an id: run again"));
            }
            return Place{&files_[static_cast<std::size_t>(find_->getColumn(0).getInt64())],
                         static_cast<std::uint64_t>(find_->getColumn(1).getInt64())};
        } catch (const SQLite::Exception& e) {
            throw Error(Exit::io, say("cannot keep the ids of this run in a temporary file (set TMPDIR to a "
                                              "folder with free space): {}",
                                              e.what()));
        }
    }

    const std::size_t budget_;
    const std::size_t block_size_;
    std::size_t block_bytes_ = 0;
    bool spilled_ = false;
    std::unique_ptr<SQLite::Database> disk_;
    std::unique_ptr<SQLite::Statement> add_, find_;
    std::vector<std::uint64_t> slots_; // tag (16 bits) | block + 1 (24 bits) | offset (24 bits); 0 = empty
    std::size_t count_ = 0;
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t block_capacity_ = 0, used_ = 0;
    std::vector<std::string> files_; // each file once, in reading order
};

DatasetCheck::DatasetCheck(const SchemaValidator& schema, std::size_t id_memory)
    : schema_(schema), seen_ids_(std::make_unique<SeenIds>(id_memory))
{
}

bool DatasetCheck::ids_on_disk() const { return seen_ids_->spilled(); }

DatasetCheck::~DatasetCheck() = default;

namespace {

// The record's id, when it has one to check for uniqueness.
const std::string* id_of(const SourceRecord& record)
{
    if (!record.doc || !record.doc->is_object()) {
        return nullptr;
    }
    auto id = record.doc->find("id");
    return id != record.doc->end() && id->is_string() ? &id->get_ref<const std::string&>() : nullptr;
}

} // namespace

std::optional<std::string> record_id(const SourceRecord& record)
{
    if (record.prechecked) {
        return record.prechecked->id;
    }
    if (const std::string* id = id_of(record)) {
        return *id;
    }
    return std::nullopt;
}

void DatasetCheck::prepare(SourceRecord& record, Doc doc) const
{
    if (!record.doc) {
        return;
    }
    SourceRecord::Prechecked done;
    for (const Problem& p : check_record(*record.doc, schema_)) {
        done.diagnostics.push_back(locate_problem(record, p));
    }
    if (const std::string* id = id_of(record)) {
        done.id = *id;
        if (record.text) {
            done.id_line = record_position(record, "/id").line; // as locate_problem() places /id
        }
    }
    record.prechecked = std::move(done);
    if (doc == Doc::drop) {
        record.doc.reset();
    }
}

std::vector<Diagnostic> DatasetCheck::check(const SourceRecord& record)
{
    std::vector<Diagnostic> out;
    if (!record.doc && !record.prechecked) {
        if (record.syntax_error) {
            out.push_back(*record.syntax_error);
        }
        return out;
    }
    if (record.prechecked) {
        out = record.prechecked->diagnostics;
    } else {
        for (const Problem& p : check_record(*record.doc, schema_)) {
            out.push_back(locate_problem(record, p));
        }
    }
    const std::string* text = record.prechecked ? (record.prechecked->id ? &*record.prechecked->id : nullptr) : id_of(record);
    if (text != nullptr) {
        std::size_t line = 0; // as locate_problem() places /id
        if (record.prechecked) {
            line = record.prechecked->id_line;
        } else if (record.text) {
            line = record_position(record, "/id").line;
        }
        if (auto first = seen_ids_->insert(*text, record.file, line)) {
            out.push_back(locate_problem(
                record, Problem{"/id", "duplicate_id",
                                say("id \"{}\" is already used by the record at {}:{}: every case needs its own id",
                                            shorten(*text), *first->file, first->line),
                                Severity::error}));
        }
    }
    // Report in reading order, as a compiler does.
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return out;
}

} // namespace casebook
