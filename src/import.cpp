#include "casebook/import.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <istream>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <unistd.h>

#include "casebook/canonical.hpp"
#include "casebook/error.hpp"
#include "casebook/mapping.hpp"
#include "casebook/records.hpp"
#include "casebook/store.hpp"
#include "casebook/validate.hpp"

namespace casebook {

std::string ImportSummary::summary_line() const
{
    const char* s = records == 1 ? "" : "s";
    if (refused) {
        return fmt::format("{} record{}: {} invalid; nothing written ({} error{}; --skip-invalid imports the {} valid one{})",
                           records, s, rejected, errors, errors == 1 ? "" : "s", records - rejected,
                           records - rejected == 1 ? "" : "s");
    }
    return fmt::format("{} record{}: {} added, {} updated, {} unchanged, {} rejected", records, s, added, updated,
                       unchanged, rejected);
}

namespace {

// One record of the input as both passes see it.
struct Item {
    std::string file;
    std::size_t line = 0;
    const Json* doc = nullptr;            // null when the text is not JSON
    std::vector<Diagnostic> diagnostics;  // pass 1 only
    const SourceRecord* json = nullptr;   // set for JSON inputs
    const MappedRow* row = nullptr;       // set for CSV rows
};

using ItemVisitor = std::function<void(Item&)>;

// A copy of stdin in a temporary file, so that both passes can read it; removed on destruction.
class StdinCopy {
public:
    explicit StdinCopy(std::istream& in)
    {
        const char* dir = std::getenv("TMPDIR");
        path_ = fmt::format("{}/casebook-import-XXXXXX", dir != nullptr && *dir != '\0' ? dir : "/tmp");
        int fd = ::mkstemp(path_.data());
        if (fd < 0) {
            throw Error(Exit::io, fmt::format("cannot create a temporary file for stdin: {}", std::strerror(errno)));
        }
        ::close(fd);
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out << in.rdbuf();
        out.flush();
        if (!out) {
            ::unlink(path_.c_str());
            throw Error(Exit::io, fmt::format("cannot copy stdin to {}: {}", path_, std::strerror(errno)));
        }
    }
    ~StdinCopy() { ::unlink(path_.c_str()); }
    StdinCopy(const StdinCopy&) = delete;
    StdinCopy& operator=(const StdinCopy&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Reads every record of the source once, in input order.
void each_item(const ImportSource& source, const std::string* stdin_copy, bool checking, DatasetCheck* check,
               const ItemVisitor& visit)
{
    if (source.mapping != nullptr) {
        std::ifstream in(source.csv_file, std::ios::binary);
        if (!in) {
            throw Error(Exit::io, fmt::format("cannot read {}: {}", source.csv_file, std::strerror(errno)));
        }
        std::unordered_map<std::string, std::size_t> seen; // id -> line (pass 1)
        read_mapped_csv(in, source.csv_file, *source.mapping, [&](MappedRow& row) {
            Item item;
            item.file = source.csv_file;
            item.line = row.line;
            item.doc = &row.record;
            item.row = &row;
            if (checking) {
                auto place = [&](const Problem& p) {
                    CellPosition at = row.position_of(p.pointer);
                    return Diagnostic{source.csv_file, at.line, at.column, p.pointer, p.code, p.message, p.severity};
                };
                for (const Problem& p : row.problems) {
                    item.diagnostics.push_back(place(p));
                }
                // A row with unmapped values is reported once per value (UnmappedReport), not per field.
                if (row.unmapped.empty()) {
                    for (const Problem& p : check_record(row.record)) {
                        item.diagnostics.push_back(place(p));
                    }
                }
                auto id = row.record.find("id");
                if (id != row.record.end() && id->is_string()) {
                    auto [first, inserted] = seen.emplace(id->get<std::string>(), row.line);
                    if (!inserted) {
                        item.diagnostics.push_back(place(Problem{
                            "/id", "duplicate_id",
                            fmt::format("id \"{}\" is already used by the row at {}:{}: every case needs its own id",
                                        id->get<std::string>(), source.csv_file, first->second),
                            Severity::error}));
                    }
                }
            }
            visit(item);
            return true;
        });
        return;
    }
    std::ifstream copy;
    std::istream* in = source.stdin_stream;
    if (stdin_copy != nullptr) {
        copy.open(*stdin_copy, std::ios::binary);
        if (!copy) {
            throw Error(Exit::io, fmt::format("cannot read {}: {}", *stdin_copy, std::strerror(errno)));
        }
        in = &copy;
    }
    static std::istringstream no_stdin;
    read_records(source.inputs, in != nullptr ? *in : no_stdin, [&](SourceRecord& record) {
        Item item;
        item.file = record.file;
        item.json = &record;
        item.doc = record.doc ? &*record.doc : nullptr;
        if (checking) {
            item.diagnostics = check->check(record);
            Diagnostic where = locate_problem(record, Problem{});
            item.line = where.line;
        }
        visit(item);
        return true;
    });
}

// The diagnostic of a problem with an item found outside validation (the database).
Diagnostic item_diagnostic(const Item& item, const Problem& p)
{
    if (item.json != nullptr) {
        return locate_problem(*item.json, p);
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

// The rejects file of --skip-invalid: one JSON object per rejected record, with its errors.
class RejectsFile {
public:
    explicit RejectsFile(std::string path) : path_(std::move(path)) {}

    void add(const Item& item, const std::vector<Diagnostic>& diagnostics)
    {
        if (path_.empty()) {
            return;
        }
        if (!out_.is_open()) {
            out_.open(path_, std::ios::binary | std::ios::trunc);
            if (!out_) {
                throw Error(Exit::io, fmt::format("cannot write the rejects file {}: {}", path_, std::strerror(errno)));
            }
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
        out_ << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
        if (!out_) {
            throw Error(Exit::io, fmt::format("cannot write the rejects file {}: {}", path_, std::strerror(errno)));
        }
    }

private:
    std::string path_;
    std::ofstream out_;
};

} // namespace

ImportSummary import_records(Store& store, const ImportSource& source, const ImportOptions& options)
{
    auto report = [&](const Diagnostic& d) {
        if (options.report) {
            options.report(d);
        }
    };
    auto progress = [&](ImportPass pass, std::size_t done, std::size_t total) {
        if (options.progress) {
            options.progress(pass, done, total);
        }
    };

    std::unique_ptr<StdinCopy> stdin_copy;
    if (source.mapping == nullptr) {
        for (const std::string& input : source.inputs) {
            if (input == "-" && source.stdin_stream != nullptr && !stdin_copy) {
                stdin_copy = std::make_unique<StdinCopy>(*source.stdin_stream);
            }
        }
    }
    const std::string* copy_path = stdin_copy ? &stdin_copy->path() : nullptr;

    // Pass 1: validate everything, against the database too.
    ImportSummary summary;
    // What pass 2 does with each record, by position in the input.
    enum class Action : unsigned char { skip, add, update };
    std::vector<Action> actions;
    UnmappedReport unmapped;
    RejectsFile rejects(options.on_invalid == OnInvalid::skip ? options.rejects_file : std::string());
    DatasetCheck check(SchemaValidator::builtin());
    std::size_t position = 0;
    each_item(source, copy_path, true, &check, [&](Item& item) {
        ++summary.records;
        std::vector<Diagnostic>& found = item.diagnostics;
        if (item.row != nullptr) {
            unmapped.add(*item.row);
        }
        bool invalid = any_error(found) || (item.row != nullptr && !item.row->unmapped.empty());
        Action action = Action::skip;
        if (!invalid && item.doc != nullptr) {
            const std::string id = item.doc->at("id").get<std::string>();
            std::optional<StoredCase> stored = store.find(id);
            if (!stored) {
                ++summary.added;
                action = Action::add;
            } else if (stored->deleted) {
                found.push_back(item_diagnostic(
                    item, Problem{"/id", "id_deleted",
                                  fmt::format("case \"{}\" was deleted from the database: 'casebook restore {}' first, or "
                                              "give this record another id",
                                              id, id),
                                  Severity::error}));
            } else if (stored->doc.dump() == canonical_text(*item.doc)) {
                ++summary.unchanged;
            } else if (options.on_existing == OnExisting::update) {
                ++summary.updated;
                action = Action::update;
            } else {
                found.push_back(item_diagnostic(
                    item, Problem{"/id", "id_exists",
                                  fmt::format("case \"{}\" is already in the database with other content: --update "
                                              "stores this record as its new revision",
                                              id),
                                  Severity::error}));
            }
            invalid = any_error(found);
        }
        for (const Diagnostic& d : found) {
            report(d);
            ++(d.severity == Severity::error ? summary.errors : summary.warnings);
        }
        actions.push_back(invalid ? Action::skip : action);
        if (invalid) {
            ++summary.rejected;
            std::vector<Diagnostic> all = found;
            if (item.row != nullptr) {
                for (const UnmappedCell& c : item.row->unmapped) {
                    all.push_back(Diagnostic{item.file, c.position.line, c.position.column, c.pointer, "unmapped_value",
                                             fmt::format("column \"{}\": \"{}\" {}", c.column, c.value, c.reason),
                                             Severity::error});
                }
            }
            rejects.add(item, all);
        }
        progress(ImportPass::validate, ++position, 0);
    });
    for (const Diagnostic& d : unmapped.diagnostics(source.csv_file)) {
        report(d);
        ++summary.errors;
    }
    if (summary.rejected > 0 && options.on_invalid == OnInvalid::refuse) {
        summary.refused = true;
        summary.added = summary.updated = summary.unchanged = 0;
        return summary;
    }
    if (summary.added + summary.updated == 0) {
        return summary;
    }

    // Pass 2: write every valid record, in one transaction.
    const std::size_t total = summary.records;
    std::size_t added = 0, updated = 0;
    store.write([&] {
        position = 0;
        each_item(source, copy_path, false, nullptr, [&](Item& item) {
            const std::size_t at = position++;
            if (at >= actions.size()) {
                throw Error(Exit::io, "the input changed while it was being imported: nothing written");
            }
            if (item.doc == nullptr && actions[at] != Action::skip) {
                throw Error(Exit::io, "the input changed while it was being imported: nothing written");
            }
            // The database may have changed since pass 1 (another writer): insert
            // refuses an id that exists by now, update a case changed meanwhile,
            // and either error rolls the whole import back.
            if (actions[at] == Action::add) {
                store.insert(*item.doc, options.actor, "import");
                ++added;
            } else if (actions[at] == Action::update) {
                std::optional<StoredCase> stored = store.find(item.doc->at("id").get<std::string>());
                if (!stored) {
                    throw Error(Exit::io, "a case was deleted from the database while it was being imported: nothing written");
                }
                if (store.update(*item.doc, stored->revision, options.actor, "import")) {
                    ++updated;
                }
            }
            progress(ImportPass::write, position, total);
        });
        if (position != actions.size()) {
            throw Error(Exit::io, "the input changed while it was being imported: nothing written");
        }
    });
    summary.added = added;
    summary.updated = updated;
    summary.written = true;
    return summary;
}

} // namespace casebook
