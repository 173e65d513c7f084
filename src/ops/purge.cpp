#include "ops/purge.hpp"

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

#include "crypto/custody.hpp"
#include "util/error.hpp"
#include "json/json.hpp"
#include "store/erasure.hpp"
#include "store/store.hpp"
#include "util/private_file.hpp"
#include "record/validate.hpp"
#include "util/i18n.hpp"

namespace casebook::ops {

namespace fs = std::filesystem;



namespace {

std::string file_text(const fs::path& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << f.rdbuf();
    return std::move(buffer).str();
}



// Edit buffers casebook left (abandoned edits: in the state folder, and in
// $TMPDIR/casebook-edit-* where casebook 0.2 kept them) and guided-entry
// recovery files that hold any of needles (the case's id or a purged value).
std::vector<fs::path> leftovers(const std::string& id, const std::set<std::string>& needles, const LeftoverFolders& folders)
{
    std::vector<fs::path> out;
    std::error_code ec;
    const fs::path& base = folders.temp;
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
    const fs::path& recovery = folders.state;
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



PurgeResult purge_case(store::Store& store, const std::string& id, const std::optional<std::string>& pointer,
                       const std::string& reason, const std::string& actor, const LeftoverFolders& folders)
{
    if (reason.empty()) {
        throw Error(Exit::usage, tr("--reason is required: the tombstone says why the content was erased"));
    }
    // What to look for in leftover files, gathered before it is gone.
    std::set<std::string> needles{fmt::format("\"id\":\"{}\"", id), fmt::format("\"id\": \"{}\"", id)};
    for (const store::HistoryEntry& e : store.history(id)) {
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
        std::vector<Problem> problems = record::check_record(current);
        for (const Problem& p : problems) {
            if (p.severity == Severity::error) {
                throw Error(Exit::invalid, say("case \"{}\" would not be a valid record without {} ({}: {}): edit "
                                                       "the case instead, or purge the whole case",
                                                       id, *pointer, p.pointer, p.message));
            }
        }
    });
    store::scrub_file(store);
    result.removed_files = store::remove_backups(store.path());
    for (const fs::path& file : leftovers(id, needles, folders)) {
        shred_file(file);
        result.removed_files.push_back(file.string());
    }
    return result;
}

} // namespace casebook::ops
