#include "ops/import.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <istream>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/error.hpp"
#include "input/mapping.hpp"
#include "input/mapped_rows.hpp"
#include "util/quoting.hpp"
#include "util/private_file.hpp"
#include "input/records.hpp"
#include "input/dataset_check.hpp"
#include "input/record_position.hpp"
#include "ops/review.hpp"
#include "store/store.hpp"
#include "record/validate.hpp"
#include "util/i18n.hpp"

namespace casebook::ops {

std::string ImportSummary::summary_line() const
{
    const char* s = records == 1 ? "" : "s";
    if (refused) {
        return say("{} record{}: {} invalid; nothing written ({} error{}; --skip-invalid imports the {} valid one{})",
                           records, s, rejected, errors, errors == 1 ? "" : "s", records - rejected,
                           records - rejected == 1 ? "" : "s");
    }
    return say("{} record{}: {} added, {} updated, {} unchanged, {} rejected", records, s, added, updated,
                       unchanged, rejected);
}

namespace {

// One record of the input as both passes see it.
struct Item {
    std::string file;
    std::size_t line = 0;
    const Json* doc = nullptr;            // null when the text is not JSON
    std::vector<Diagnostic> diagnostics;  // syntax, schema, rules, duplicate id
    const input::SourceRecord* json = nullptr;   // set for JSON inputs
    const input::MappedRow* row = nullptr;       // set for CSV rows
};

using ItemVisitor = std::function<void(Item&)>;

// Reads every record of the source once, in input order.
void each_item(const ImportSource& source, input::DatasetCheck& check, unsigned jobs, const ItemVisitor& visit)
{
    if (source.mapping != nullptr) {
        std::ifstream in(source.csv_file, std::ios::binary);
        if (!in) {
            throw Error(Exit::io, say("cannot read {}: {}", source.csv_file, std::strerror(errno)));
        }
        std::unordered_map<std::string, std::size_t> seen; // id -> line of its first row
        input::read_mapped_csv(in, source.csv_file, *source.mapping, [&](input::MappedRow& row) {
            Item item;
            item.file = source.csv_file;
            item.line = row.line;
            item.doc = &row.record;
            item.row = &row;
            auto place = [&](const Problem& p) {
                CellPosition at = row.position_of(p.pointer);
                return Diagnostic{source.csv_file, at.line, at.column, p.pointer, p.code, p.message, p.severity};
            };
            for (const Problem& p : row.problems) {
                item.diagnostics.push_back(place(p));
            }
            // A row with unmapped values is reported once per value (UnmappedReport), not per field.
            if (row.unmapped.empty()) {
                for (const Problem& p : record::check_record(row.record)) {
                    item.diagnostics.push_back(place(p));
                }
            }
            auto id = row.record.find("id");
            if (id != row.record.end() && id->is_string()) {
                auto [first, inserted] = seen.emplace(id->get<std::string>(), row.line);
                if (!inserted) {
                    item.diagnostics.push_back(place(Problem{
                        "/id", "duplicate_id",
                        say("id \"{}\" is already used by the row at {}:{}: every case needs its own id",
                                    shorten(id->get_ref<const std::string&>()), source.csv_file, first->second),
                        Severity::error}));
                }
            }
            visit(item);
            return true;
        });
        return;
    }
    static std::istringstream no_stdin;
    input::read_records(source.inputs, source.stdin_stream != nullptr ? *source.stdin_stream : no_stdin, [&](input::SourceRecord& record) {
        Item item;
        item.file = record.file;
        item.json = &record;
        item.doc = record.doc ? &*record.doc : nullptr;
        item.diagnostics = check.check(record);
        item.line = input::locate_problem(record, Problem{}).line;
        visit(item);
        return true;
    }, check.parallel(jobs));
}

// The diagnostic of a problem with an item found outside validation (the database).
Diagnostic item_diagnostic(const Item& item, const Problem& p)
{
    if (item.json != nullptr) {
        return input::locate_problem(*item.json, p);
    }
    CellPosition at = item.row->position_of(p.pointer);
    return Diagnostic{item.file, at.line, at.column, p.pointer, p.code, p.message, p.severity};
}

bool any_error(const std::vector<Diagnostic>& ds)
{
    for (const Diagnostic& d : ds) {
        if (d.severity == Severity::error) {
            return true;
        }
    }
    return false;
}

// The rejects file of --skip-invalid: one JSON object per rejected record,
// with its errors. It holds case data: a private file, put in place whole at
// the end of the import, never over the database, an input or (without
// --force) any existing file.
class RejectsFile {
public:
    RejectsFile(const ImportSource& source, const ImportOptions& options, const store::Store& store)
    {
        if (options.on_invalid != OnInvalid::skip || options.rejects_file.empty()) {
            return;
        }
        ProtectedFiles protect;
        protect.add_database(store.path());
        for (const std::string& input : source.inputs) {
            protect.add_input(input);
        }
        for (const std::string& input : {source.csv_file, source.mapping_file}) {
            if (!input.empty()) {
                protect.add_input(input);
            }
        }
        out_.emplace(options.rejects_file, options.overwrite_rejects, std::move(protect), tr("the rejects file"), "--force");
    }

    void add(const Item& item, const std::vector<Diagnostic>& diagnostics)
    {
        if (!out_) {
            return;
        }
        Json j = Json::object();
        j["file"] = item.file;
        j["line"] = item.line;
        Json errors = Json::array();
        for (const Diagnostic& d : diagnostics) {
            errors.push_back(to_json(d));
        }
        j["errors"] = std::move(errors);
        if (item.row != nullptr) {
            j["row"] = item.row->raw();
        }
        if (item.doc != nullptr) {
            j["record"] = *item.doc;
        } else if (item.json != nullptr && item.json->text) {
            j["text"] = *item.json->text;
        }
        out_->write(j.dump(-1, ' ', false, Json::error_handler_t::replace) + '\n');
    }

    // Puts the file in place when a record was rejected.
    void commit()
    {
        if (out_ && out_->started()) {
            out_->commit();
        }
    }

private:
    std::optional<OutputFile> out_;
};

} // namespace

namespace {

// Thrown inside the transaction to roll it back when the import is refused.
struct Refused {};

} // namespace

ImportSummary import_records(store::Store& store, const ImportSource& source, const ImportOptions& options)
{
    auto report = [&](const Diagnostic& d) {
        if (options.report) {
            options.report(d);
        }
    };
    auto progress = [&](std::size_t done) {
        if (options.progress) {
            options.progress(done);
        }
    };

    ImportSummary summary;
    input::UnmappedReport unmapped;
    RejectsFile rejects(source, options, store);
    input::DatasetCheck check(SchemaValidator::builtin());
    std::size_t written = 0;

    // One pass inside one transaction: each record is validated, checked
    // against the database, and written while the input is read. The first
    // invalid record of a refused import stops the writing (validation goes
    // on, to report every problem), and the transaction is rolled back.
    auto body = [&] {
        each_item(source, check, options.jobs, [&](Item& item) {
            ++summary.records;
            std::vector<Diagnostic>& found = item.diagnostics;
            if (item.row != nullptr) {
                unmapped.add(*item.row);
            }
            bool invalid = any_error(found) || (item.row != nullptr && !item.row->unmapped.empty());
            std::optional<store::StoredCase> stored;
            bool add = false, update = false;
            if (!invalid && item.doc != nullptr) {
                const std::string id = item.doc->at("id").get<std::string>();
                stored = store.find(id);
                if (auto problem = status_problem(*item.doc, stored ? &stored->doc : nullptr)) {
                    found.push_back(item_diagnostic(item, *problem));
                } else if (!stored) {
                    add = true;
                } else if (stored->deleted) {
                    found.push_back(item_diagnostic(
                        item, Problem{"/id", "id_deleted",
                                      say("case \"{}\" was deleted from the database: 'casebook restore {}' "
                                                  "first, or give this record another id",
                                                  id, id),
                                      Severity::error}));
                } else if (stored->doc.dump() == record::canonical_text(*item.doc)) {
                    ++summary.unchanged;
                } else if (options.on_existing == OnExisting::update) {
                    update = true;
                } else {
                    found.push_back(item_diagnostic(
                        item, Problem{"/id", "id_exists",
                                      say("case \"{}\" is already in the database with other content: "
                                                  "--update stores this record as its new revision",
                                                  id),
                                      Severity::error}));
                }
                invalid = any_error(found);
            }
            for (const Diagnostic& d : found) {
                report(d);
                ++(d.severity == Severity::error ? summary.errors : summary.warnings);
            }
            if (invalid) {
                ++summary.rejected;
                std::vector<Diagnostic> all = found;
                if (item.row != nullptr) {
                    for (const input::UnmappedCell& c : item.row->unmapped) {
                        all.push_back(Diagnostic{item.file, c.position.line, c.position.column, c.pointer,
                                                 "unmapped_value", input::unmapped_message(c),
                                                 Severity::error});
                    }
                }
                rejects.add(item, all);
            } else if (add || update) {
                summary.added += add ? 1 : 0;
                summary.updated += update ? 1 : 0;
                // Nothing more is written once a refused import has an invalid record.
                if (summary.rejected == 0 || options.on_invalid == OnInvalid::skip) {
                    if (add) {
                        store.insert(*item.doc, options.actor, "import");
                    } else {
                        Json doc = *item.doc;
                        const std::optional<std::string> withdrawn = withdraw_review(stored->doc, doc);
                        store.update(doc, stored->revision, options.actor, "import", withdrawn.value_or(""));
                    }
                    ++written;
                }
            }
            progress(summary.records);
        });
        for (const Diagnostic& d : unmapped.diagnostics(source.csv_file)) {
            report(d);
            ++summary.errors;
        }
        if (summary.rejected > 0 && options.on_invalid == OnInvalid::refuse) {
            throw Refused{};
        }
        // Inside the transaction: when the rejects cannot be kept, nothing is imported.
        rejects.commit();
    };
    try {
        store.write(body);
    } catch (const Refused&) {
        summary.refused = true;
        summary.added = summary.updated = summary.unchanged = 0;
        return summary;
    }
    summary.written = written > 0;
    return summary;
}

} // namespace casebook::ops
