// write_private_file: a new file, mode 0600 whatever the umask, written whole
// or removed; and the private folder `edit` hands the editor, gone afterwards.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include <sys/resource.h>
#include <sys/stat.h>

#include "ops/edit.hpp"
#include "util/error.hpp"
#include "util/private_file.hpp"
#include "store/store.hpp"
#include "../case_fixtures.hpp"
#include "../files.hpp"

using namespace casebook;
using casebook::test::TempDir;
using casebook::test::read_file;
using casebook::test::mode_of;

namespace {

// Sets the umask for the life of the object.
class Umask {
public:
    explicit Umask(mode_t mask) : old_(::umask(mask)) {}
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;
    ~Umask() { ::umask(old_); }

private:
    mode_t old_;
};

// Limits the size of files this process writes (write fails with EFBIG past it), for the life of the object.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &old_);
        old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit lower = old_;
        lower.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &lower);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &old_);
        std::signal(SIGXFSZ, old_handler_);
    }

private:
    struct rlimit old_ {};
    void (*old_handler_)(int) = nullptr;
};

} // namespace

TEST_CASE("a private file is mode 0600 even with umask 0, and holds the text", "[private_file]")
{
    TempDir dir;
    Umask open_to_all(0);
    const std::string text = "{\n  \"id\": \"sv-001\"\n}\n";
    const std::string path = write_private_file(dir.path(), "case-XXXXXX.json", text);
    CHECK(std::filesystem::path(path).parent_path() == dir.path());
    const std::string name = std::filesystem::path(path).filename().string();
    CHECK(name.size() == std::string("case-XXXXXX.json").size());
    CHECK(name.rfind("case-", 0) == 0);
    CHECK(name.substr(name.size() - 5) == ".json");
    CHECK(name.find("XXXXXX") == std::string::npos);
    CHECK(mode_of(path) == 0600);
    CHECK(read_file(path) == text);
    // A second file never overwrites the first.
    const std::string second = write_private_file(dir.path(), "case-XXXXXX.json", "other");
    CHECK(second != path);
    CHECK(read_file(path) == text);
    CHECK(read_file(second) == "other");
}

TEST_CASE("a private file is exactly 0600 under a umask that would take the owner's write", "[private_file]")
{
    TempDir dir;
    Umask strict(0277);
    const std::string path = write_private_file(dir.path(), "XXXXXX", "");
    CHECK(mode_of(path) == 0600);
    CHECK(read_file(path).empty());
}

TEST_CASE("a large text is written whole", "[private_file]")
{
    TempDir dir;
    std::string text;
    for (int i = 0; text.size() < (1 << 20); ++i) {
        text += std::to_string(i) + '\n';
    }
    CHECK(read_file(write_private_file(dir.path(), "big-XXXXXX.txt", text)) == text);
}

TEST_CASE("a private file in a folder that does not exist: Error and nothing left behind", "[private_file]")
{
    TempDir dir;
    try {
        write_private_file(dir.path() / "missing", "case-XXXXXX.json", "text");
        FAIL("no Error thrown");
    } catch (const Error& e) {
        CHECK(e.exit() == Exit::io);
        CHECK(std::string(e.what()) == "cannot create a file in " + (dir.path() / "missing").string() + ": No such file or directory");
    }
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("a write that fails half way removes the file", "[private_file]")
{
    TempDir dir;
    const std::string text(64 * 1024, 'x');
    std::string message;
    {
        FileSizeLimit limit(4096); // the first write is short, the next fails with EFBIG
        try {
            write_private_file(dir.path(), "case-XXXXXX.json", text);
        } catch (const Error& e) {
            CHECK(e.exit() == Exit::io);
            message = e.what();
        }
    }
    CHECK(message.rfind("cannot write " + dir.path().string() + "/case-", 0) == 0);
    CHECK(message.find(": File too large") != std::string::npos);
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("edit gives the editor a 0600 file in the 0700 folder of kept edits and removes it", "[private_file][edit]")
{
    TempDir dir;
    const std::filesystem::path state = dir.path() / "state" / "casebook";
    {
        store::Store store = store::Store::create(dir / "c.db");
        store.insert(test::minimal_case(), "test");
        Umask open_to_all(0);
        std::string seen;
        std::istringstream in;
        std::ostringstream err;
        ops::EditResult r = ops::edit_case(
            store, "t-min", "ed", state,
            [&](const std::string& file) {
                seen = file;
                CHECK(mode_of(file) == 0600);
                CHECK(mode_of(std::filesystem::path(file).parent_path()) == 0700);
                CHECK(std::filesystem::path(file).parent_path() == state);
                const std::string name = std::filesystem::path(file).filename().string();
                CHECK(name.rfind("edit-", 0) == 0);
                CHECK(name.find("-t-min-r1-") != std::string::npos);
                CHECK(read_file(file).find("\"t-min\"") != std::string::npos);
                // An edit in progress is locked: no other casebook lists it as waiting.
                CHECK(ops::kept_edits(state, dir / "c.db", "t-min").empty());
                CHECK(std::filesystem::exists(file + ".lock"));
                return 0;
            },
            in, err);
        CHECK(r.end == ops::EditEnd::unchanged);
        CHECK_FALSE(seen.empty());
        CHECK(ops::kept_edits(state, dir / "c.db").empty());
    }
    CHECK(std::filesystem::is_empty(state));
}
