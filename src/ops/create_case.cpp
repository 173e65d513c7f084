// create_case: id assignment, validation as `validate` does it, then storing.
#include <algorithm>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/error.hpp"
#include "ops/review.hpp"
#include "ops/create_case.hpp"
#include "input/dataset_check.hpp"
#include "input/record_position.hpp"
#include "store/store.hpp"
#include "schema/schema_validator.hpp"
#include "json/record_access.hpp"
#include "util/i18n.hpp"

namespace casebook::ops {

namespace {

bool needs_id(const Json& record)
{
    if (!record.is_object()) {
        return false;
    }
    auto id = record.find("id");
    // An empty id (as `create --template` leaves it) asks for one too.
    return id == record.end() || (id->is_string() && id->get_ref<const std::string&>().empty());
}

bool is_country_code(const std::string& s)
{
    return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

Problem already_stored(const std::string& id, bool deleted)
{
    if (deleted) {
        return {"/id", "duplicate_id",
                say("case \"{}\" is already in the database (deleted): bring it back with 'casebook restore {}', "
                            "or give this record another id",
                            id, id),
                Severity::error};
    }
    return {"/id", "duplicate_id",
            say("case \"{}\" is already in the database: change it with 'casebook edit {}', or replace it with "
                        "'casebook import --update FILE'",
                        id, id),
            Severity::error};
}

// A stored case that holds exactly what record holds but for its id (a record
// created twice): only cases with the same derived columns are read.
std::optional<std::string> stored_twin(const store::Store& store, const Json& record)
{
    // Compared as canonical text: the numbers of a parsed file and of a stored
    // document may be held as different JSON number types.
    auto without_id = [](Json doc) {
        doc.erase("id");
        return record::canonical_text(doc);
    };
    const std::string mine = without_id(record);
    for (const std::string& id : store.ids_derived_alike(record)) {
        std::optional<store::StoredCase> stored = store.find(id);
        if (stored && without_id(stored->doc) == mine) {
            return id;
        }
    }
    return std::nullopt;
}

} // namespace

std::string assign_id(const store::Store& store, const Json& record)
{
    auto origin = access::text(access::member(&record, "origin"), "country");
    return store.next_id(origin && is_country_code(*origin) ? *origin : "CASE");
}

CreateResult create_case(store::Store& store, input::SourceRecord record, const std::string& actor)
{
    CreateResult result;
    // One transaction: the id chosen is still free when the case is stored.
    store.write([&] {
        if (record.doc && needs_id(*record.doc)) {
            (*record.doc)["id"] = assign_id(store, *record.doc);
            result.id_assigned = true;
        }
        input::DatasetCheck check(SchemaValidator::builtin());
        result.diagnostics = check.check(record);
        if (result.id_assigned) {
            if (auto twin = stored_twin(store, *record.doc)) {
                const std::string id = *access::text(&*record.doc, "id");
                result.diagnostics.push_back(input::locate_problem(
                    record, Problem{"/id", "same_as_stored",
                                    say("this record has no id and holds exactly what case \"{}\" holds: it is stored as a new "
                                        "case {}; if it was entered twice, 'casebook delete {}' removes the copy",
                                        *twin, id, id),
                                    Severity::warning}));
            }
        }
        if (record.doc) {
            if (auto problem = status_problem(*record.doc, nullptr)) {
                result.diagnostics.push_back(input::locate_problem(record, *problem));
            }
            if (auto id = access::text(&*record.doc, "id")) {
                if (auto existing = store.find(*id)) {
                    result.diagnostics.push_back(input::locate_problem(record, already_stored(*id, existing->deleted)));
                }
            }
        }
        for (const Diagnostic& d : result.diagnostics) {
            if (d.severity == Severity::error) {
                return;
            }
        }
        store.insert(*record.doc, actor, "create");
        result.id = access::text(&*record.doc, "id");
    });
    return result;
}

input::SourceRecord stored_source_record(const store::StoredCase& stored, const std::string& db_path)
{
    input::SourceRecord record;
    record.file = fmt::format("{}[{}]", db_path, stored.id);
    record.text = std::make_shared<const std::string>(record::pretty_text(stored.doc));
    record.doc = stored.doc;
    return record;
}

CreateResult create_case(store::Store& store, Json record, const std::string& actor, const std::string& label)
{
    input::SourceRecord source;
    source.file = label;
    source.doc = std::move(record);
    return create_case(store, std::move(source), actor);
}

} // namespace casebook::ops
