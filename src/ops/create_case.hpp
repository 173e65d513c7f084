// Creating a case: from a record read from a file (create FILE, the editor)
// or built in memory (guided entry), validated exactly as `validate` does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "input/records.hpp"
#include "json/diagnostic.hpp"
#include "json/json.hpp"
#include "store/store.hpp"

namespace casebook::ops {

// A stored case as a record to validate (validate --db): its text is what
// `show --format json` prints, so diagnostics give lines in that; the file is
// named "<db>[<id>]".
input::SourceRecord stored_source_record(const store::StoredCase& stored, const std::string& db_path);

// What create_case did: the id of the stored case, or the diagnostics that stopped it.
struct CreateResult {
    std::optional<std::string> id;        // set when the case was stored
    std::vector<Diagnostic> diagnostics;  // errors (nothing stored) and warnings
    bool id_assigned = false;             // the record had no id and got one
};

// Creates a case from a record read from a file: assigns "<ORIGIN>-NNNN" when it
// has no id (or an empty one), validates it exactly as `validate` does plus
// "id not already in the database", and stores it (history action "create")
// only when there is no error.
CreateResult create_case(store::Store& store, input::SourceRecord record, const std::string& actor);

// The same for a record built in memory (guided entry); diagnostics name `label` as the file.
CreateResult create_case(store::Store& store, Json record, const std::string& actor, const std::string& label = "<entry>");

// The id create_case gives a record without one: "<ORIGIN>-NNNN", or "CASE-NNNN"
// when the origin country is not known.
std::string assign_id(const store::Store& store, const Json& record);

} // namespace casebook::ops
