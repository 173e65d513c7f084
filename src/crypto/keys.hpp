// Project keys: one key file holds a project's box key pair (X25519, what
// sensitive values are sealed to) and the researcher's Ed25519 signing key
// pair (what history rows and exports are signed with). The secret halves
// are encrypted under a passphrase; the public halves travel as one short
// text ("casebook-pk1:...") with a fingerprint people compare by voice.
// Every primitive is libsodium's; nothing here is hand-written cryptography.
//
// Key file (text, mode 0600, never overwritten), one field a line:
//   casebook key file version 1
//   # <a warning for whoever finds the file>
//   public casebook-pk1:<base64url of box pk (32) + sign pk (32)>
//   kdf argon2id13 opslimit=<n> memlimit=<bytes> salt=<base64>
//   nonce <base64 of 24 bytes>
//   secret <base64 of XChaCha20-Poly1305 of box sk (32) + sign seed (32)>
//   check <hex of BLAKE2b-128 of every line above>
// The AEAD's additional data is the version, public, kdf and nonce lines, so
// a changed public key or cost is refused like a wrong passphrase; the check
// line tells a damaged file from a wrong passphrase (it is not a MAC).
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace casebook::crypto::keys {

// Calls sodium_init once per process; every function below calls it, so
// callers need not. Throws Error(io) if libsodium cannot start.
void init_sodium();

using BoxPublicKey = std::array<unsigned char, 32>;  // X25519, crypto_box_seal's recipient
using SignPublicKey = std::array<unsigned char, 32>; // Ed25519
using Signature = std::array<unsigned char, 64>;     // Ed25519 detached signature

// The public half of a key file: what a coordinator sends to researchers.
struct PublicKey {
    BoxPublicKey box{};
    SignPublicKey sign{};
    bool operator==(const PublicKey&) const = default;
};

// Secret key material, kept in sodium_malloc'd memory (guard pages, locked
// out of swap, wiped when freed). Moves, never copies.
class SecretBytes {
public:
    explicit SecretBytes(std::size_t size);
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;
    ~SecretBytes();
    unsigned char* data() { return data_; }
    const unsigned char* data() const { return data_; }
    std::size_t size() const { return size_; }

private:
    unsigned char* data_ = nullptr;
    std::size_t size_ = 0;
};

// A loaded key file: the public keys and both secret keys.
class Identity {
public:
    // Derives every key from the 64 secret bytes (box sk + sign seed).
    explicit Identity(SecretBytes secret);
    const PublicKey& public_key() const { return public_; }
    // The X25519 secret key (32 bytes), for crypto_box_seal_open.
    const unsigned char* box_secret() const { return secret_.data(); }
    // The Ed25519 secret key (64 bytes, libsodium's seed + pk form), for crypto_sign.
    const unsigned char* sign_secret() const { return sign_secret_.data(); }
    // The 64 bytes every key derives from (what the recovery sheet holds).
    const SecretBytes& seed() const { return secret_; }

private:
    SecretBytes secret_;
    SecretBytes sign_secret_;
    PublicKey public_;
};

// A new identity from libsodium's random generator.
Identity generate_identity();

// How hard the passphrase is to guess by brute force: libsodium's named
// Argon2id costs. interactive (64 MiB) is the default; sensitive takes seconds.
enum class KdfCost { interactive, moderate, sensitive };

// The text of a key file holding identity under passphrase.
std::string key_file_text(const Identity& identity, std::string_view passphrase, KdfCost cost = KdfCost::interactive);

// Writes a new key file at path (mode 0600, O_EXCL: an existing file is
// refused, never overwritten). Throws Error(io).
void write_key_file(const std::filesystem::path& path, const Identity& identity, std::string_view passphrase,
                    KdfCost cost = KdfCost::interactive);

// Opens the key file at path with passphrase. Throws Error(io) with a
// sentence saying which: unreadable, not a key file, truncated, damaged, or
// wrong passphrase.
Identity load_identity(const std::filesystem::path& path, std::string_view passphrase);

// The public keys of the key file at path, without its passphrase (the
// public line is in clear). Throws Error(io) like load_identity.
PublicKey read_public_key(const std::filesystem::path& path);

// "casebook-pk1:" + base64url (no padding) of box pk + sign pk: 99 characters.
std::string public_text(const PublicKey& key);

// The PublicKey in a public_text, surrounding spaces allowed. Throws Error(usage).
PublicKey parse_public_text(std::string_view text);

// The first 16 bytes of BLAKE2b of both public keys, in hex groups of four
// ("3f2a 9c01 …", 8 groups): what two people read to each other to be sure
// a public key arrived unchanged.
std::string fingerprint(const PublicKey& key);

// Ed25519 signature of bytes.
Signature sign_detached(const Identity& identity, std::string_view bytes);

// Whether sig is sign_pk's signature of bytes.
bool verify_detached(const SignPublicKey& sign_pk, std::string_view bytes, const Signature& sig);

// minisign's key id for sign_pk: the first 8 bytes of its BLAKE2b hash.
std::array<unsigned char, 8> minisign_key_id(const SignPublicKey& sign_pk);

// sign_pk in minisign's public-key form, the "RW…" base64 line that
// `minisign -V -P <line> -m FILE` takes ("Ed" + key id + pk).
std::string minisign_public_key_line(const SignPublicKey& sign_pk);

// The signing key a partner was given: a minisign public key line ("RW…"),
// or a casebook public text (casebook-pk1:…). Throws Error(usage).
SignPublicKey parse_signing_key(std::string_view text);

// A minisign public key file (untrusted comment line + key line), for `minisign -V -p FILE`.
std::string minisign_public_key_file(const SignPublicKey& sign_pk);

// A minisign signature file of message_bytes, prehashed ("ED": Ed25519 of
// BLAKE2b-512, minisign's default), which `minisign -V` accepts. Comments
// are one line each of printable text (tabs allowed); anything else throws
// Error(usage).
std::string minisign_signature_file(const Identity& identity, std::string_view message_bytes,
                                    std::string_view untrusted_comment, std::string_view trusted_comment);

// BLAKE2b-512 of a message fed in pieces: minisign's prehash, for a file
// signed while it is written (minisign_signature_prehashed).
class Prehash {
public:
    Prehash();
    void update(std::string_view bytes);
    std::array<unsigned char, 64> final();

private:
    alignas(64) unsigned char state_[384]; // crypto_generichash_state, without sodium.h here
};

// minisign_signature_file for a message whose Prehash is hash.
std::string minisign_signature_prehashed(const Identity& identity, const std::array<unsigned char, 64>& hash,
                                         std::string_view untrusted_comment, std::string_view trusted_comment);

// What minisign_verify found in a valid signature file.
struct MinisignVerified {
    std::string trusted_comment;
};

// Checks a minisign signature file (prehashed or legacy) of message_bytes
// against sign_pk, as `minisign -V` does: key id, signature and the global
// signature over the trusted comment. Empty if any of them fails.
std::optional<MinisignVerified> minisign_verify(const SignPublicKey& sign_pk, std::string_view message_bytes,
                                                std::string_view signature_file);

// The printable recovery form of identity's secret: a "casebook-sk1" line
// and the 64 secret bytes plus a 4-byte checksum in hex groups, for paper.
std::string recovery_text(const Identity& identity);

// The identity a recovery text holds; spaces, dashes, line breaks and case
// do not matter. Throws Error(invalid) on a typo (the checksum says so).
Identity identity_from_recovery(std::string_view text);

// A passphrase, wiped from memory when it goes.
class Passphrase {
public:
    explicit Passphrase(std::string&& text) : text_(std::move(text)) {}
    Passphrase(Passphrase&& other) noexcept = default;
    Passphrase& operator=(Passphrase&&) = delete;
    Passphrase(const Passphrase&) = delete;
    Passphrase& operator=(const Passphrase&) = delete;
    ~Passphrase();
    std::string_view view() const { return text_; }

private:
    std::string text_;
};

// Where a passphrase comes from, as the CLI found it in the environment:
// CASEBOOK_PASSPHRASE_FD (a file descriptor number) first, then
// CASEBOOK_PASSPHRASE_FILE, else the terminal (/dev/tty, no echo). Never argv.
struct PassphraseSource {
    std::optional<std::string> fd;
    std::optional<std::string> file;
};

// Whether a terminal prompt asks twice (a new passphrase) or once.
enum class Confirm { yes, no };

// Reads a passphrase: the first line of the fd or file (its line end
// dropped), or a no-echo prompt on the terminal. Throws Error(usage) when
// there is no source or the passphrase is empty, Error(io) when a source
// cannot be read, and Error(usage) when the two prompts differ.
Passphrase read_passphrase(const PassphraseSource& source, std::string_view prompt, Confirm confirm);

} // namespace casebook::crypto::keys
