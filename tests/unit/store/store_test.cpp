// The case store: file creation and opening, migrations, writes, history,
// create_case and edit_case. Each test works in its own temporary folder.
#include <catch2/catch.hpp>

#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "record/canonical.hpp"
#include "ops/edit.hpp"
#include "util/error.hpp"
#include "store/history.hpp"
#include "schema/schema.hpp"
#include "schema/schema_validator.hpp"
#include "ops/create_case.hpp"
#include "input/dataset_check.hpp"
#include "store/store.hpp"
#include "../files.hpp"

using namespace casebook;
using casebook::test::TempDir;
using casebook::test::read_file;
using casebook::test::write_file;
using casebook::test::mode_of;

namespace {

std::string example_path(const std::string& name)
{
    return std::string(CASEBOOK_SOURCE_DIR) + "/examples/northern-triangle/" + name;
}

Json example(const std::string& name)
{
    return Json::parse(read_file(example_path(name)));
}

// A small valid case.
Json minimal(const std::string& id)
{
    Json r = Json::parse(R"({"schema_version": "1", "origin": {"country": "SLV"}, "returns": [{"from": "USA", "to": "SLV"}]})");
    if (!id.empty()) {
        r["id"] = id;
    }
    return r;
}

std::string error_of(const std::function<void()>& f, Exit expected)
{
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.exit() == expected);
        return e.what();
    }
    FAIL("no error thrown");
    return "";
}

// The format this build writes, and a test step one past it.
const int current_format = store::migrations().back().version;
const store::Migration test_migration_next{current_format + 1, "a test step", "CREATE TABLE extra (x INTEGER);", store::Rebuild::yes, store::Chain::no, {}};

} // namespace

TEST_CASE("create makes a 0600 file whatever the umask, and never overwrites", "[store]")
{
    TempDir dir;
    mode_t old = ::umask(0);
    {
        store::Store store = store::Store::create(dir / "a.db");
        store.write([&] {
            store.insert(minimal("c1"), "test");
            // SQLite gives its -wal file the database's mode.
            CHECK(mode_of(dir / "a.db-wal") == 0600);
        });
    }
    ::umask(old);
    CHECK(mode_of(dir / "a.db") == 0600);
    std::string message = error_of([&] { store::Store::create(dir / "a.db"); }, Exit::io);
    CHECK(message.find("already exists") != std::string::npos);
    write_file(dir / "other.txt", "keep me");
    error_of([&] { store::Store::create(dir / "other.txt"); }, Exit::io);
    CHECK(read_file(dir / "other.txt") == "keep me");
}

TEST_CASE("open refuses a missing, foreign or newer database", "[store]")
{
    TempDir dir;
    CHECK(error_of([&] { store::Store::open(dir / "none.db", store::Access::read); }, Exit::io) ==
          "no database at " + (dir / "none.db") + ": create one with 'casebook init'");
    write_file(dir / "text.db", "this is not a database at all, just some text that is long enough to fill a header ....");
    CHECK(error_of([&] { store::Store::open(dir / "text.db", store::Access::read); }, Exit::io).find("not a casebook database") != std::string::npos);
    write_file(dir / "empty.db", "");
    CHECK(error_of([&] { store::Store::open(dir / "empty.db", store::Access::write); }, Exit::io).find("not a casebook database") != std::string::npos);
    {
        SQLite::Database other(dir / "other.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        other.exec("CREATE TABLE t(x); PRAGMA user_version = 1");
    }
    CHECK(error_of([&] { store::Store::open(dir / "other.db", store::Access::read); }, Exit::io).find("not a casebook database") != std::string::npos);

    std::vector<store::Migration> newer = store::migrations();
    newer.push_back(test_migration_next);
    store::Store::create(dir / "new.db", {}, newer);
    std::string message = error_of([&] { store::Store::open(dir / "new.db", store::Access::read); }, Exit::io);
    CHECK(message.find(fmt::format("newer casebook (database format {}; this casebook reads up to {})", current_format + 1,
                                   current_format)) != std::string::npos);
}

TEST_CASE("an older database is read as it is, and backed up, then migrated in one transaction, by a write", "[store]")
{
    TempDir dir;
    {
        store::Store store = store::Store::create(dir / "c.db");
        store.insert(minimal("c1"), "test");
        CHECK(store.format_version() == current_format);
    }
    std::vector<store::Migration> newer = store::migrations();
    newer.push_back(test_migration_next);
    {
        // Reading migrates a private copy, never the file: no backup either.
        store::Store reader = store::Store::open(dir / "c.db", store::Access::read, {}, newer);
        CHECK(reader.format_version() == current_format + 1);
        CHECK(reader.find("c1"));
        CHECK_FALSE(reader.backup_path());
        CHECK_FALSE(std::filesystem::exists(dir / fmt::format("c.db.v{}.bak", current_format)));
        SQLite::Database file(dir / "c.db", SQLite::OPEN_READONLY);
        CHECK(file.execAndGet("PRAGMA user_version").getInt() == current_format);
    }
    store::Store store = store::Store::open(dir / "c.db", store::Access::write, {}, newer);
    CHECK(store.format_version() == current_format + 1);
    REQUIRE(store.backup_path());
    CHECK(*store.backup_path() == dir / fmt::format("c.db.v{}.bak", current_format));
    CHECK(mode_of(*store.backup_path()) == 0600);
    CHECK(store.find("c1"));
    store::Store backup = store::Store::open(*store.backup_path(), store::Access::read);
    CHECK(backup.format_version() == current_format);
    CHECK(backup.find("c1"));
    // No data, no backup.
    store::Store::create(dir / "empty.db");
    CHECK_FALSE(store::Store::open(dir / "empty.db", store::Access::write, {}, newer).backup_path());
}

TEST_CASE("a format 1 database is migrated to case_dims, its cases and deletions kept", "[store]")
{
    TempDir dir;
    const std::string path = dir / "old.db";
    Json tagged = minimal("c2");
    tagged["tags"] = Json::array({"t1", "a;b"});
    {
        // What casebook 0.1 (format 1) wrote: derived columns, and case_values
        // rows for single-valued dimensions too.
        store::Store::create(path, {}, {store::migrations().front()});
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        SQLite::Statement st(db, "INSERT INTO cases(id, doc, revision, deleted, status, origin, outcome, verified_outcome, "
                                 "created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', 'SLV', 'unknown', 'unknown', "
                                 "'2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')");
        int n = 0;
        for (const auto& [doc, deleted] : {std::pair<Json, int>{minimal("c1"), 0}, {tagged, 0}, {minimal("c3"), 1}}) {
            st.reset();
            st.bind(1, doc["id"].get<std::string>());
            st.bind(2, doc.dump());
            st.bind(3, ++n);
            st.bind(4, deleted);
            st.exec();
        }
        db.exec("INSERT INTO case_values VALUES ('c1', 'origin', 'SLV'), ('c2', 'tag', 't1')");
        CHECK(db.execAndGet("PRAGMA user_version").getInt() == 1);
    }
    std::vector<std::string> notices;
    store::OpenSettings told;
    told.migrated = [&](const std::string& p, int from, int to, const std::optional<std::string>& backup) {
        notices.push_back(fmt::format("{} {}->{} {}", p, from, to, backup.value_or("-")));
    };
    store::Store store = store::Store::open(path, store::Access::write, told);
    store::Store again = store::Store::open(path, store::Access::read, told); // already migrated: no second notice
    CHECK(notices == std::vector<std::string>{fmt::format("{} 1->{} {}", path, current_format, dir / "old.db.v1.bak")});
    CHECK(store.format_version() == current_format);
    REQUIRE(store.backup_path());
    CHECK(*store.backup_path() == dir / "old.db.v1.bak");
    CHECK(store.find("c3")->deleted);
    // No history in that file: each case's history starts with a "migrate" row of its document.
    CHECK(store.find("c2")->revision == 1);
    CHECK(store.history("c2").at(0).action == "migrate");

    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT group_concat(id || ':' || deleted || ':' || origin || ':' || returned_to || ':' || tag, ' ') "
                        "FROM (SELECT * FROM case_dims ORDER BY id)")
              .getString() == "c1:0:SLV:SLV: c2:0:SLV:SLV:2:t13:a;b c3:1:SLV:SLV:");
    // case_values: multi-valued dimensions only, rebuilt from the documents.
    CHECK(db.execAndGet("SELECT group_concat(case_id || '/' || dim || '/' || value, ' ') "
                        "FROM (SELECT * FROM case_values ORDER BY case_id, dim, value)")
              .getString() == "c2/tag/a;b c2/tag/t1");
    CHECK(db.execAndGet("SELECT group_concat(tag, ' ') FROM tags_v").getString() == "a;b t1");
    CHECK(db.execAndGet("SELECT returned_to FROM cases WHERE id = 'c3'").getString() == "SLV");
}

TEST_CASE("a stored case keeps its canonical document and its derived values", "[store]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    Json scrambled = Json::parse(R"({"returns": [{"to": "MEX", "from": "USA", "date": "2017-05"}], "origin": {"country": "SLV"},
                                    "id": "x1", "schema_version": "1", "tags": ["t1", "t2"]})");
    store.insert(scrambled, "tester");
    auto stored = store.find("x1");
    REQUIRE(stored);
    CHECK(stored->doc.dump() ==
          R"({"schema_version":"1","id":"x1","origin":{"country":"SLV"},"returns":[{"date":"2017-05","from":"USA","to":"MEX"}],"tags":["t1","t2"]})");
    CHECK(stored->revision == 1);
    CHECK_FALSE(stored->deleted);

    SQLite::Database db(dir / "c.db");
    SQLite::Statement row(db, "SELECT status, origin, returned_to, return_date, return_year, outcome, flags, minor FROM cases WHERE id = 'x1'");
    REQUIRE(row.executeStep());
    CHECK(row.getColumn(0).getString() == "draft");
    CHECK(row.getColumn(1).getString() == "SLV");
    CHECK(row.getColumn(2).getString() == "MEX");
    CHECK(row.getColumn(3).getString() == "2017-05");
    CHECK(row.getColumn(4).getInt() == 2017);
    CHECK(row.getColumn(5).getString() == "unknown");
    CHECK(row.getColumn(6).getString() == "chain_return");
    CHECK(row.getColumn(7).getString() == "unknown");
    CHECK(db.execAndGet("SELECT count(*) FROM case_values WHERE case_id = 'x1' AND dim = 'tag'").getInt() == 2);
    CHECK(db.execAndGet("SELECT count(*) FROM case_values WHERE case_id = 'x1' AND dim = 'flight_year'").getInt() == 0);
    CHECK(db.execAndGet("SELECT flag FROM flags_v").getString() == "chain_return");
    CHECK(db.execAndGet("SELECT flags FROM cases_v WHERE id = 'x1'").getString() == "chain_return");
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("history is append-only", "[store]")
{
    TempDir dir;
    {
        store::Store store = store::Store::create(dir / "c.db");
        store.insert(minimal("c1"), "test");
    }
    SQLite::Database db(dir / "c.db", SQLite::OPEN_READWRITE);
    // Another program than casebook has no casebook_rewriting(): the triggers refuse there.
    CHECK_THROWS_WITH(db.exec("UPDATE history SET actor = 'someone else'"), Catch::Contains("casebook_rewriting"));
    CHECK_THROWS_WITH(db.exec("DELETE FROM history"), Catch::Contains("casebook_rewriting"));
    CHECK(db.execAndGet("SELECT count(*) FROM history").getInt() == 1);
}

TEST_CASE("update stores a new revision only when the record changed", "[store]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    store.insert(minimal("c1"), "ana");
    CHECK_FALSE(store.update(minimal("c1"), 1, "ana"));
    Json changed = minimal("c1");
    changed["after_return"]["situation"] = Json::array({"in_hiding"});
    CHECK(store.update(changed, 1, "ben"));
    CHECK(store.find("c1")->revision == 2);
    CHECK(error_of([&] { store.update(minimal("c1"), 1, "ben"); }, Exit::invalid).find("changed meanwhile") != std::string::npos);

    auto history = store.history(std::string("c1"));
    REQUIRE(history.size() == 2);
    CHECK(history[0].action == "create");
    CHECK(history[0].actor == "ana");
    CHECK(history[1].action == "edit");
    CHECK(history[1].actor == "ben");
    CHECK(history[1].revision == 2);
    CHECK(history[1].at.size() == 20);
    auto changes = store::diff_records(*history[0].doc, *history[1].doc);
    REQUIRE(changes.size() == 1);
    CHECK(store::format_change(changes[0]) == "/after_return: (absent) \u2192 {\"situation\":[\"in_hiding\"]}");
}

TEST_CASE("delete is soft and restore brings the case back", "[store]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    store.insert(minimal("c1"), "test");
    store.insert(minimal("c2"), "test");
    store.set_deleted("c1", true, "test", "duplicate of c2");
    std::vector<std::string> live;
    store.for_each_case([&](const store::StoredCase& c) {
        live.push_back(c.id);
        return true;
    });
    CHECK(live == std::vector<std::string>{"c2"});
    CHECK(store.find("c1")->deleted);
    CHECK(error_of([&] { store::live_case(store, "c1"); }, Exit::invalid).find("restore c1") != std::string::npos);
    CHECK(error_of([&] { store.set_deleted("c1", true, "test"); }, Exit::invalid).find("already deleted") != std::string::npos);
    store.set_deleted("c1", false, "test");
    CHECK(store::live_case(store, "c1").revision == 3);
    auto history = store.history(std::string("c1"));
    REQUIRE(history.size() == 3);
    CHECK(history[1].action == "delete");
    CHECK(history[1].note == "duplicate of c2");
    CHECK(history[2].action == "restore");
    CHECK(error_of([&] { store::live_case(store, "c3"); }, Exit::invalid).find("did you mean") != std::string::npos);
}

TEST_CASE("a failed write() leaves nothing behind", "[store]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    CHECK_THROWS(store.write([&] {
        store.insert(minimal("c1"), "test");
        store.insert(minimal("c1"), "test"); // the same id again: refused
    }));
    CHECK_FALSE(store.find("c1"));
    CHECK(store.history().empty());
}

TEST_CASE("a read-only store refuses writes", "[store]")
{
    TempDir dir;
    store::Store::create(dir / "c.db");
    store::Store store = store::Store::open(dir / "c.db", store::Access::read);
    CHECK_THROWS_AS(store.insert(minimal("c1"), "test"), Error);
}

TEST_CASE("create_case assigns ids, validates and refuses existing ids", "[store]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    ops::CreateResult first = ops::create_case(store, minimal(""), "test");
    REQUIRE(first.id);
    CHECK(*first.id == "SLV-0001");
    CHECK(first.id_assigned);
    Json empty_id = minimal("");
    empty_id["id"] = "";
    CHECK(*ops::create_case(store, empty_id, "test").id == "SLV-0002");
    store.insert(minimal("SLV-0041"), "test");
    store.insert(minimal("SLV-x"), "test");
    CHECK(*ops::create_case(store, minimal(""), "test").id == "SLV-0042");
    Json no_origin = Json::parse(R"({"schema_version": "1"})");
    CHECK(*ops::create_case(store, no_origin, "test").id == "CASE-0001");

    ops::CreateResult again = ops::create_case(store, minimal("SLV-0001"), "test");
    CHECK_FALSE(again.id);
    REQUIRE(again.diagnostics.size() == 1);
    CHECK(again.diagnostics[0].code == "duplicate_id");
    CHECK(again.diagnostics[0].message.find("casebook edit SLV-0001") != std::string::npos);

    Json invalid = minimal("bad");
    invalid["origin"]["country"] = "XXX";
    ops::CreateResult rejected = ops::create_case(store, invalid, "test", "entry");
    CHECK_FALSE(rejected.id);
    REQUIRE_FALSE(rejected.diagnostics.empty());
    CHECK(rejected.diagnostics[0].pointer == "/origin/country");
    CHECK(rejected.diagnostics[0].file == "entry");
    CHECK_FALSE(store.find("bad"));
}

TEST_CASE("a stored case validates as a record located in its JSON text", "[store]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    Json doc = minimal("c1");
    doc["status"] = "complete"; // a complete case needs journey and after_return
    store.insert(doc, "test");
    input::SourceRecord record = ops::stored_source_record(*store.find("c1"), "c.db");
    input::DatasetCheck check(SchemaValidator::builtin());
    std::vector<Diagnostic> found = check.check(record);
    REQUIRE_FALSE(found.empty());
    CHECK(found[0].file == "c.db[c1]");
    CHECK(found[0].line > 0);
}

TEST_CASE("every example is stored and shown byte for byte", "[store]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    for (const char* name : {"sv-001.json", "gt-002.json", "hn-003.json"}) {
        Json doc = example(name);
        ops::CreateResult r = ops::create_case(store, doc, "test");
        REQUIRE(r.id);
        CHECK(record::pretty_text(store.find(*r.id)->doc) == read_file(example_path(name)));
    }
}

TEST_CASE("canonicalise orders keys as the schema does; the template has every field", "[store]")
{
    Json doc = Json::parse(R"({"tags": ["a"], "zzz": 1, "person": {"sex": "male", "pseudonym": "P"}, "id": "a", "schema_version": "1"})");
    CHECK(record::canonicalise(doc).dump() == R"({"schema_version":"1","id":"a","person":{"pseudonym":"P","sex":"male"},"tags":["a"],"zzz":1})");
    CHECK(record::canonical_text(doc) == record::canonicalise(doc).dump());

    // canonical_text writes what dump() writes, for every example and for awkward strings and numbers.
    for (const char* name : {"sv-001.json", "gt-002.json", "hn-003.json", "sv-004.json"}) {
        Json e = example(name);
        CHECK(record::canonical_text(e) == record::canonicalise(e).dump());
    }
    Json odd = Json::parse(R"({"zz": [1.5, -0.0, 1e300, 12345678901234567890, -3, true, null, {}, []],
        "id": "q\"uote\\back\/slash\u0001\u001f\u007f\b\f\n\r\t é 😀", "tags": ["\u0000"],
        "person": {"birth_year": 1990.0, "extra": {"b": 1, "a": 2}}})");
    CHECK(record::canonical_text(odd) == record::canonicalise(odd).dump());
    CHECK(record::canonical_text(odd).rfind(R"({"id":"q\"uote\\back/slash\u0001\u001f)" "\x7f" R"(\b\f\n\r\t é 😀")", 0) == 0);

    Json t = record::case_template();
    const Json& props = embedded_schema().at("properties");
    std::vector<std::string> keys, expected;
    for (const auto& [k, v] : t.items()) {
        keys.push_back(k);
    }
    for (const auto& [k, v] : props.items()) {
        expected.push_back(k);
    }
    CHECK(keys == expected);
    CHECK(t["person"]["sex"] == "female | male | other | unknown");
    CHECK(t["journey"][0]["asylum"].contains("represented"));
    CHECK(t["after_return"]["harms"][0]["date"] == "YYYY-MM-DD");
    CHECK(t["origin"]["country"] == "");
    CHECK(t["status"] == "draft");
}

TEST_CASE("drop_unfilled_placeholders: what the template still holds is not recorded", "[canonical][template]")
{
    SECTION("an untouched template keeps only its constants and defaults")
    {
        Json t = record::case_template();
        CHECK(record::drop_unfilled_placeholders(t) == 13);
        CHECK(t == Json::parse(R"({"schema_version": "1", "status": "draft"})"));
    }
    SECTION("filled values stay, placeholders beside them go, a list with one filled item stays whole")
    {
        Json t = record::case_template();
        t["person"]["sex"] = "female";
        t["person"]["birth_year"] = 1990;
        t["flight"]["reasons"] = Json::array({"extortion", t["flight"]["reasons"][0]});
        t["journey"][0]["country"] = "MEX";
        CHECK(record::drop_unfilled_placeholders(t) == 22);
        CHECK(t["person"] == Json::parse(R"({"sex": "female", "birth_year": 1990})"));
        CHECK(t["flight"]["reasons"].size() == 2);
        CHECK(t["journey"] == Json::parse(R"([{"country": "MEX"}])"));
        CHECK(!t.contains("returns"));
        CHECK(!t.contains("id"));
    }
    SECTION("a value that only looks like a placeholder where the template has another stays")
    {
        Json r = Json::parse(R"({"schema_version": "1", "status": "complete", "id": "sv-9", "notes": "a | b",
                                "person": {"sex": "female | male"}, "recorded": {"date": "2019-01"}})");
        const Json before = r;
        CHECK(record::drop_unfilled_placeholders(r) == 0);
        CHECK(r == before);
    }
}

TEST_CASE("edit_case: save, no change, re-open, abandon", "[store][edit]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    store.insert(minimal("c1"), "test");
    std::ostringstream err;

    SECTION("a valid change is saved as a new revision")
    {
        std::istringstream in;
        auto editor = [](const std::string& file) {
            Json doc = Json::parse(read_file(file));
            doc["status"] = "complete";
            doc["after_return"]["situation"] = Json::array({"at_home"});
            doc["journey"] = Json::parse(R"([{"country": "USA"}])");
            write_file(file, doc.dump(2));
            return 0;
        };
        ops::EditResult r = ops::edit_case(store, "c1", "ed", dir / "state", editor, in, err);
        CHECK(r.end == ops::EditEnd::saved);
        CHECK(r.revision == 2);
        CHECK(store.find("c1")->doc["status"] == "complete");
        CHECK(store.history(std::string("c1")).back().action == "edit");
    }
    SECTION("saving without a change stores nothing")
    {
        std::istringstream in;
        ops::EditResult r = ops::edit_case(store, "c1", "ed", dir / "state", [](const std::string&) { return 0; }, in, err);
        CHECK(r.end == ops::EditEnd::unchanged);
        CHECK(store.history().size() == 1);
    }
    SECTION("an invalid record re-opens the editor until it is fixed")
    {
        std::istringstream in("\n");
        int calls = 0;
        auto editor = [&calls](const std::string& file) {
            Json doc = Json::parse(read_file(file));
            doc["status"] = ++calls == 1 ? "finished" : "complete";
            doc["journey"] = Json::parse(R"([{"country": "USA"}])");
            doc["after_return"] = Json::object();
            write_file(file, doc.dump(2));
            return 0;
        };
        ops::EditResult r = ops::edit_case(store, "c1", "ed", dir / "state", editor, in, err);
        CHECK(calls == 2);
        CHECK(r.end == ops::EditEnd::saved);
        CHECK(err.str().find("/status") != std::string::npos);
        CHECK(err.str().find("re-open the editor? [Y/n]") != std::string::npos);
    }
    SECTION("abandoning keeps the edited file and stores nothing")
    {
        std::istringstream in("n\n");
        auto editor = [](const std::string& file) {
            write_file(file, "{\"schema_version\": \"1\", \"id\": \"c2\"}");
            return 0;
        };
        ops::EditResult r = ops::edit_case(store, "c1", "ed", dir / "state", editor, in, err);
        CHECK(r.end == ops::EditEnd::abandoned);
        REQUIRE_FALSE(r.kept_file.empty());
        CHECK(read_file(r.kept_file) == "{\"schema_version\": \"1\", \"id\": \"c2\"}");
        CHECK(mode_of(r.kept_file) == 0600);
        CHECK(err.str().find("cannot be changed by edit") != std::string::npos);
        CHECK(err.str().find(r.kept_file) != std::string::npos);
        CHECK(store.history().size() == 1);
        std::filesystem::remove_all(std::filesystem::path(r.kept_file).parent_path());
    }
}

TEST_CASE("the editor setting is split on spaces, never given to a shell", "[edit]")
{
    CHECK(ops::editor_command("", "code --wait  -n") == std::vector<std::string>{"code", "--wait", "-n"});
    CHECK(ops::editor_command("  ", "nano") == std::vector<std::string>{"nano"});
    CHECK_THROWS_AS(ops::editor_command("", "'my editor' -x"), Error);
    CHECK(ops::editor_command("nano", "'my editor' -x") == std::vector<std::string>{"nano"});
    CHECK(ops::editor_command("", "") == std::vector<std::string>{"vi"});
    CHECK(ops::editor_command(" ", "\t") == std::vector<std::string>{"vi"});
    TempDir dir;
    CHECK(ops::run_editor({"true"}, dir / "f") == 0);
    CHECK(ops::run_editor({"false"}, dir / "f") == 1);
    CHECK(ops::run_editor({"/nonexistent/editor"}, dir / "f") == 127);
}

namespace {

// A database of one case (c1), and two connections to it: one that reads, one that writes.
std::pair<store::Store, store::Store> reader_and_writer(const std::string& path)
{
    {
        store::Store store = store::Store::create(path);
        store.insert(minimal("c1"), "test");
    }
    return {store::Store::open(path, store::Access::read), store::Store::open(path, store::Access::write)};
}

} // namespace

TEST_CASE("a snapshot reads the database as it was when it began, whatever another connection commits meanwhile", "[store]")
{
    TempDir dir;
    auto [reader, writer] = reader_and_writer(dir / "s.db");
    const std::vector<std::string> before{"c1"};
    reader.snapshot([&] {
        CHECK(reader.ids() == before);
        writer.insert(minimal("c2"), "test");
        CHECK(reader.ids() == before);
        CHECK(reader.history().size() == 1);
        CHECK(reader.head().rows == 1);
    });
    // Outside a snapshot each read sees what was committed before it.
    CHECK(reader.ids() == std::vector<std::string>{"c1", "c2"});
    CHECK(reader.history().size() == 2);
    // A failing body ends the snapshot too.
    CHECK_THROWS_AS(reader.snapshot([] { throw Error(Exit::io, "stop"); }), Error);
    writer.insert(minimal("c3"), "test");
    CHECK(reader.ids().size() == 3);
}

TEST_CASE("a snapshot within a snapshot is the same one", "[store]")
{
    TempDir dir;
    auto [reader, writer] = reader_and_writer(dir / "s.db");
    reader.snapshot([&] {
        CHECK(reader.ids().size() == 1);
        writer.insert(minimal("c2"), "test");
        reader.snapshot([&] { CHECK(reader.ids().size() == 1); });
        CHECK(reader.ids().size() == 1); // the inner one did not end the outer one
    });
    CHECK(reader.ids().size() == 2);
}
