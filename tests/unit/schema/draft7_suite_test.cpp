// The official JSON Schema draft-07 conformance tests (Debian's
// json-schema-test-suite, scripts/deps.sh): every case of every file must get
// the suite's verdict from SchemaValidator. The remote documents the suite
// serves at http://localhost:1234/ come from its remotes/ folder (the draft-07
// meta-schema is built in); nothing is fetched.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "schema/schema_validator.hpp"
#include "../files.hpp"

namespace fs = std::filesystem;
using casebook::Json;
using casebook::test::read_file;

namespace {

const fs::path suite_dir = "/usr/share/json-schema-test-suite";

// Files of tests/draft7/optional/ that are not run, and why. Every other file is.
const std::map<std::string, std::string> skipped = {
    {"optional/bignum.json", "integers beyond 64 bits: casebook reads numbers as 64-bit integers or doubles"},
    {"optional/content.json", "contentMediaType and contentEncoding are annotations casebook does not check"},
    {"optional/ecmascript-regex.json", "casebook's patterns are RE2 (linear time), not full ECMA 262"},
    {"optional/zeroTerminatedFloats.json", "the suite leaves it to the implementation whether 1.0 is an integer"},
    {"optional/format/idn-email.json", "internationalised formats (idn-email) are not checked"},
    {"optional/format/idn-hostname.json", "internationalised formats (idn-hostname) are not checked"},
    {"optional/format/iri.json", "internationalised formats (iri) are not checked"},
    {"optional/format/iri-reference.json", "internationalised formats (iri-reference) are not checked"},
    {"optional/format/uri-template.json", "uri-template (RFC 6570) is not checked"},
};

// Every remote document by the URI the suite serves it at.
std::map<std::string, Json> known_documents()
{
    std::map<std::string, Json> documents;
    const fs::path remotes = suite_dir / "remotes";
    for (const auto& entry : fs::recursive_directory_iterator(remotes)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            const std::string uri = "http://localhost:1234/" + fs::relative(entry.path(), remotes).generic_string();
            documents[uri] = Json::parse(read_file(entry.path()));
        }
    }
    return documents;
}

} // namespace

TEST_CASE("the JSON Schema draft-07 test suite: every verdict right", "[schema][draft7]")
{
    const fs::path draft7 = suite_dir / "tests" / "draft7";
    {
        INFO("the suite is missing: install Debian's json-schema-test-suite (scripts/deps.sh lists it)");
        REQUIRE(fs::is_directory(draft7));
        REQUIRE(fs::is_directory(suite_dir / "remotes"));
    }

    const std::map<std::string, Json> documents = known_documents();
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(draft7)) {
        const std::string name = fs::relative(entry.path(), draft7).generic_string();
        if (entry.is_regular_file() && entry.path().extension() == ".json" && skipped.count(name) == 0) {
            files.push_back(name);
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& [name, why] : skipped) {
        INFO(name << " is listed as skipped (" << why << ") but is not in the suite");
        CHECK(fs::is_regular_file(draft7 / name));
    }

    std::size_t total = 0;
    std::vector<std::string> wrong;
    for (const std::string& name : files) {
        const Json groups = Json::parse(read_file(draft7 / name));
        for (const Json& group : groups) {
            const std::string where = name + ": " + group["description"].get<std::string>() + ": ";
            std::optional<casebook::SchemaValidator> validator;
            std::string refused;
            try {
                validator.emplace(group["schema"], documents);
            } catch (const casebook::Error& e) {
                refused = e.what();
            }
            for (const Json& test : group["tests"]) {
                ++total;
                const bool valid = test["valid"].get<bool>();
                const std::string what = where + test["description"].get<std::string>();
                if (!validator) {
                    wrong.push_back(what + ": the schema was refused: " + refused);
                    continue;
                }
                std::vector<casebook::Problem> problems;
                validator->check(test["data"], problems);
                if (problems.empty() != valid) {
                    wrong.push_back(what + (valid ? ": valid, but found: " + problems[0].pointer + ": " + problems[0].message
                                                  : ": invalid, but no problem found"));
                }
            }
        }
    }
    std::string report;
    for (const std::string& w : wrong) {
        report += w + "\n";
    }
    INFO(report << (total - wrong.size()) << "/" << total << " right");
    CHECK(files.size() == 47); // the suite was read: 35 files of tests/draft7 and 12 formats
    CHECK(total == 519);
    CHECK(wrong.empty());
}
