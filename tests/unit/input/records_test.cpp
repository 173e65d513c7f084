// Reading records from files, JSON Lines, folders and stdin, and checking a whole run (DatasetCheck).
#include <atomic>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "input/records.hpp"
#include "input/dataset_check.hpp"
#include "input/record_position.hpp"
#include "schema/schema_validator.hpp"
#include "../files.hpp"

using casebook::Diagnostic;
using casebook::Json;
using casebook::input::SourceRecord;
using casebook::test::TempDir;

namespace {

// A copy of what a visitor sees of one record.
struct Seen {
    std::string file;
    std::size_t first_line;
    std::string base_pointer;
    std::optional<Json> doc;
    std::optional<Diagnostic> syntax_error;
    std::shared_ptr<const std::string> text;
};

std::vector<Seen> read_all(const std::vector<std::string>& inputs, const std::string& stdin_text = "")
{
    std::istringstream in(stdin_text);
    std::vector<Seen> seen;
    casebook::input::read_records(inputs, in, [&](SourceRecord& r) {
        seen.push_back({r.file, r.first_line, r.base_pointer, r.doc, r.syntax_error, r.text});
        return true;
    });
    return seen;
}

std::string id_of(const Seen& s)
{
    REQUIRE(s.doc.has_value());
    return (*s.doc)["id"].get<std::string>();
}

std::string record(const std::string& id)
{
    return R"({"schema_version": "1", "id": ")" + id + R"("})";
}

} // namespace

TEST_CASE("a .json file holds one case", "[records]")
{
    TempDir dir;
    std::string f = dir.write("one.json", "{\n  \"schema_version\": \"1\",\n  \"id\": \"a\"\n}\n");
    auto seen = read_all({f});
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].file == f);
    CHECK(seen[0].first_line == 1);
    CHECK(seen[0].base_pointer.empty());
    CHECK(id_of(seen[0]) == "a");
    CHECK_FALSE(seen[0].syntax_error.has_value());
}

TEST_CASE("a .json file may hold an array of cases", "[records]")
{
    TempDir dir;
    std::string f = dir.write("many.json", "[\n  " + record("a") + ",\n  " + record("b") + ",\n\n  " + record("c") + "\n]\n");
    auto seen = read_all({f});
    REQUIRE(seen.size() == 3);
    CHECK(id_of(seen[0]) == "a");
    CHECK(id_of(seen[2]) == "c");
    CHECK(seen[0].base_pointer == "/0");
    CHECK(seen[1].base_pointer == "/1");
    CHECK(seen[2].base_pointer == "/2");
    CHECK(seen[0].text == seen[2].text); // one text, shared

    // A problem in the third record is placed in the file, not in the record.
    SourceRecord r;
    r.file = f;
    r.text = seen[2].text;
    r.base_pointer = seen[2].base_pointer;
    Diagnostic d = casebook::input::locate_problem(r, {"/id", "code", "message", casebook::Severity::error});
    CHECK(d.file == f);
    CHECK(d.line == 5);
    CHECK(d.column == 33);
    CHECK(d.pointer == "/id"); // the pointer stays relative to the record

    CHECK(read_all({dir.write("empty.json", "[]")}).empty());
}

TEST_CASE("a .json file with a byte-order mark and CRLF line ends", "[records]")
{
    TempDir dir;
    std::string f = dir.write("bom.json", "\xEF\xBB\xBF{\r\n  \"schema_version\": \"1\",\r\n  \"id\": \"bom\"\r\n}\r\n");
    auto seen = read_all({f});
    REQUIRE(seen.size() == 1);
    CHECK(id_of(seen[0]) == "bom");
}

TEST_CASE("a .json file with a syntax error is one record with the error located", "[records]")
{
    TempDir dir;
    std::string f = dir.write("bad.json", "{\n  \"schema_version\": \"1\"\n  \"id\": \"x\"\n}\n");
    auto seen = read_all({f});
    REQUIRE(seen.size() == 1);
    CHECK_FALSE(seen[0].doc.has_value());
    REQUIRE(seen[0].syntax_error.has_value());
    const Diagnostic& d = *seen[0].syntax_error;
    CHECK(d.file == f);
    CHECK(d.line == 3);
    CHECK(d.column == 3);
    CHECK(d.code == "syntax");
    CHECK(d.pointer.empty());
    CHECK(d.message == "expected ',' or '}' after the value of \"schema_version\", found '\"' (a missing comma?)");

    seen = read_all({dir.write("empty.json", "")});
    REQUIRE(seen.size() == 1);
    REQUIRE(seen[0].syntax_error.has_value());
    CHECK(seen[0].syntax_error->line == 1);
    CHECK(seen[0].syntax_error->column == 1);
}

TEST_CASE(".jsonl: one case per line, CRLF and a byte-order mark accepted, blank lines skipped", "[records]")
{
    TempDir dir;
    std::string f = dir.write("cases.jsonl", "\xEF\xBB\xBF" + record("a") + "\r\n\r\n" + record("b") + "\r\n   \t\r\n" + record("c") +
                                                 "\n\n" + record("d"));
    auto seen = read_all({f});
    REQUIRE(seen.size() == 4);
    CHECK(id_of(seen[0]) == "a");
    CHECK(seen[0].first_line == 1);
    CHECK(id_of(seen[1]) == "b");
    CHECK(seen[1].first_line == 3);
    CHECK(id_of(seen[2]) == "c");
    CHECK(seen[2].first_line == 5);
    CHECK(id_of(seen[3]) == "d"); // the last line needs no line end
    CHECK(seen[3].first_line == 7);
    for (const Seen& s : seen) {
        CHECK(s.base_pointer.empty());
        CHECK(s.text->find('\r') == std::string::npos);
    }
    CHECK(*seen[0].text == record("a")); // the BOM is not part of the record

    // A problem is placed on its own line of the file.
    SourceRecord r;
    r.file = f;
    r.text = seen[1].text;
    r.first_line = seen[1].first_line;
    Diagnostic d = casebook::input::locate_problem(r, {"/id", "code", "message", casebook::Severity::error});
    CHECK(d.line == 3);
    CHECK(d.column == 31);

    CHECK(read_all({dir.write("empty.jsonl", "")}).empty());
    CHECK(read_all({dir.write("blank.jsonl", "\n\r\n  \n")}).empty());
}

TEST_CASE(".jsonl: a broken line is one record with a syntax error; the others are read", "[records]")
{
    TempDir dir;
    std::string f = dir.write("cases.ndjson", record("a") + "\n{\"id\": }\n" + record("c") + "\n");
    auto seen = read_all({f});
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].doc.has_value());
    CHECK_FALSE(seen[1].doc.has_value());
    REQUIRE(seen[1].syntax_error.has_value());
    CHECK(seen[1].syntax_error->line == 2);
    CHECK(seen[1].syntax_error->column == 8);
    CHECK(id_of(seen[2]) == "c");

    // A pretty-printed case in a .jsonl file is an error on its first line, not a silent skip.
    seen = read_all({dir.write("pretty.jsonl", "{\n  \"id\": \"a\"\n}\n")});
    REQUIRE(seen.size() == 3);
    CHECK_FALSE(seen[0].doc.has_value());
}

TEST_CASE("stdin: one JSON document, pretty-printed", "[records][stdin]")
{
    auto seen = read_all({"-"}, "{\n  \"schema_version\": \"1\",\n  \"id\": \"in\"\n}\n");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].file == "<stdin>");
    CHECK(id_of(seen[0]) == "in");
    CHECK(seen[0].first_line == 1);

    seen = read_all({"-"}, "[\n  " + record("a") + ",\n  " + record("b") + "\n]\n");
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].base_pointer == "/1");

    seen = read_all({"-"}, "[" + record("a") + ", " + record("b") + "]\n"); // an array on one line
    REQUIRE(seen.size() == 2);
    CHECK(id_of(seen[1]) == "b");
}

TEST_CASE("stdin: JSON Lines when the first line is a whole value", "[records][stdin]")
{
    auto seen = read_all({"-"}, record("a") + "\n" + record("b") + "\n\n" + record("c") + "\n");
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].file == "<stdin>");
    CHECK(seen[0].first_line == 1);
    CHECK(seen[1].first_line == 2);
    CHECK(seen[2].first_line == 4);
    CHECK(id_of(seen[2]) == "c");

    seen = read_all({"-"}, "\xEF\xBB\xBF" + record("a") + "\r\n" + record("b") + "\r\n");
    REQUIRE(seen.size() == 2);
    CHECK(id_of(seen[0]) == "a");
    CHECK(id_of(seen[1]) == "b");

    seen = read_all({"-"}, record("a") + "\n{broken\n");
    REQUIRE(seen.size() == 2);
    REQUIRE(seen[1].syntax_error.has_value());
    CHECK(seen[1].syntax_error->line == 2);
    CHECK(seen[1].syntax_error->file == "<stdin>");
}

TEST_CASE("stdin: positions count the blank lines before the document", "[records][stdin]")
{
    auto seen = read_all({"-"}, "\n\n{\n  \"id\": \"a\"\n  \"x\": 1\n}\n");
    REQUIRE(seen.size() == 1);
    REQUIRE(seen[0].syntax_error.has_value());
    CHECK(seen[0].syntax_error->line == 5);
    CHECK(seen[0].syntax_error->column == 3);

    seen = read_all({"-"}, "\n\n" + record("a") + "\n");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].first_line == 3);
}

TEST_CASE("stdin: empty input is reported like an empty file", "[records][stdin]")
{
    for (const char* text : {"", "\n\n", "  \r\n"}) {
        auto seen = read_all({"-"}, text);
        REQUIRE(seen.size() == 1);
        CHECK_FALSE(seen[0].doc.has_value());
        REQUIRE(seen[0].syntax_error.has_value());
        CHECK(seen[0].syntax_error->message == "unexpected end of input: a value is missing (is the file truncated?)");
    }
}

TEST_CASE("folders are read recursively, their .json and .jsonl files in name order", "[records][folders]")
{
    TempDir dir;
    dir.write("data/b.json", record("b"));
    dir.write("data/a.jsonl", record("a1") + "\n" + record("a2") + "\n");
    dir.write("data/sub/c.json", record("c"));
    dir.write("data/sub/deeper/d.ndjson", record("d"));
    dir.write("data/sub-z.json", record("z"));
    dir.write("data/notes.txt", "not a case");
    dir.write("data/b.json.bak", "not a case");
    dir.write("data/README.md", "# not a case");
    std::filesystem::create_directories(dir / "data/empty");

    auto seen = read_all({dir / "data"});
    std::vector<std::string> ids;
    for (const Seen& s : seen) {
        ids.push_back(id_of(s));
    }
    CHECK(ids == std::vector<std::string>{"a1", "a2", "b", "z", "c", "d"});
    CHECK(seen[2].file == dir / "data/b.json");
    CHECK(seen[5].file == dir / "data/sub/deeper/d.ndjson");

    // Inputs are read in the order given.
    seen = read_all({dir / "data/sub/c.json", dir / "data/b.json"});
    REQUIRE(seen.size() == 2);
    CHECK(id_of(seen[0]) == "c");
    CHECK(id_of(seen[1]) == "b");

    CHECK(read_all({dir / "data/empty"}).empty());
}

TEST_CASE("a missing input is an I/O error", "[records][errors]")
{
    TempDir dir;
    try {
        read_all({dir / "nope.json"});
        FAIL("no error");
    } catch (const casebook::Error& e) {
        CHECK(e.exit() == casebook::Exit::io);
        CHECK(std::string(e.what()) == "cannot read " + (dir / "nope.json") + ": no such file or folder");
    }
}

TEST_CASE("a visitor can stop reading", "[records]")
{
    TempDir dir;
    std::string f = dir.write("cases.jsonl", record("a") + "\n" + record("b") + "\n" + record("c") + "\n");
    std::istringstream in;
    int visited = 0;
    casebook::input::read_records({f, f}, in, [&](SourceRecord&) { return ++visited < 2; });
    CHECK(visited == 2);
}

TEST_CASE("DatasetCheck: ids are unique across every input of a run", "[records][duplicate_id]")
{
    TempDir dir;
    std::string a = dir.write("a.json", "{\n  \"schema_version\": \"1\",\n  \"id\": \"x\"\n}\n");
    std::string b = dir.write("b.jsonl", record("y") + "\n" + record("x") + "\n");
    casebook::input::DatasetCheck check(casebook::SchemaValidator::builtin());
    std::vector<std::vector<Diagnostic>> found;
    std::istringstream in;
    casebook::input::read_records({a, b}, in, [&](SourceRecord& r) {
        found.push_back(check.check(r));
        return true;
    });
    REQUIRE(found.size() == 3);
    CHECK(found[0].empty());
    CHECK(found[1].empty());
    REQUIRE(found[2].size() == 1);
    const Diagnostic& d = found[2][0];
    CHECK(d.file == b);
    CHECK(d.line == 2);
    CHECK(d.column == 31);
    CHECK(d.pointer == "/id");
    CHECK(d.code == "duplicate_id");
    CHECK(d.severity == casebook::Severity::error);
    CHECK(d.message == "id \"x\" is already used by the record at " + a + ":3: every case needs its own id");
}

TEST_CASE("DatasetCheck: past its memory budget the ids move to disk, and duplicates are still found", "[records][duplicate_id]")
{
    TempDir dir;
    // 3,000 ids, then each id again in reverse, in a second file: the budget
    // (16 KB) holds a few hundred, so most are looked up on disk.
    std::string first, second;
    for (int i = 0; i < 3000; ++i) {
        first += record("case-" + std::to_string(i)) + "\n";
    }
    for (int i = 2999; i >= 0; i -= 7) {
        second += record("case-" + std::to_string(i)) + "\n";
    }
    std::string a = dir.write("a.jsonl", first);
    std::string b = dir.write("b.jsonl", second + record("fresh") + "\n");
    casebook::input::DatasetCheck check(casebook::SchemaValidator::builtin(), 16 * 1024);
    std::vector<std::string> messages;
    std::size_t records = 0;
    std::istringstream in;
    casebook::input::read_records({a, b}, in, [&](SourceRecord& r) {
        ++records;
        for (const Diagnostic& d : check.check(r)) {
            messages.push_back(d.code + " " + std::to_string(d.line) + ": " + d.message);
        }
        if (records == 200) {
            CHECK_FALSE(check.ids_on_disk());
        }
        return true;
    });
    CHECK(check.ids_on_disk());
    CHECK(records == 3000 + 429 + 1);
    REQUIRE(messages.size() == 429);
    CHECK(messages.front() == "duplicate_id 1: id \"case-2999\" is already used by the record at " + a +
                              ":3000: every case needs its own id");
    CHECK(messages.back() == "duplicate_id 429: id \"case-3\" is already used by the record at " + a +
                             ":4: every case needs its own id");
}

TEST_CASE("DatasetCheck: duplicates inside one array file, syntax errors, reading order", "[records][duplicate_id]")
{
    TempDir dir;
    std::string f = dir.write("many.json", "[\n" + record("x") + ",\n" + record("x") + "\n]\n");
    std::string bad = dir.write("bad.json", "{\"id\": \"q\",}");
    std::string messy = dir.write("messy.json", "{\"schema_version\": \"1\", \"id\": \"m\", \"zz\": 1,\n \"status\": \"drft\", \"person\": {\"sex\": 3}}");
    casebook::input::DatasetCheck check(casebook::SchemaValidator::builtin());
    std::vector<std::vector<Diagnostic>> found;
    std::istringstream in;
    casebook::input::read_records({f, bad, messy}, in, [&](SourceRecord& r) {
        found.push_back(check.check(r));
        return true;
    });
    REQUIRE(found.size() == 4);
    CHECK(found[0].empty());
    REQUIRE(found[1].size() == 1);
    CHECK(found[1][0].line == 3);
    CHECK(found[1][0].message == "id \"x\" is already used by the record at " + f + ":2: every case needs its own id");

    REQUIRE(found[2].size() == 1);
    CHECK(found[2][0].code == "syntax");
    CHECK(found[2][0].line == 1);
    CHECK(found[2][0].column == 12);

    // Every problem of a record, in the order of the text.
    REQUIRE(found[3].size() == 3);
    CHECK(found[3][0].pointer == "/zz");
    CHECK(found[3][0].line == 1);
    CHECK(found[3][1].pointer == "/status");
    CHECK(found[3][1].line == 2);
    CHECK(found[3][1].column == 12);
    CHECK(found[3][2].pointer == "/person/sex");
    CHECK(found[3][2].column == 38);
}

TEST_CASE("parallel reading: workers parse and prepare, the visitor sees input order", "[records][parallel]")
{
    TempDir dir;
    std::string lines;
    for (int i = 0; i < 5000; ++i) {
        lines += (i % 333 == 5 ? std::string("{broken") : record("c" + std::to_string(i))) + (i % 101 == 0 ? "\n\n" : "\n");
    }
    const std::string file = dir.write("many.jsonl", lines);
    std::vector<std::size_t> sequential;
    std::istringstream none;
    casebook::input::read_records({file}, none, [&](SourceRecord& r) {
        sequential.push_back(r.first_line);
        return true;
    });

    const std::thread::id reader = std::this_thread::get_id();
    std::atomic<int> on_workers{0}, prepared{0};
    casebook::input::ParallelReading parallel{2, [&](SourceRecord& r) {
                                           ++prepared;
                                           if (std::this_thread::get_id() != reader) {
                                               ++on_workers;
                                           }
                                           r.base_pointer = "prepared";
                                       }};
    std::vector<std::size_t> order;
    bool all_prepared = true, all_parsed = true;
    casebook::input::read_records({file}, none, [&](SourceRecord& r) {
        CHECK(std::this_thread::get_id() == reader);
        order.push_back(r.first_line);
        all_prepared = all_prepared && r.base_pointer == "prepared";
        all_parsed = all_parsed && (r.doc.has_value() != r.syntax_error.has_value());
        return true;
    }, parallel);
    CHECK(order == sequential);
    CHECK(order.size() == 5000);
    CHECK(all_prepared);
    CHECK(all_parsed);
    CHECK(prepared == 5000);
    CHECK(on_workers > 4000); // only the last, partial block is prepared on the reading thread

    SECTION("a visitor that stops ends the reading at that record")
    {
        std::size_t visited = 0;
        casebook::input::read_records({file}, none, [&](SourceRecord&) { return ++visited < 1234; }, parallel);
        CHECK(visited == 1234);
    }
    SECTION("what prepare throws reaches the reader at that record, after the ones before it")
    {
        const std::size_t bad = sequential[2500];
        casebook::input::ParallelReading throwing{2, [bad](SourceRecord& r) {
                                               if (r.first_line == bad) {
                                                   throw casebook::Error(casebook::Exit::io, "boom");
                                               }
                                           }};
        std::size_t last = 0;
        CHECK_THROWS_WITH(casebook::input::read_records({file}, none, [&](SourceRecord& r) {
            last = r.first_line;
            return true;
        }, throwing), "boom");
        CHECK(last == sequential[2499]);
    }
}
