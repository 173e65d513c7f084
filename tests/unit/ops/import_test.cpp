#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "ops/import.hpp"
#include "input/mapping.hpp"
#include "ops/merge.hpp"
#include "ops/review.hpp"
#include "store/store.hpp"
#include "../files.hpp"

using namespace casebook;
using casebook::test::TempDir;
using casebook::test::write_file;

namespace {

std::string record_text(const std::string& id, const std::string& country = "SLV")
{
    return R"({"schema_version":"1","id":")" + id + R"(","origin":{"country":")" + country + R"("}})";
}

std::size_t count(const store::Store& store)
{
    std::size_t n = 0;
    store.for_each_case([&](const store::StoredCase&) { return ++n, true; });
    return n;
}

} // namespace

TEST_CASE("import: one invalid record among many writes nothing")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "a.db");
    write_file(dir / "in.jsonl", record_text("a-1") + "\n" + record_text("a-2", "XXX") + "\n" + record_text("a-3") + "\n");
    ops::ImportSource source;
    source.inputs = {dir / "in.jsonl"};
    std::vector<Diagnostic> seen;
    ops::ImportOptions options;
    options.actor = "t";
    options.report = [&](const Diagnostic& d) { seen.push_back(d); };
    ops::ImportSummary s = ops::import_records(store, source, options);
    CHECK(s.refused);
    CHECK_FALSE(s.written);
    CHECK(s.rejected == 1);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].line == 2);
    CHECK(seen[0].pointer == "/origin/country");
    CHECK(count(store) == 0);

    options.on_invalid = ops::OnInvalid::skip;
    options.rejects_file = dir / "rejects.jsonl";
    s = ops::import_records(store, source, options);
    CHECK(s.written);
    CHECK(s.added == 2);
    CHECK(count(store) == 2);
    std::ifstream rejects(dir / "rejects.jsonl");
    std::string line;
    REQUIRE(std::getline(rejects, line));
    CHECK(line.find("\"a-2\"") != std::string::npos);
}

TEST_CASE("import: identical content is a no-op, other content needs --update")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "a.db");
    write_file(dir / "one.json", record_text("a-1"));
    ops::ImportSource source;
    source.inputs = {dir / "one.json"};
    ops::ImportOptions options;
    CHECK(ops::import_records(store, source, options).added == 1);
    ops::ImportSummary again = ops::import_records(store, source, options);
    CHECK(again.unchanged == 1);
    CHECK_FALSE(again.written);
    write_file(dir / "one.json", record_text("a-1", "GTM"));
    CHECK(ops::import_records(store, source, options).refused);
    options.on_existing = ops::OnExisting::update;
    ops::ImportSummary updated = ops::import_records(store, source, options);
    CHECK(updated.updated == 1);
    CHECK(store.find("a-1")->doc["origin"]["country"] == "GTM");
    CHECK(store.find("a-1")->revision == 2);
}

TEST_CASE("import: CSV through a mapping; unmapped values refuse the import")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "a.db");
    write_file(dir / "m.json", R"({"id": {"prefix": "c-", "row_number": true},
        "columns": [{"column": "Country", "pointer": "/origin/country", "countries": true}]})");
    write_file(dir / "d.csv", "Country\nEl Salvador\nAtlantis\nAtlantis\n");
    input::CsvMapping mapping = input::CsvMapping::load(dir / "m.json");
    ops::ImportSource source;
    source.csv_file = dir / "d.csv";
    source.mapping = &mapping;
    std::vector<Diagnostic> seen;
    ops::ImportOptions options;
    options.report = [&](const Diagnostic& d) { seen.push_back(d); };
    ops::ImportSummary s = ops::import_records(store, source, options);
    CHECK(s.refused);
    REQUIRE(seen.size() == 1); // reported once, with its count
    CHECK(seen[0].line == 3);
    CHECK(seen[0].message.find("(2 rows)") != std::string::npos);
    write_file(dir / "d.csv", "Country\nEl Salvador\nHonduras\n");
    s = ops::import_records(store, source, options);
    CHECK(s.added == 2);
    CHECK(store.find("c-2")->doc["origin"]["country"] == "HND");
}

TEST_CASE("review: approve needs a complete case; reject does not")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "a.db");
    ParseResult r = parse_json(record_text("d-1"));
    store.insert(*r.value, "t");
    ops::ReviewResult refused = ops::review_case(store, "d-1", ops::Verdict::approve, "rev", "");
    CHECK_FALSE(refused.stored);
    CHECK_FALSE(refused.problems.empty());
    ops::ReviewResult rejected = ops::review_case(store, "d-1", ops::Verdict::reject, "rev", "incomplete");
    CHECK(rejected.stored);
    CHECK(store.find("d-1")->doc["status"] == "rejected");
    auto history = store.history(std::string("d-1"));
    REQUIRE(history.size() == 2);
    CHECK(history[1].action == "review");
    CHECK(history[1].actor == "rev");
    CHECK(history[1].note == "incomplete");
}

TEST_CASE("merge: new cases come in with their history, conflicts stay untouched")
{
    TempDir dir;
    store::Store ours = store::Store::create(dir / "ours.db");
    store::Store theirs = store::Store::create(dir / "theirs.db");
    ours.insert(*parse_json(record_text("same")).value, "a");
    theirs.insert(*parse_json(record_text("same")).value, "b");
    ours.insert(*parse_json(record_text("clash")).value, "a");
    theirs.insert(*parse_json(record_text("clash", "HND")).value, "b");
    theirs.insert(*parse_json(record_text("new")).value, "b");
    theirs.update(*parse_json(record_text("new", "GTM")).value, 1, "b", "edit");
    std::vector<ops::MergeConflict> conflicts;
    ops::MergeOptions options;
    options.actor = "a";
    options.on_conflict = [&](const ops::MergeConflict& c) { conflicts.push_back(c); };
    ops::MergeSummary s = ops::merge_stores(ours, theirs, options);
    CHECK(s.added == 1);
    CHECK(s.identical == 1);
    CHECK(s.conflicts == 1);
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].pointers == std::vector<std::string>{"/origin/country"});
    CHECK(ours.find("clash")->doc["origin"]["country"] == "SLV");
    CHECK(ours.find("new")->doc["origin"]["country"] == "GTM");
    auto history = ours.history(std::string("new"));
    REQUIRE(history.size() == 2);
    CHECK(history[0].actor == "b");
    CHECK(history[1].action == "edit");
    options.prefer = ops::Prefer::theirs;
    ops::merge_stores(ours, theirs, options);
    CHECK(ours.find("clash")->doc["origin"]["country"] == "HND");
}
