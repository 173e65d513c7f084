// Recovery files: the answers of an unfinished guided entry, kept so that no
// typing is lost and `create --resume` can finish the job.
#include "ops/recovery.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <sys/stat.h>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/error.hpp"
#include "util/private_file.hpp"
#include "util/i18n.hpp"

namespace casebook::ops {

namespace {

constexpr const char* recovery_kind = "casebook guided entry";

// Creates dir (0700) when missing. Throws Error(io) when it cannot.
void make_folder(const std::filesystem::path& dir)
{
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) {
        return;
    }
    if (dir.has_parent_path()) {
        std::filesystem::create_directories(dir.parent_path(), ec);
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        throw Error(Exit::io, say("cannot create the folder {}: {}", dir.string(), std::strerror(errno)));
    }
}

std::string text_of(const Recovery& r)
{
    Json answers = Json::array();
    for (const InterviewAnswer& a : r.answers) {
        answers.push_back(Json::array({a.question, a.text}));
    }
    Json doc = {{"kind", recovery_kind}, {"started", r.started}, {"today", r.today},
                {"database", r.database}, {"language", r.language}, {"answers", answers}};
    if (!r.draft.is_null()) {
        doc["draft"] = r.draft;
    }
    return doc.dump(2) + "\n";
}

} // namespace

void save_recovery(Recovery& r, const std::filesystem::path& state_folder)
{
    const std::string text = text_of(r);
    if (!r.path.empty()) {
        const std::string fresh = write_private_file(r.path.parent_path(), ".casebook-recovery-XXXXXX.tmp", text);
        if (std::rename(fresh.c_str(), r.path.c_str()) != 0) {
            const int e = errno;
            std::remove(fresh.c_str());
            throw Error(Exit::io, say("cannot replace the recovery file {}: {}", r.path.string(), std::strerror(e)));
        }
        return;
    }
    std::vector<std::filesystem::path> places;
    if (!state_folder.empty()) {
        places.push_back(state_folder);
    }
    std::error_code ec;
    places.push_back(std::filesystem::current_path(ec));
    std::string tried;
    for (const std::filesystem::path& place : places) {
        try {
            make_folder(place);
            r.path = write_private_file(place, "casebook-recovery-XXXXXX.json", text);
            return;
        } catch (const Error& e) {
            tried += (tried.empty() ? "" : "; ") + std::string(e.what());
        }
    }
    throw Error(Exit::io, say("could not write a recovery file ({})", tried));
}

Recovery read_recovery(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw Error(Exit::io, say("cannot read {}: {}", file.string(), std::strerror(errno)));
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Json doc = Json::parse(text, nullptr, false);
    const auto is = [&doc](const char* key, bool (Json::*test)() const noexcept) {
        return doc.contains(key) && (doc.at(key).*test)();
    };
    if (!doc.is_object() || doc.value("kind", "") != recovery_kind || !is("answers", &Json::is_array)) {
        throw Error(Exit::invalid, say("{} is not a casebook recovery file", file.string()));
    }
    Recovery r;
    r.path = file;
    r.started = is("started", &Json::is_string) ? doc.at("started").get<std::string>() : "";
    r.today = is("today", &Json::is_string) ? doc.at("today").get<std::string>() : "";
    r.database = is("database", &Json::is_string) ? doc.at("database").get<std::string>() : "";
    r.language = is("language", &Json::is_string) ? doc.at("language").get<std::string>() : "";
    for (const Json& a : doc.at("answers")) {
        if (!a.is_array() || a.size() != 2 || !a[0].is_number_integer() || !a[1].is_string()) {
            throw Error(Exit::invalid, say("{}: an answer is not [question, text]", file.string()));
        }
        r.answers.push_back({a[0].get<int>(), a[1].get<std::string>()});
    }
    if (doc.contains("draft")) {
        r.draft = doc.at("draft");
    }
    return r;
}

std::vector<Recovery> waiting_recoveries(const std::filesystem::path& state_folder)
{
    const std::filesystem::path& place = state_folder;
    std::vector<Recovery> found;
    std::error_code ec;
    if (place.empty() || !std::filesystem::is_directory(place, ec)) {
        return found;
    }
    for (const auto& entry : std::filesystem::directory_iterator(place, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("casebook-recovery-", 0) != 0 || entry.path().extension() != ".json") {
            continue;
        }
        try {
            found.push_back(read_recovery(entry.path()));
        } catch (const Error&) {
            // Not ours, or half of a file from an older casebook: not offered for resuming.
        }
    }
    std::sort(found.begin(), found.end(), [](const Recovery& a, const Recovery& b) {
        return a.started != b.started ? a.started < b.started : a.path < b.path;
    });
    return found;
}

void remove_recovery(const Recovery& r)
{
    if (!r.path.empty()) {
        std::remove(r.path.c_str());
    }
}

std::optional<std::string> last_project(const std::filesystem::path& dir)
{
    if (dir.empty()) {
        return std::nullopt;
    }
    std::ifstream in(dir / "last-project", std::ios::binary);
    std::string project;
    if (!in || !std::getline(in, project) || project.empty()) {
        return std::nullopt;
    }
    return project;
}

void remember_project(const std::filesystem::path& dir, const std::string& project)
{
    if (dir.empty() || project.find('\n') != std::string::npos) {
        return;
    }
    try {
        make_folder(dir);
        const std::string fresh = write_private_file(dir, ".last-project-XXXXXX.tmp", project + "\n");
        if (std::rename(fresh.c_str(), (dir / "last-project").c_str()) != 0) {
            std::remove(fresh.c_str());
        }
    } catch (const Error&) {
        // Only a default for the next interview: not worth failing a saved case for.
    }
}

} // namespace casebook::ops
