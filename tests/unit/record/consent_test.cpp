// Consent and review decide who is counted and what leaves the database
// (consent.hpp): the rule on records, the same rule in SQL, and what each
// output (tables, listings, records, shared records) includes and leaves out.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "record/canonical.hpp"
#include "analysis/left_out.hpp"
#include "record/consent.hpp"
#include "output/export.hpp"
#include "analysis/query.hpp"
#include "store/store.hpp"
#include "analysis/tables.hpp"
#include "record/where.hpp"
#include "../case_fixtures.hpp"
#include "../files.hpp"

using namespace casebook;

namespace {

// One case of each consent state, and a rejected one whose consent allows sharing.
std::vector<Json> consent_cases()
{
    auto with = [](const char* id, const char* consent, const char* status = "complete") {
        Json r = test::complete_case();
        r["id"] = id;
        r["status"] = status;
        if (consent == nullptr) {
            r.erase("consent");
        } else {
            r["consent"] = test::parsed(consent);
        }
        return record::canonicalise(r);
    };
    return {
        with("c-full", R"({"obtained": true, "scope": "full"})"),
        with("c-quotes", R"({"obtained": true, "scope": "anonymised_quotes"})"),
        with("c-aggregate", R"({"obtained": true, "scope": "aggregate_only"})"),
        with("c-no-scope", R"({"obtained": true})"),
        with("c-none", nullptr),
        with("c-refused", R"({"obtained": false, "date": "2018-03-20"})"),
        with("c-rejected", R"({"obtained": true, "scope": "full"})", "rejected"),
    };
}

std::string make_store(const test::TempDir& dir, const std::vector<Json>& records)
{
    std::string path = dir / "cases.db";
    store::Store store = store::Store::create(path);
    for (const Json& r : records) {
        store.insert(r, "test");
    }
    return path;
}

std::vector<std::string> ids_of(const std::vector<Json>& records, record::Output output, bool status_asked = false)
{
    std::vector<std::string> out;
    for (const Json& r : records) {
        if (!record::left_out(output, r, status_asked)) {
            out.push_back(r.at("id").get<std::string>());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> listed(const std::string& db, const std::vector<record::Condition>& where = {})
{
    analysis::RecordQuery q;
    q.where = where;
    q.columns = {"id"};
    std::vector<std::string> ids;
    analysis::select_cases(db, q, [&](const analysis::ResultRow& row) { ids.push_back(row[0].get<std::string>()); });
    return ids;
}

std::vector<std::string> documents(const std::string& db, record::Output output, const std::vector<record::Condition>& where = {})
{
    analysis::RecordQuery q;
    q.where = where;
    std::vector<std::string> ids;
    analysis::select_documents(db, q, output, [&](const Json& r) { ids.push_back(r.at("id").get<std::string>()); });
    return ids;
}

using Ids = std::vector<std::string>;

} // namespace

TEST_CASE("consent: each state of a record, and what it lets out", "[consent]")
{
    auto records = consent_cases();
    std::vector<std::string> states;
    for (const Json& r : records) {
        states.emplace_back(record::consent_name(record::consent_state(r)));
    }
    CHECK(states == Ids{"full", "anonymised_quotes", "aggregate_only", "no_scope", "not_recorded", "refused", "full"});
    CHECK(record::consent_state(test::parsed(R"({"consent": {"scope": "full"}})")) == record::ConsentState::not_recorded);

    CHECK(ids_of(records, record::Output::counts) == Ids{"c-aggregate", "c-full", "c-no-scope", "c-none", "c-quotes"});
    CHECK(ids_of(records, record::Output::records) == Ids{"c-aggregate", "c-full", "c-no-scope", "c-none", "c-quotes"});
    CHECK(ids_of(records, record::Output::shared_records) == Ids{"c-full", "c-quotes"});
    // Asking for a status leaves rejected cases to the conditions; refused consent stays out.
    CHECK(ids_of(records, record::Output::counts, true) ==
          Ids{"c-aggregate", "c-full", "c-no-scope", "c-none", "c-quotes", "c-rejected"});
    CHECK(ids_of(records, record::Output::shared_records, true) == Ids{"c-full", "c-quotes", "c-rejected"});
}

TEST_CASE("consent: tables, listings and records of a database include exactly the cases the rule allows", "[consent]")
{
    test::TempDir dir;
    auto records = consent_cases();
    const std::string db = make_store(dir, records);

    SECTION("tables count every state but refused, and no rejected case; the note says how many were left out")
    {
        analysis::TableSpec spec{"consent", "", {}, {}};
        analysis::CaseCounts counts = analysis::count_cases(db, spec);
        CHECK(counts.table.total == 5);
        std::vector<std::string> labels = counts.table.rows.labels;
        CHECK(labels == Ids{"full", "anonymised_quotes", "aggregate_only", "no_scope", "not_recorded", "refused"});
        CHECK(counts.table.row_totals == std::vector<long long>{1, 1, 1, 1, 1, 0});
        REQUIRE(!counts.notes.empty());
        CHECK(counts.notes.back() ==
              "Left out 2 cases: 1 whose consent was refused or withdrawn (counted nowhere), 1 rejected in review "
              "(--where status=rejected shows them).");
        // The records in memory give the same table and notes.
        analysis::CaseCounts memory = analysis::count_records(records, spec);
        CHECK(memory.table.row_totals == counts.table.row_totals);
        CHECK(memory.notes == counts.notes);
    }
    SECTION("a refused case is counted nowhere, even when asked for")
    {
        auto where = record::parse_where(std::vector<std::string>{"consent=refused"});
        analysis::TableSpec spec{"origin", "", {"consent=refused"}, where};
        CHECK(analysis::count_cases(db, spec).table.total == 0);
        CHECK(analysis::count_matching(db, where) == 0);
        CHECK(listed(db, where).empty());
        CHECK(analysis::count_left_out(db, where).sentence() ==
              "left out 1 case: 1 whose consent was refused or withdrawn (counted nowhere)");
    }
    SECTION("rejected cases count when a condition on status asks for them")
    {
        auto where = record::parse_where(std::vector<std::string>{"status=rejected"});
        analysis::TableSpec spec{"origin", "", {"status=rejected"}, where};
        CHECK(analysis::count_cases(db, spec).table.total == 1);
        CHECK(listed(db, where) == Ids{"c-rejected"});
        CHECK(analysis::count_left_out(db, where).total() == 0);
    }
    SECTION("listings and record outputs")
    {
        CHECK(listed(db) == Ids{"c-aggregate", "c-full", "c-no-scope", "c-none", "c-quotes"});
        CHECK(analysis::count_matching(db, {}) == 5);
        CHECK(documents(db, record::Output::records) == Ids{"c-aggregate", "c-full", "c-no-scope", "c-none", "c-quotes"});
        CHECK(documents(db, record::Output::shared_records) == Ids{"c-full", "c-quotes"});
        record::LeftOutCounts shared = analysis::count_left_out(db, {}, record::Output::shared_records);
        CHECK(shared.consent_refused == 1);
        CHECK(shared.consent_not_for_sharing == 3);
        CHECK(shared.rejected == 1);
        // The SQL rule and the rule on records agree, output by output.
        for (record::Output output : {record::Output::counts, record::Output::records, record::Output::shared_records}) {
            output::RecordRelease release(output, false);
            for (const Json& r : records) {
                release.release(r);
            }
            record::LeftOutCounts sql = analysis::count_left_out(db, {}, output == record::Output::records ? record::Output::counts : output);
            CHECK(release.left_out().consent_refused == sql.consent_refused);
            CHECK(release.left_out().consent_not_for_sharing == sql.consent_not_for_sharing);
            CHECK(release.left_out().rejected == sql.rejected);
        }
    }
}

TEST_CASE("consent: a shared record is the schema's allow-list, with dates cut to the month", "[consent][export]")
{
    Json r = test::complete_case();
    r["consent"] = test::parsed(R"({"obtained": true, "scope": "full", "date": "2018-03-20"})");
    // Fields the schema does not know, as a document stored by another tool might hold.
    r["phone"] = "+503 5555 0000";
    r["person"]["name"] = "Ana Real Name";
    r["journey"][0]["guide"] = "Someone";
    output::RecordRelease release(record::Output::shared_records, false);
    std::optional<Json> shared = release.release(r);
    REQUIRE(shared);
    const std::string text = shared->dump();
    for (const char* gone : {"phone", "+503", "Ana", "name", "guide", "Someone", "pseudonym", "locality", "narrative",
                             "notes", "reference", "Interview notes"}) {
        INFO(gone);
        CHECK(text.find(gone) == std::string::npos);
    }
    CHECK(shared->at("recorded").at("date") == "2018-03");
    CHECK(shared->at("returns").at(0).at("date") == "2018-02");
    CHECK(shared->at("journey").at(2).at("asylum").at("decided") == "2018-01");
    CHECK(shared->at("flight").at("date") == "2017-09");
    CHECK(shared->at("recorded").at("by") == "R01");
    CHECK(output::redact(r, output::DatePrecision::year).at("returns").at(0).at("date") == "2018");
    CHECK(output::redact(r, output::DatePrecision::day).at("returns").at(0).at("date") == "2018-02-06");
    CHECK_THROWS(output::parse_date_precision("week"));
}
