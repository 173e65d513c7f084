// Sealed values: every sensitive value of a record sealed and opened back
// exactly; the form of a sealed value; another key, a changed byte, a cut
// value each an Error(io) that names where; unchanged values keep their
// sealed form after an edit.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "util/error.hpp"
#include "json/json.hpp"
#include "crypto/keys.hpp"
#include "crypto/seal.hpp"

using namespace casebook;

namespace {

Json record()
{
    return Json::parse(R"({"schema_version":"1","id":"x-1","person":{"pseudonym":"Ana María","sex":"female"},
        "origin":{"country":"SLV","locality":"San Miguel"},
        "sources":[{"id":"s1","type":"interview","reference":"file 12"},{"id":"s2","type":"media"}],
        "narrative":"Línea uno.\nLínea dos.","notes":"n","tags":["a"]})");
}

std::shared_ptr<const crypto::keys::Identity> identity() { return std::make_shared<const crypto::keys::Identity>(crypto::keys::generate_identity()); }

std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.exit() == Exit::io);
        return e.what();
    }
    FAIL("no error");
    return "";
}

} // namespace

TEST_CASE("every sensitive value is sealed, the rest stays, and the key opens each exactly", "[seal]")
{
    const auto id = identity();
    const crypto::seal::Sealer sealer(id->public_key());
    Json doc = record();
    CHECK(sealer.seal_record(doc) == 5);
    CHECK(crypto::seal::sealed_pointers(doc) ==
          std::vector<std::string>{"/person/pseudonym", "/origin/locality", "/sources/0/reference", "/narrative", "/notes"});
    CHECK(doc["origin"]["country"] == "SLV");
    CHECK(doc["person"]["sex"] == "female");
    CHECK(doc["tags"] == Json::array({"a"}));
    CHECK(doc.dump().find("Ana") == std::string::npos);
    CHECK(doc.dump().find("Miguel") == std::string::npos);
    const std::string& sealed = doc["person"]["pseudonym"].get_ref<const std::string&>();
    CHECK(seal::is_sealed(sealed));
    CHECK(sealed.rfind("casebook-sealed1:", 0) == 0);
    CHECK(crypto::seal::sealed_key_id(sealed) == crypto::seal::key_id(id->public_key()));
    // Sealed values are not sealed again.
    const Json once = doc;
    CHECK(sealer.seal_record(doc) == 0);
    CHECK(doc == once);

    crypto::seal::Opener(id).open_record(doc, "case x-1");
    CHECK(doc == record());
}

TEST_CASE("the same value sealed twice gives two sealed forms", "[seal]")
{
    const auto id = identity();
    const crypto::seal::Sealer sealer(id->public_key());
    CHECK(sealer.seal("Ana") != sealer.seal("Ana"));
}

TEST_CASE("another key, a changed byte or a cut value does not open, and says where", "[seal]")
{
    const auto id = identity();
    const auto other = identity();
    const crypto::seal::Sealer sealer(id->public_key());
    const std::string sealed = sealer.seal("Ana María");

    CHECK(error_of([&] { crypto::seal::Opener(other).open(sealed, "case x-1 /person/pseudonym"); }) ==
          "the sealed value of case x-1 /person/pseudonym is sealed to another project key than this one");
    std::string changed = sealed;
    changed[changed.size() - 3] = changed[changed.size() - 3] == 'A' ? 'B' : 'A';
    CHECK(error_of([&] { crypto::seal::Opener(id).open(changed, "case x-1 /person/pseudonym"); })
              .find("does not open with this key") != std::string::npos);
    CHECK(error_of([&] { crypto::seal::Opener(id).open(sealed.substr(0, 60), "case x-1 /person/pseudonym"); })
              .find("does not open with this key") != std::string::npos);
    CHECK(error_of([&] { crypto::seal::Opener(id).open("casebook-sealed1:!!!", "v"); }).find("does not open") != std::string::npos);
    CHECK_FALSE(crypto::seal::sealed_key_id("plain text").has_value());
}

TEST_CASE("count_sealed finds every sealed value in a stored text, and those of another key", "[seal]")
{
    const auto id = identity();
    const auto other = identity();
    Json doc = record();
    crypto::seal::Sealer(id->public_key()).seal_record(doc);
    doc["notes"] = crypto::seal::Sealer(other->public_key()).seal("n");
    const crypto::seal::SealedCount count = crypto::seal::count_sealed(doc.dump(), crypto::seal::key_id(id->public_key()));
    CHECK(count.values == 5);
    CHECK(count.other_key == 1);
}

TEST_CASE("after an edit, values that did not change keep their sealed form", "[seal]")
{
    const auto id = identity();
    const crypto::seal::Sealer sealer(id->public_key());
    Json sealed = record();
    sealer.seal_record(sealed);
    Json opened = sealed;
    crypto::seal::Opener(id).open_record(opened, "case x-1");

    Json edited = opened;
    edited["person"]["pseudonym"] = "Ana";
    crypto::seal::keep_unchanged(edited, sealed, opened);
    CHECK(edited["origin"]["locality"] == sealed["origin"]["locality"]);
    CHECK(edited["narrative"] == sealed["narrative"]);
    CHECK(edited["person"]["pseudonym"] == "Ana"); // changed: left in clear, to be sealed when stored
}
