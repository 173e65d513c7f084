// Project keys: the public text and fingerprint, signatures, minisign's
// formats, the passphrase-encrypted key file (0600, never overwritten, every
// damage a clear error), the recovery sheet and the passphrase sources.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include <sodium.h>
#include <unistd.h>

#include "util/error.hpp"
#include "crypto/keys.hpp"
#include "../files.hpp"

using namespace casebook;
using casebook::test::TempDir;
using casebook::test::mode_of;
using casebook::test::read_file;
using casebook::test::write_file;

namespace {

// The message of the Error that f throws, with its exit code checked.
template <typename F>
std::string error_of(F f, Exit expected)
{
    try {
        f();
    } catch (const Error& e) {
        CHECK(static_cast<int>(e.exit()) == static_cast<int>(expected));
        return e.what();
    }
    FAIL("no casebook::Error thrown");
    return "";
}

// A key file's text with its check line made to match again, as someone
// editing it on purpose would.
std::string rechecked(const std::string& text);

} // namespace

TEST_CASE("keys: the public text carries both public keys and parses back", "[keys]")
{
    const crypto::keys::Identity identity = crypto::keys::generate_identity();
    const std::string text = crypto::keys::public_text(identity.public_key());
    CHECK(text.rfind("casebook-pk1:", 0) == 0);
    CHECK(text.size() == 13 + 86);
    CHECK(text.find_first_of("+/=") == std::string::npos); // safe in a URL, a mail, a shell word
    CHECK(crypto::keys::parse_public_text("  " + text + "\n") == identity.public_key());

    const std::string fp = crypto::keys::fingerprint(identity.public_key());
    CHECK(fp.size() == 8 * 4 + 7);
    for (std::size_t i = 0; i < fp.size(); ++i) {
        if (i % 5 == 4) {
            CHECK(fp[i] == ' ');
        } else {
            CHECK(std::string("0123456789abcdef").find(fp[i]) != std::string::npos);
        }
    }
    CHECK(fp != crypto::keys::fingerprint(crypto::keys::generate_identity().public_key()));

    CHECK_THAT(error_of([&] { crypto::keys::parse_public_text(text.substr(0, text.size() - 1)); }, Exit::usage),
               Catch::Contains("cut short or mistyped"));
    CHECK_THAT(error_of([&] { crypto::keys::parse_public_text("RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"); },
                        Exit::usage),
               Catch::Contains("starts with \"casebook-pk1:\""));
    std::string typo = text;
    typo[20] = typo[20] == 'A' ? '#' : 'A';
    if (typo[20] == '#') {
        CHECK_THROWS_AS(crypto::keys::parse_public_text(typo), Error);
    } else {
        CHECK_FALSE(crypto::keys::parse_public_text(typo) == identity.public_key());
    }
}

TEST_CASE("keys: detached signatures verify for their bytes and key only", "[keys]")
{
    const crypto::keys::Identity identity = crypto::keys::generate_identity();
    const crypto::keys::Identity other = crypto::keys::generate_identity();
    const std::string row = "sv-004\t2026-12-01T21:00:00Z\tedit\t{\"id\":\"sv-004\"}";
    const crypto::keys::Signature sig = crypto::keys::sign_detached(identity, row);
    CHECK(crypto::keys::verify_detached(identity.public_key().sign, row, sig));
    CHECK_FALSE(crypto::keys::verify_detached(identity.public_key().sign, row + " ", sig));
    CHECK_FALSE(crypto::keys::verify_detached(other.public_key().sign, row, sig));
    crypto::keys::Signature flipped = sig;
    flipped[10] ^= 1;
    CHECK_FALSE(crypto::keys::verify_detached(identity.public_key().sign, row, flipped));
}

TEST_CASE("keys: minisign public key line and signature file", "[keys]")
{
    const crypto::keys::Identity identity = crypto::keys::generate_identity();
    const crypto::keys::SignPublicKey& pk = identity.public_key().sign;
    const std::string line = crypto::keys::minisign_public_key_line(pk);
    CHECK(line.size() == 56);
    CHECK(line.rfind("RW", 0) == 0); // base64 of "Ed"
    const std::string file = crypto::keys::minisign_public_key_file(pk);
    CHECK(file.rfind("untrusted comment: minisign public key ", 0) == 0);
    CHECK(file.size() == 39 + 16 + 1 + 56 + 1);

    const std::string message = std::string("export of 10 cases\n\0binary\xff", 28);
    const std::string sig = crypto::keys::minisign_signature_file(identity, message, "casebook export", "timestamp:1\tfile:x.jsonl");
    CHECK(sig.rfind("untrusted comment: casebook export\n", 0) == 0);
    CHECK(sig.find("\ntrusted comment: timestamp:1\tfile:x.jsonl\n") != std::string::npos);
    auto verified = crypto::keys::minisign_verify(pk, message, sig);
    REQUIRE(verified);
    CHECK(verified->trusted_comment == "timestamp:1\tfile:x.jsonl");
    // The prehashed algorithm ("ED"), minisign's default.
    CHECK(sig.substr(35, 2) == "RU");

    CHECK_FALSE(crypto::keys::minisign_verify(pk, message + "x", sig));
    CHECK_FALSE(crypto::keys::minisign_verify(crypto::keys::generate_identity().public_key().sign, message, sig));
    std::string forged = sig;
    forged.replace(forged.find("timestamp:1"), 11, "timestamp:2");
    CHECK_FALSE(crypto::keys::minisign_verify(pk, message, forged)); // the trusted comment is signed
    CHECK_FALSE(crypto::keys::minisign_verify(pk, message, sig.substr(0, sig.size() - 10)));

    CHECK_THAT(error_of([&] { crypto::keys::minisign_signature_file(identity, message, "two\nlines", "t"); }, Exit::usage),
               Catch::Contains("one line of printable text"));
    CHECK_THROWS_AS(crypto::keys::minisign_signature_file(identity, message, "u", "bell\a"), Error);
    CHECK_THROWS_AS(crypto::keys::minisign_signature_file(identity, message, "u", std::string(9000, 'x')), Error);
}

TEST_CASE("keys: the minisign tool verifies casebook's signatures with the public key line", "[keys]")
{
    TempDir dir;
    const crypto::keys::Identity identity = crypto::keys::generate_identity();
    const std::string message = "id\tcountry\nsv-001\tSLV\n";
    const std::string data = dir.write("export.tsv", message);
    dir.write("export.tsv.minisig", crypto::keys::minisign_signature_file(identity, message, "signature from casebook",
                                                                  "casebook export, 1 case"));
    const std::string line = crypto::keys::minisign_public_key_line(identity.public_key().sign);
    const std::string out = dir / "minisign.out";
    const std::string verify = "minisign -V -P " + line + " -m " + data + " >" + out + " 2>&1";
    REQUIRE(std::system(verify.c_str()) == 0);
    CHECK_THAT(read_file(out), Catch::Contains("Trusted comment: casebook export, 1 case"));
    // From a public key file too.
    const std::string pub = dir.write("casebook.pub", crypto::keys::minisign_public_key_file(identity.public_key().sign));
    CHECK(std::system(("minisign -Vq -p " + pub + " -m " + data).c_str()) == 0);

    // A changed byte, or another key: minisign refuses.
    dir.write("export.tsv", message + " ");
    CHECK(std::system((verify).c_str()) != 0);
    dir.write("export.tsv", message);
    const std::string other = crypto::keys::minisign_public_key_line(crypto::keys::generate_identity().public_key().sign);
    CHECK(std::system(("minisign -Vq -P " + other + " -m " + data + " 2>/dev/null").c_str()) != 0);
}

TEST_CASE("keys: a key file is 0600, never overwritten, and opens with its passphrase only", "[keys]")
{
    TempDir dir;
    const std::string path = dir / "project.key";
    const crypto::keys::Identity identity = crypto::keys::generate_identity();
    crypto::keys::write_key_file(path, identity, "correct horse battery staple");
    CHECK(mode_of(path) == 0600);
    const std::string text = read_file(path);
    CHECK(text.rfind("casebook key file version 1\n#", 0) == 0);
    CHECK(text.find("public " + crypto::keys::public_text(identity.public_key()) + "\n") != std::string::npos);
    CHECK(text.find("kdf argon2id13 opslimit=") != std::string::npos);

    // An existing file, even a key file, is left alone.
    CHECK_THAT(error_of([&] { crypto::keys::write_key_file(path, crypto::keys::generate_identity(), "other"); }, Exit::io),
               Catch::Contains("already exists"));
    CHECK(read_file(path) == text);

    CHECK(crypto::keys::read_public_key(path) == identity.public_key());
    const crypto::keys::Identity loaded = crypto::keys::load_identity(path, "correct horse battery staple");
    CHECK(loaded.public_key() == identity.public_key());
    const crypto::keys::Signature sig = crypto::keys::sign_detached(loaded, "row");
    CHECK(crypto::keys::verify_detached(identity.public_key().sign, "row", sig));

    CHECK_THAT(error_of([&] { crypto::keys::load_identity(path, "correct horse battery stapl"); }, Exit::io),
               Catch::Contains("wrong passphrase for the key file " + path));

    // A public key swapped in (the check line redone to match) is refused:
    // the public line is the AEAD's additional data.
    const std::string other_public = crypto::keys::public_text(crypto::keys::generate_identity().public_key());
    std::string swapped = text;
    const std::size_t at = swapped.find("casebook-pk1:");
    swapped.replace(at, other_public.size(), other_public);
    const std::string swapped_path = dir.write("swapped.key", rechecked(swapped));
    CHECK_THAT(error_of([&] { crypto::keys::load_identity(swapped_path, "correct horse battery staple"); }, Exit::io),
               Catch::Contains("wrong passphrase"));
}

TEST_CASE("keys: a truncated or damaged key file is a clear error before any passphrase is tried", "[keys]")
{
    TempDir dir;
    const std::string path = dir / "project.key";
    crypto::keys::write_key_file(path, crypto::keys::generate_identity(), "pass");
    const std::string text = read_file(path);

    // Cut at every byte: never a crash, never a success, always Error(io).
    for (std::size_t cut = 0; cut < text.size(); ++cut) {
        const std::string cut_path = dir.write("cut.key", text.substr(0, cut));
        const std::string message = error_of([&] { crypto::keys::read_public_key(cut_path); }, Exit::io);
        INFO(cut << ": " << message);
        const bool clear = message.find("damaged") != std::string::npos ||
                           message.find("not a casebook key file") != std::string::npos;
        CHECK(clear);
    }
    CHECK_THAT(error_of([&] { crypto::keys::read_public_key(dir.write("cut.key", text.substr(0, text.size() - 1))); }, Exit::io),
               Catch::Contains("cut short"));

    // A flipped character anywhere after the version line: damaged (the check line says so).
    for (std::size_t i = text.find('\n') + 1; i < text.size(); i += 7) {
        if (text[i] == '\n') {
            continue;
        }
        std::string damaged = text;
        damaged[i] = damaged[i] == 'A' ? 'B' : 'A';
        const std::string damaged_path = dir.write("damaged.key", damaged);
        INFO("byte " << i);
        CHECK_THAT(error_of([&] { crypto::keys::load_identity(damaged_path, "pass"); }, Exit::io), Catch::Contains("damaged"));
    }

    CHECK_THAT(error_of([&] { crypto::keys::read_public_key(dir.write("db.key", "SQLite format 3\n")); }, Exit::io),
               Catch::Contains("is not a casebook key file"));
    CHECK_THAT(error_of([&] { crypto::keys::read_public_key(dir / "missing.key"); }, Exit::io),
               Catch::Contains("cannot read the key file"));
    CHECK_THAT(error_of([&] { crypto::keys::read_public_key(dir.write("v9.key", "casebook key file version 9\n")); }, Exit::io),
               Catch::Contains("of a version this casebook does not read"));
    // A key file asking Argon2id for terabytes is refused before any allocation.
    std::string greedy = text;
    const std::size_t mem = greedy.find("memlimit=") + 9;
    greedy.replace(mem, greedy.find(' ', mem) - mem, "1099511627776");
    CHECK_THAT(error_of([&] { crypto::keys::read_public_key(dir.write("greedy.key", rechecked(greedy))); }, Exit::io),
               Catch::Contains("no usable opslimit, memlimit and salt"));
}

TEST_CASE("keys: the recovery sheet gives back the same keys, and a typo is caught", "[keys]")
{
    const crypto::keys::Identity identity = crypto::keys::generate_identity();
    const std::string sheet = crypto::keys::recovery_text(identity);
    CHECK(sheet.rfind("casebook-sk1\n", 0) == 0);
    CHECK(std::count(sheet.begin(), sheet.end(), '\n') == 6);
    CHECK(crypto::keys::identity_from_recovery(sheet).public_key() == identity.public_key());

    // Typed back by hand: upper case, dashes, other line breaks.
    std::string typed;
    for (char c : sheet) {
        typed += c == ' ' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    typed.replace(0, 12, "casebook-sk1");
    CHECK(crypto::keys::identity_from_recovery("notes\n" + typed).public_key() == identity.public_key());

    std::string typo = sheet;
    const std::size_t at = typo.find_first_of("0123456789abcdef", 14);
    typo[at] = typo[at] == '0' ? '1' : '0';
    CHECK_THAT(error_of([&] { crypto::keys::identity_from_recovery(typo); }, Exit::invalid),
               Catch::Contains("checksum does not match"));
    CHECK_THAT(error_of([&] { crypto::keys::identity_from_recovery(sheet.substr(0, sheet.size() - 6)); }, Exit::invalid),
               Catch::Contains("this has fewer"));
    CHECK_THAT(error_of([&] { crypto::keys::identity_from_recovery("casebook-sk1 0123 zz"); }, Exit::invalid),
               Catch::Contains("only the digits"));
}

TEST_CASE("keys: a passphrase comes from a file's or a descriptor's first line", "[keys]")
{
    TempDir dir;
    const std::string file = dir.write("pass", "s3cret words\r\nsecond line\n");
    crypto::keys::PassphraseSource from_file{std::nullopt, file};
    CHECK(crypto::keys::read_passphrase(from_file, "", crypto::keys::Confirm::yes).view() == "s3cret words");

    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    REQUIRE(::write(pipe_fds[1], "from a pipe\nrest", 16) == 16);
    ::close(pipe_fds[1]);
    // The descriptor wins over the file.
    crypto::keys::PassphraseSource from_fd{std::to_string(pipe_fds[0]), file};
    CHECK(crypto::keys::read_passphrase(from_fd, "", crypto::keys::Confirm::no).view() == "from a pipe");
    ::close(pipe_fds[0]);

    CHECK_THAT(error_of([&] { crypto::keys::read_passphrase({std::nullopt, dir.write("empty", "\n")}, "", crypto::keys::Confirm::no); },
                        Exit::usage),
               Catch::Contains("empty"));
    CHECK_THAT(error_of([&] { crypto::keys::read_passphrase({std::nullopt, dir / "none"}, "", crypto::keys::Confirm::no); }, Exit::io),
               Catch::Contains("cannot read the passphrase file"));
    CHECK_THAT(error_of([&] { crypto::keys::read_passphrase({std::string("3; rm"), std::nullopt}, "", crypto::keys::Confirm::no); },
                        Exit::usage),
               Catch::Contains("must be a file descriptor number"));
    CHECK_THAT(error_of([&] { crypto::keys::read_passphrase({std::string("987"), std::nullopt}, "", crypto::keys::Confirm::no); },
                        Exit::io),
               Catch::Contains("file descriptor 987"));
}

namespace {

std::string rechecked(const std::string& text)
{
    // The check line is BLAKE2b-128 of every line before it (see keys.hpp).
    const std::size_t at = text.rfind("check ");
    const std::string body = text.substr(0, at);
    unsigned char hash[16];
    crypto::keys::init_sodium();
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr, 0);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return body + "check " + hex + "\n";
}

} // namespace
