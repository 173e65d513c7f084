// Custody hashes as they are specified (custody.hpp), checked against values
// computed apart from casebook (Python's hashlib.blake2b over the same
// length-prefixed fields): a row without a derived hash hashes exactly as
// rows did before format 6, so existing chains, signatures and checkpoints
// still verify; one with a derived hash is covered by it.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crypto/custody.hpp"

using namespace casebook;

namespace {

crypto::custody::RowFields sample_row()
{
    static const std::string content(32, 'a');
    static const std::string prev(32, 'b');
    return {"sv-001", 2, "2020-01-01T00:00:00Z", "R01", "edit", "a note", "", content, prev, ""};
}

} // namespace

TEST_CASE("a row without a derived hash hashes as before format 6", "[custody]")
{
    CHECK(crypto::custody::hex(crypto::custody::row_hash(sample_row())) ==
          "c0eb8be35ffae33da2e8cc111a61609aaed580848733b605b1275f1eeccd3f01");
}

TEST_CASE("a row's derived hash is covered by its row hash", "[custody]")
{
    const std::string derived = "\x01" + std::string(32, 'c');
    crypto::custody::RowFields row = sample_row();
    row.derived = derived;
    CHECK(crypto::custody::hex(crypto::custody::row_hash(row)) == "39abf621cd872be871a1d47f29d1ff120aa98340f968d492b9930f12bb85e05e");
}

TEST_CASE("the derived hash: its version, then every column and value", "[custody]")
{
    const std::vector<std::optional<std::string>> columns = {"SLV", std::nullopt, ""};
    const std::vector<std::pair<std::string, std::string>> values = {{"harm", "killed"}};
    const crypto::custody::Bytes h = crypto::custody::derived_hash(1, columns, values);
    CHECK(crypto::custody::hex(h) == "0111b11bfc843e7d1886f8500570ae05882ab8f463de835fc6758d4261a830db35");
    CHECK(crypto::custody::derived_version(h) == 1);
    CHECK(crypto::custody::derived_version("") == 0);
    // NULL and the empty text, a value moved between fields, another version: each another hash.
    CHECK(crypto::custody::derived_hash(1, {"SLV", "", ""}, values) != h);
    CHECK(crypto::custody::derived_hash(1, {"SLV", std::nullopt, ""}, {{"har", "mkilled"}}) != h);
    CHECK(crypto::custody::derived_hash(2, columns, values).substr(1) != h.substr(1));
}
