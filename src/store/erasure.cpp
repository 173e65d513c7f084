#include "store/erasure.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "crypto/custody.hpp"
#include "json/json.hpp"
#include "store/store.hpp"
#include "util/error.hpp"
#include "util/private_file.hpp"
#include "util/i18n.hpp"

namespace casebook::store {

namespace fs = std::filesystem;

std::string purge_record_text(const PurgeRecord& record)
{
    Json rows = Json::array();
    for (const PurgedRow& r : record.rows) {
        rows.push_back(Json{{"revision", r.revision}, {"remaining", r.remaining.empty() ? Json() : Json(crypto::custody::hex(r.remaining))}});
    }
    return Json{{"pointer", record.pointer}, {"rows", rows}}.dump();
}

std::optional<PurgeRecord> parse_purge_record(std::string_view text)
{
    ParseResult parsed = parse_json(text);
    if (!parsed.value || !parsed.value->is_object()) {
        return std::nullopt;
    }
    const Json& j = *parsed.value;
    auto pointer = j.find("pointer");
    auto rows = j.find("rows");
    if (pointer == j.end() || !pointer->is_string() || rows == j.end() || !rows->is_array()) {
        return std::nullopt;
    }
    PurgeRecord out;
    out.pointer = pointer->get<std::string>();
    for (const Json& r : *rows) {
        if (!r.is_object() || !r.contains("revision") || !r["revision"].is_number_integer() || !r.contains("remaining")) {
            return std::nullopt;
        }
        PurgedRow row{r["revision"].get<long long>(), ""};
        if (r["remaining"].is_string()) {
            auto bytes = crypto::custody::from_hex(r["remaining"].get<std::string>());
            if (!bytes) {
                return std::nullopt;
            }
            row.remaining = *bytes;
        } else if (!r["remaining"].is_null()) {
            return std::nullopt;
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

namespace {

// The backups casebook made of this database before migrating it: <db>.v<N>.bak, <db>.v<N>.<n>.bak.
std::vector<fs::path> backups_of(const std::string& db)
{
    std::vector<fs::path> out;
    fs::path p(db);
    fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    const std::string stem = p.filename().string() + ".v";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > stem.size() + 4 && name.compare(0, stem.size(), stem) == 0 &&
            name.compare(name.size() - 4, 4, ".bak") == 0) {
            std::string middle = name.substr(stem.size(), name.size() - stem.size() - 4);
            if (!middle.empty() && middle.find_first_not_of("0123456789.") == std::string::npos && entry.is_regular_file(ec)) {
                out.push_back(entry.path());
            }
        }
    }
    return out;
}

} // namespace

void scrub_file(Store& store)
{
    // VACUUM rewrites every page (with secure_delete, freed space is zeros) and
    // drops the free pages; its temporary copy stays in memory, not in a file.
    store.set_secure_delete(true);
    store.exec("PRAGMA temp_store = MEMORY");
    store.exec("VACUUM");
    std::vector<long long> result = store.pragma_row("PRAGMA wal_checkpoint(TRUNCATE)");
    if (result.empty() || result[0] != 0) {
        throw Error(Exit::io, say("another program has {} open, so its -wal file could not be emptied: the erased "
                                          "content may remain there; close it and run 'casebook purge' again",
                                          store.path()));
    }
}

std::vector<std::string> remove_backups(const std::string& db_path)
{
    std::vector<fs::path> backups = backups_of(db_path);
    std::sort(backups.begin(), backups.end());
    std::vector<std::string> removed;
    for (const fs::path& backup : backups) {
        shred_file(backup);
        removed.push_back(backup.string());
    }
    return removed;
}

} // namespace casebook::store
