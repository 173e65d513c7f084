#include "casebook/purge.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "casebook/custody.hpp"
#include "casebook/error.hpp"
#include "casebook/recovery.hpp"
#include "casebook/json.hpp"
#include "casebook/store.hpp"
#include "casebook/validate.hpp"

namespace casebook {

namespace fs = std::filesystem;

std::string purge_record_text(const PurgeRecord& record)
{
    Json rows = Json::array();
    for (const PurgedRow& r : record.rows) {
        rows.push_back(Json{{"revision", r.revision}, {"remaining", r.remaining.empty() ? Json() : Json(custody::hex(r.remaining))}});
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
            auto bytes = custody::from_hex(r["remaining"].get<std::string>());
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

std::string file_text(const fs::path& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << f.rdbuf();
    return std::move(buffer).str();
}

// Overwrites a file with zeros before removing it: its blocks then hold no
// content, as far as the file system writes in place.
void shred(const fs::path& path)
{
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
        std::error_code ec;
        auto size = fs::file_size(path, ec);
        std::string zeros(64 * 1024, '\0');
        for (std::uintmax_t done = 0; !ec && done < size;) {
            auto n = static_cast<std::size_t>(std::min<std::uintmax_t>(zeros.size(), size - done));
            ssize_t w = ::write(fd, zeros.data(), n);
            if (w <= 0) {
                break;
            }
            done += static_cast<std::uintmax_t>(w);
        }
        ::fsync(fd);
        ::close(fd);
    }
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) {
        throw Error(Exit::io, fmt::format("cannot remove {}: {}", path.string(), ec.message()));
    }
}

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

// Edit buffers casebook left (abandoned edits: in the state folder, and in
// $TMPDIR/casebook-edit-* where casebook 0.2 kept them) and guided-entry
// recovery files that hold any of needles (the case's id or a purged value).
std::vector<fs::path> leftovers(const std::string& id, const std::set<std::string>& needles)
{
    std::vector<fs::path> out;
    std::error_code ec;
    const char* tmp = std::getenv("TMPDIR");
    fs::path base = tmp != nullptr && *tmp != '\0' ? fs::path(tmp) : fs::path("/tmp");
    auto holds = [&](const fs::path& file) {
        std::string text = file_text(file);
        for (const std::string& n : needles) {
            if (!n.empty() && text.find(n) != std::string::npos) {
                return true;
            }
        }
        return false;
    };
    for (const auto& dir : fs::directory_iterator(base, ec)) {
        if (dir.path().filename().string().rfind("casebook-edit-", 0) != 0 || !dir.is_directory(ec)) {
            continue;
        }
        for (const auto& file : fs::directory_iterator(dir.path(), ec)) {
            if (file.path().filename().string().rfind(id + "-", 0) == 0 || holds(file.path())) {
                out.push_back(file.path());
            }
        }
    }
    // The state folder: guided-entry recovery files, and kept edits
    // ("edit-<database>-<id>-r<revision>-XXXXXX.json", src/edit.cpp).
    fs::path recovery = default_recovery_dir();
    if (!recovery.empty()) {
        for (const auto& file : fs::directory_iterator(recovery, ec)) {
            const std::string name = file.path().filename().string();
            const bool recovery_file = name.rfind("casebook-recovery-", 0) == 0;
            const bool kept_edit = name.rfind("edit-", 0) == 0 && name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
            if ((recovery_file || kept_edit) && file.is_regular_file(ec) &&
                ((kept_edit && name.find("-" + id + "-r") != std::string::npos) || holds(file.path()))) {
                out.push_back(file.path());
            }
        }
    }
    std::sort(out.begin(), out.end()); // the same order each time, in what purge says
    return out;
}

// The text values of a document (or of one value in it) worth looking for in
// leftover files: strings of 4 characters or more, as stored and as JSON.
void strings_of(const Json& value, std::set<std::string>& out)
{
    if (value.is_string()) {
        const std::string& s = value.get_ref<const std::string&>();
        if (s.size() >= 4) {
            out.insert(s);
            out.insert(Json(s).dump());
        }
    } else if (value.is_structured()) {
        for (const Json& v : value) {
            strings_of(v, out);
        }
    }
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
        throw Error(Exit::io, fmt::format("another program has {} open, so its -wal file could not be emptied: the erased "
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
        shred(backup);
        removed.push_back(backup.string());
    }
    return removed;
}

PurgeResult purge_case(Store& store, const std::string& id, const std::optional<std::string>& pointer,
                       const std::string& reason, const std::string& actor)
{
    if (reason.empty()) {
        throw Error(Exit::usage, "--reason is required: the tombstone says why the content was erased");
    }
    // What to look for in leftover files, gathered before it is gone.
    std::set<std::string> needles{fmt::format("\"id\":\"{}\"", id), fmt::format("\"id\": \"{}\"", id)};
    for (const HistoryEntry& e : store.history(id)) {
        if (!e.doc) {
            continue;
        }
        if (!pointer) {
            for (const char* sensitive : {"/person/pseudonym", "/origin/locality", "/narrative", "/notes"}) {
                if (e.doc->contains(Json::json_pointer(sensitive))) {
                    strings_of(e.doc->at(Json::json_pointer(sensitive)), needles);
                }
            }
        } else {
            try {
                Json::json_pointer at(*pointer);
                if (e.doc->contains(at)) {
                    strings_of(e.doc->at(at), needles);
                }
            } catch (const std::exception&) {
                // store.purge reports the bad pointer.
            }
        }
    }
    PurgeResult result;
    store.set_secure_delete(true);
    result.versions = store.purge(id, pointer, reason, actor, [&](const Json& current) {
        std::vector<Problem> problems = check_record(current);
        for (const Problem& p : problems) {
            if (p.severity == Severity::error) {
                throw Error(Exit::invalid, fmt::format("case \"{}\" would not be a valid record without {} ({}: {}): edit "
                                                       "the case instead, or purge the whole case",
                                                       id, *pointer, p.pointer, p.message));
            }
        }
    });
    scrub_file(store);
    result.removed_files = remove_backups(store.path());
    for (const fs::path& file : leftovers(id, needles)) {
        shred(file);
        result.removed_files.push_back(file.string());
    }
    return result;
}

} // namespace casebook
