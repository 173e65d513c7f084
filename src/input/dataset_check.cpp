#include "input/dataset_check.hpp"

#include <algorithm>

#include "util/quoting.hpp"
#include "record/validate.hpp"
#include "input/record_position.hpp"
#include "input/seen_ids.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

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
    for (const Problem& p : record::check_record(*record.doc, schema_)) {
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
        for (const Problem& p : record::check_record(*record.doc, schema_)) {
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

} // namespace casebook::input
