// Review that means something: only `review` sets reviewed or rejected, a
// change to a reviewed case sends it back to complete (and says so in its
// history), and a researcher does not sign off their own change unasked.
#include <sstream>

#include <catch2/catch.hpp>

#include "record/canonical.hpp"
#include "ops/edit.hpp"
#include "util/error.hpp"
#include "ops/import.hpp"
#include "ops/review.hpp"
#include "ops/create_case.hpp"
#include "store/store.hpp"
#include "../case_fixtures.hpp"
#include "../files.hpp"

using namespace casebook;
using casebook::test::TempDir;

namespace {

Json reviewed_case()
{
    Json r = test::complete_case();
    r["status"] = "reviewed";
    return r;
}

// Replaces the edited file's text with `text` (the editor a test plays).
ops::EditorLauncher writes(const std::string& text)
{
    return [text](const std::string& file) {
        test::write_file(file, text);
        return 0;
    };
}

} // namespace

TEST_CASE("review: create and import refuse a record that says it is reviewed or rejected", "[review]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    for (const char* status : {"reviewed", "rejected"}) {
        INFO(status);
        Json r = test::complete_case();
        r["status"] = status;
        ops::CreateResult created = ops::create_case(store, r, "R01");
        CHECK_FALSE(created.id);
        REQUIRE_FALSE(created.diagnostics.empty());
        CHECK(created.diagnostics.back().pointer == "/status");
        CHECK(created.diagnostics.back().code == "status_set_by_review");
        CHECK(created.diagnostics.back().message.find("casebook review") != std::string::npos);

        test::write_file(dir / "in.json", record::canonical_text(r));
        ops::ImportSource source;
        source.inputs = {dir / "in.json"};
        ops::ImportOptions options;
        options.actor = "R01";
        std::vector<Diagnostic> seen;
        options.report = [&](const Diagnostic& d) { seen.push_back(d); };
        ops::ImportSummary s = ops::import_records(store, source, options);
        CHECK(s.refused);
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].code == "status_set_by_review");
        CHECK(seen[0].line == 1);
    }
    CHECK_FALSE(store.find("t-001"));
}

TEST_CASE("review: an edit that changes a harm of a reviewed case makes it complete, with the pointers in history",
          "[review]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    store.insert(test::complete_case(), "R01");
    ops::review_case(store, "t-001", ops::Verdict::approve, "R02", "checked");
    REQUIRE(store.find("t-001")->doc.at("status") == "reviewed");

    SECTION("a changed harm")
    {
        Json edited = store.find("t-001")->doc;
        edited["after_return"]["harms"][0]["type"] = "killed";
        edited["after_return"]["situation"] = Json::array({"deceased"});
        std::istringstream in;
        std::ostringstream err;
        ops::EditResult r = ops::edit_case(store, "t-001", "R01", dir / "state", writes(record::pretty_text(edited)), in, err);
        INFO(err.str());
        CHECK(r.end == ops::EditEnd::saved);
        store::StoredCase after = *store.find("t-001");
        CHECK(after.doc.at("status") == "complete");
        CHECK(after.doc.at("after_return").at("harms").at(0).at("type") == "killed");
        const store::HistoryEntry last = store.history("t-001").back();
        CHECK(last.action == "edit");
        CHECK(last.actor == "R01");
        CHECK(last.note ==
              "review withdrawn, status reviewed \u2192 complete: /after_return/harms/0/type, /after_return/situation/0 changed");
    }
    SECTION("a change to the notes alone keeps the review")
    {
        Json edited = store.find("t-001")->doc;
        edited["notes"] = "Called again; nothing new.";
        std::istringstream in;
        std::ostringstream err;
        CHECK(ops::edit_case(store, "t-001", "R01", dir / "state", writes(record::pretty_text(edited)), in, err).end == ops::EditEnd::saved);
        CHECK(store.find("t-001")->doc.at("status") == "reviewed");
        CHECK(store.history("t-001").back().note.empty());
    }
    SECTION("an edit cannot set reviewed, nor take a rejected case out of rejected")
    {
        ops::review_case(store, "t-001", ops::Verdict::reject, "R02", "source missing");
        Json edited = store.find("t-001")->doc;
        edited["status"] = "complete";
        std::istringstream in("n\n");
        std::ostringstream err;
        CHECK(ops::edit_case(store, "t-001", "R01", dir / "state", writes(record::pretty_text(edited)), in, err).end == ops::EditEnd::abandoned);
        CHECK(err.str().find("error: /status: the case was rejected in review") != std::string::npos);
        CHECK(store.find("t-001")->doc.at("status") == "rejected");
    }
    SECTION("import --update of a reviewed case with another outcome makes it complete")
    {
        Json changed = reviewed_case();
        changed["after_return"]["harms"][0]["type"] = "extortion";
        test::write_file(dir / "in.json", record::canonical_text(changed));
        ops::ImportSource source;
        source.inputs = {dir / "in.json"};
        ops::ImportOptions options;
        options.actor = "R03";
        options.on_existing = ops::OnExisting::update;
        ops::ImportSummary s = ops::import_records(store, source, options);
        CHECK(s.updated == 1);
        CHECK(store.find("t-001")->doc.at("status") == "complete");
        CHECK(store.history("t-001").back().note ==
              "review withdrawn, status reviewed \u2192 complete: /after_return/harms/0/type changed");
    }
}

TEST_CASE("review: the last editor reviews only with --self, and history says so", "[review]")
{
    TempDir dir;
    store::Store store = store::Store::create(dir / "c.db");
    store.insert(test::complete_case(), "R01");
    try {
        ops::review_case(store, "t-001", ops::Verdict::approve, "R01", "");
        FAIL("a self-review was allowed");
    } catch (const Error& e) {
        CHECK(e.exit() == Exit::invalid);
        CHECK(std::string(e.what()) ==
              "R01 made the last change to t-001 (revision 1, create): a case is reviewed by someone else; say --self "
              "to review your own work, and its history will say so");
    }
    CHECK(store.find("t-001")->doc.at("status") == "complete");
    ops::ReviewResult r = ops::review_case(store, "t-001", ops::Verdict::approve, "R01", "small team", ops::SelfReview::allowed);
    CHECK(r.status == "reviewed");
    CHECK(store.history("t-001").back().note == "self-review: small team");
    // Someone else's review is not a self-review, and needs no --self.
    ops::review_case(store, "t-001", ops::Verdict::reject, "R02", "");
    CHECK(store.history("t-001").back().note.empty());
}
