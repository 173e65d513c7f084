// Project keys: generation, the public text and its fingerprint, signatures,
// the passphrase-encrypted key file and the recovery sheet (keys.hpp).
#include "crypto/keys.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sodium.h>

#include "util/error.hpp"
#include "util/private_file.hpp"
#include "util/key_text.hpp"
#include "util/i18n.hpp"

namespace casebook::crypto::keys {

namespace {

constexpr std::size_t secret_bytes = crypto_box_SECRETKEYBYTES + crypto_sign_SEEDBYTES; // box sk + sign seed
constexpr std::string_view public_prefix = "casebook-pk1:";
constexpr std::string_view version_line = "casebook key file version 1";
constexpr std::string_view warning_line =
    "# casebook project keys. Keep this file and its passphrase: without both, every value sealed to this key is "
    "lost for good.";
constexpr std::string_view recovery_prefix = "casebook-sk1";
constexpr std::size_t checksum_bytes = 4;

static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_BYTES == 64);

// The costs libsodium names, and the most a key file may ask for (a key file
// is read before its passphrase is checked: it must not make us allocate 100 GB).
struct Cost {
    unsigned long long opslimit;
    std::size_t memlimit;
};
Cost named_cost(KdfCost cost)
{
    switch (cost) {
    case KdfCost::moderate:
        return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
    case KdfCost::sensitive:
        return {crypto_pwhash_OPSLIMIT_SENSITIVE, crypto_pwhash_MEMLIMIT_SENSITIVE};
    case KdfCost::interactive:
        break;
    }
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
constexpr unsigned long long max_opslimit = 64;
constexpr std::size_t max_memlimit = std::size_t{4} << 30;

// The passphrase's key for the AEAD. Throws Error(io) when Argon2id cannot get its memory.
SecretBytes passphrase_key(std::string_view passphrase, const unsigned char* salt, const Cost& cost)
{
    SecretBytes key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt, cost.opslimit,
                      cost.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw Error(Exit::io, say("not enough memory to check the passphrase ({} MiB needed)", cost.memlimit >> 20));
    }
    return key;
}

std::string check_of(std::string_view text)
{
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    return casebook::keys::to_hex(hash, sizeof hash);
}

// One parsed key file; throws Error(io) naming what is wrong with it.
struct KeyFile {
    PublicKey public_key;
    Cost cost{};
    std::vector<unsigned char> salt;
    std::vector<unsigned char> nonce;
    std::vector<unsigned char> sealed;
    std::string associated; // the version, public, kdf and nonce lines
};

std::string read_whole(const std::filesystem::path& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        throw Error(Exit::io, say("cannot read the key file {}: {}", path.string(), std::strerror(errno)));
    }
    std::ostringstream s;
    s << f.rdbuf();
    if (f.bad()) {
        throw Error(Exit::io, say("cannot read the key file {}", path.string()));
    }
    return s.str();
}

// The value after "name " on a line of a key file.
std::optional<std::string_view> field(std::string_view line, std::string_view name)
{
    if (line.size() > name.size() && line.substr(0, name.size()) == name && line[name.size()] == ' ') {
        return line.substr(name.size() + 1);
    }
    return std::nullopt;
}

// "opslimit=2 memlimit=67108864 salt=..." of the kdf line.
std::optional<std::string_view> setting(std::string_view settings, std::string_view name)
{
    std::size_t at = 0;
    while (at < settings.size()) {
        std::size_t end = settings.find(' ', at);
        if (end == std::string_view::npos) {
            end = settings.size();
        }
        std::string_view item = settings.substr(at, end - at);
        if (item.size() > name.size() && item.substr(0, name.size()) == name && item[name.size()] == '=') {
            return item.substr(name.size() + 1);
        }
        at = end + 1;
    }
    return std::nullopt;
}

std::optional<unsigned long long> number(std::string_view text)
{
    if (text.empty() || text.size() > 19) {
        return std::nullopt;
    }
    unsigned long long n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        n = n * 10 + static_cast<unsigned>(c - '0');
    }
    return n;
}

KeyFile parse_key_file(const std::filesystem::path& path, const std::string& text)
{
    const std::string name = path.string();
    auto damaged = [&name](std::string_view what) {
        return Error(Exit::io, say("the key file {} is damaged: {}; use the copy you keep, or recover it from "
                                           "its recovery sheet (casebook keys recover)",
                                           name, what));
    };
    std::vector<std::string_view> lines;
    std::string_view rest = text;
    while (!rest.empty()) {
        const std::size_t nl = rest.find('\n');
        if (nl == std::string_view::npos) {
            lines.push_back(rest); // a last line without its line end: the file was cut short
            break;
        }
        lines.push_back(rest.substr(0, nl));
        rest.remove_prefix(nl + 1);
    }
    if (lines.empty() || lines[0] != version_line) {
        if (!lines.empty() && text.size() > lines[0].size() && lines[0].substr(0, 26) == version_line.substr(0, 26)) {
            throw Error(Exit::io, say("{} is a casebook key file of a version this casebook does not read "
                                              "(\"{}\")",
                                              name, casebook::keys::printable(lines[0].substr(0, 60))));
        }
        throw Error(Exit::io, say("{} is not a casebook key file (its first line is not \"{}\")", name,
                                          version_line));
    }
    // Expected layout, each line once, in this order; '#' lines are notes.
    const std::string_view names[] = {"public", "kdf", "nonce", "secret", "check"};
    std::string_view values[5];
    std::size_t next = 0;
    std::string checked = std::string(lines[0]) + "\n";
    std::size_t i = 1;
    for (; i < lines.size() && next < 5; ++i) {
        if (!lines[i].empty() && lines[i][0] == '#') {
            checked += std::string(lines[i]) + "\n";
            continue;
        }
        auto value = field(lines[i], names[next]);
        if (!value) {
            throw damaged(say("line {} should be its \"{}\" line", i + 1, names[next]));
        }
        values[next] = *value;
        if (next < 4) {
            checked += std::string(lines[i]) + "\n";
        }
        ++next;
    }
    if (next < 5 || !text.ends_with('\n')) {
        throw damaged(say("it is cut short (no \"{}\" line)", names[std::min<std::size_t>(next, 4)]));
    }
    if (i != lines.size()) {
        throw damaged(say("it has more lines than a key file has (line {})", i + 1));
    }
    if (values[4] != check_of(checked)) {
        throw damaged(tr("its check line does not match its contents"));
    }

    KeyFile file;
    try {
        file.public_key = parse_public_text(values[0]);
    } catch (const Error&) {
        throw damaged(tr("its public line is not a casebook public key"));
    }
    std::string_view kdf = values[1];
    if (kdf.substr(0, 11) != "argon2id13 ") {
        throw damaged(tr("its kdf line does not name argon2id13"));
    }
    auto ops = setting(kdf, "opslimit");
    auto mem = setting(kdf, "memlimit");
    auto salt = setting(kdf, "salt");
    // Plain numbers, not optionals: GCC 12 warns of optionals read after a check.
    const unsigned long long opslimit = ops ? number(*ops).value_or(0) : 0;
    const unsigned long long memlimit = mem ? number(*mem).value_or(0) : 0;
    if (!salt || opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > max_opslimit ||
        memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > max_memlimit) {
        throw damaged(tr("its kdf line has no usable opslimit, memlimit and salt"));
    }
    file.cost = {opslimit, static_cast<std::size_t>(memlimit)};
    auto salt_bytes = casebook::keys::from_base64(*salt);
    auto nonce = casebook::keys::from_base64(values[2]);
    auto sealed = casebook::keys::from_base64(values[3]);
    if (!salt_bytes || salt_bytes->size() != crypto_pwhash_SALTBYTES || !nonce ||
        nonce->size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES || !sealed ||
        sealed->size() != secret_bytes + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
        throw damaged(tr("its salt, nonce or secret is not of the right length"));
    }
    file.salt = std::move(*salt_bytes);
    file.nonce = std::move(*nonce);
    file.sealed = std::move(*sealed);
    file.associated = std::string(version_line) + "\npublic " + std::string(values[0]) + "\nkdf " +
                      std::string(values[1]) + "\nnonce " + std::string(values[2]) + "\n";
    return file;
}

std::array<unsigned char, checksum_bytes> checksum_of(const SecretBytes& secret)
{
    std::array<unsigned char, checksum_bytes> sum{};
    const unsigned char context[] = "casebook recovery";
    crypto_generichash(sum.data(), sum.size(), secret.data(), secret.size(), context, sizeof context - 1);
    return sum;
}

} // namespace

void init_sodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        throw Error(Exit::io, tr("libsodium could not start (no source of randomness?)"));
    }
}

SecretBytes::SecretBytes(std::size_t size) : size_(size)
{
    init_sodium();
    data_ = static_cast<unsigned char*>(sodium_malloc(size));
    if (data_ == nullptr) {
        throw std::bad_alloc();
    }
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0))
{
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept
{
    if (this != &other) {
        sodium_free(data_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

SecretBytes::~SecretBytes()
{
    sodium_free(data_); // wipes, then unmaps; null is a no-op
}

Identity::Identity(SecretBytes secret) : secret_(std::move(secret)), sign_secret_(crypto_sign_SECRETKEYBYTES)
{
    if (secret_.size() != secret_bytes) {
        throw std::invalid_argument("keys::Identity: 64 secret bytes expected");
    }
    if (crypto_scalarmult_base(public_.box.data(), secret_.data()) != 0 ||
        crypto_sign_seed_keypair(public_.sign.data(), sign_secret_.data(), secret_.data() + crypto_box_SECRETKEYBYTES) !=
            0) {
        throw Error(Exit::io, tr("these secret bytes make no key pair"));
    }
}

Identity generate_identity()
{
    SecretBytes secret(secret_bytes);
    randombytes_buf(secret.data(), secret.size());
    return Identity(std::move(secret));
}

std::string public_text(const PublicKey& key)
{
    unsigned char both[64];
    std::memcpy(both, key.box.data(), 32);
    std::memcpy(both + 32, key.sign.data(), 32);
    return std::string(public_prefix) + casebook::keys::to_base64(both, sizeof both, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

PublicKey parse_public_text(std::string_view text)
{
    init_sodium();
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' || text.front() == '\r')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    if (text.substr(0, public_prefix.size()) != public_prefix) {
        throw Error(Exit::usage, say("a casebook public key starts with \"{}\" (casebook keys show prints one)",
                                             public_prefix));
    }
    auto bytes = casebook::keys::from_base64(text.substr(public_prefix.size()), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    if (!bytes || bytes->size() != 64) {
        throw Error(Exit::usage, tr("this casebook public key is cut short or mistyped: copy it again whole"));
    }
    PublicKey key;
    std::memcpy(key.box.data(), bytes->data(), 32);
    std::memcpy(key.sign.data(), bytes->data() + 32, 32);
    return key;
}

std::string fingerprint(const PublicKey& key)
{
    init_sodium();
    unsigned char hash[16];
    crypto_generichash_state state;
    const unsigned char context[] = "casebook fingerprint";
    crypto_generichash_init(&state, context, sizeof context - 1, sizeof hash);
    crypto_generichash_update(&state, key.box.data(), key.box.size());
    crypto_generichash_update(&state, key.sign.data(), key.sign.size());
    crypto_generichash_final(&state, hash, sizeof hash);
    return casebook::keys::grouped(casebook::keys::to_hex(hash, sizeof hash), 4);
}

Signature sign_detached(const Identity& identity, std::string_view bytes)
{
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                         identity.sign_secret());
    return sig;
}

bool verify_detached(const SignPublicKey& sign_pk, std::string_view bytes, const Signature& sig)
{
    init_sodium();
    return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                                       sign_pk.data()) == 0;
}

std::string key_file_text(const Identity& identity, std::string_view passphrase, KdfCost cost_name)
{
    const Cost cost = named_cost(cost_name);
    unsigned char salt[crypto_pwhash_SALTBYTES];
    unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    const std::string head = fmt::format("{}\n{}\npublic {}\nkdf argon2id13 opslimit={} memlimit={} salt={}\nnonce {}\n",
                                         version_line, warning_line, public_text(identity.public_key()), cost.opslimit,
                                         cost.memlimit, casebook::keys::to_base64(salt, sizeof salt), casebook::keys::to_base64(nonce, sizeof nonce));
    // The additional data leaves out the '#' line, as parse_key_file does.
    const std::size_t after_warning = head.find('\n', version_line.size() + 1) + 1;
    const std::string associated = std::string(version_line) + "\n" + head.substr(after_warning);

    const SecretBytes key = passphrase_key(passphrase, salt, cost);
    std::vector<unsigned char> sealed(secret_bytes + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long sealed_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &sealed_size, identity.seed().data(), secret_bytes,
                                               reinterpret_cast<const unsigned char*>(associated.data()),
                                               associated.size(), nullptr, nonce, key.data());
    std::string text = head + "secret " + casebook::keys::to_base64(sealed.data(), sealed.size()) + "\n";
    return text + "check " + check_of(text) + "\n";
}

void write_key_file(const std::filesystem::path& path, const Identity& identity, std::string_view passphrase,
                    KdfCost cost)
{
    write_new_private_file(path, key_file_text(identity, passphrase, cost), tr("the key file"));
}

PublicKey read_public_key(const std::filesystem::path& path)
{
    init_sodium();
    return parse_key_file(path, read_whole(path)).public_key;
}

Identity load_identity(const std::filesystem::path& path, std::string_view passphrase)
{
    init_sodium();
    const KeyFile file = parse_key_file(path, read_whole(path));
    const SecretBytes key = passphrase_key(passphrase, file.salt.data(), file.cost);
    SecretBytes secret(secret_bytes);
    unsigned long long opened = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(secret.data(), &opened, nullptr, file.sealed.data(), file.sealed.size(),
                                                   reinterpret_cast<const unsigned char*>(file.associated.data()),
                                                   file.associated.size(), file.nonce.data(), key.data()) != 0 ||
        opened != secret_bytes) {
        throw Error(Exit::io, say("wrong passphrase for the key file {}", path.string()));
    }
    Identity identity(std::move(secret));
    if (!(identity.public_key() == file.public_key)) {
        // Cannot happen unless the file was made by something other than casebook.
        throw Error(Exit::io, say("the key file {} is damaged: its secret and public keys do not belong "
                                          "together",
                                          path.string()));
    }
    return identity;
}

std::string recovery_text(const Identity& identity)
{
    std::vector<unsigned char> bytes(identity.seed().data(), identity.seed().data() + secret_bytes);
    const auto sum = checksum_of(identity.seed());
    bytes.insert(bytes.end(), sum.begin(), sum.end());
    std::string hex = casebook::keys::to_hex(bytes.data(), bytes.size());
    sodium_memzero(bytes.data(), bytes.size());
    std::string groups = casebook::keys::grouped(hex, 4);
    sodium_memzero(hex.data(), hex.size());
    // Eight groups of four a line: 34 groups, five lines.
    std::string out = std::string(recovery_prefix) + "\n";
    std::size_t count = 0;
    for (char c : groups) {
        if (c == ' ' && ++count % 8 == 0) {
            out += '\n';
        } else {
            out += c;
        }
    }
    sodium_memzero(groups.data(), groups.size());
    return out + "\n";
}

Identity identity_from_recovery(std::string_view text)
{
    init_sodium();
    const std::size_t at = text.find(recovery_prefix);
    if (at == std::string_view::npos) {
        throw Error(Exit::invalid, say("a recovery sheet starts with \"{}\"", recovery_prefix));
    }
    std::string hex;
    for (char c : text.substr(at + recovery_prefix.size())) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-') {
            continue;
        }
        const bool digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!digit) {
            sodium_memzero(hex.data(), hex.size());
            throw Error(Exit::invalid, tr("a recovery sheet holds only the digits 0-9 and letters a-f: check what was typed"));
        }
        hex += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    }
    if (hex.size() != 2 * (secret_bytes + checksum_bytes)) {
        const std::size_t expected = 2 * (secret_bytes + checksum_bytes);
        sodium_memzero(hex.data(), hex.size());
        throw Error(Exit::invalid, say("a recovery sheet has {} digits and letters; this has {}: check what was "
                                               "typed",
                                               expected, hex.size() > expected ? "more" : "fewer"));
    }
    SecretBytes secret(secret_bytes);
    std::array<unsigned char, checksum_bytes> sum{};
    std::size_t n = 0;
    sodium_hex2bin(secret.data(), secret.size(), hex.data(), 2 * secret_bytes, nullptr, &n, nullptr);
    sodium_hex2bin(sum.data(), sum.size(), hex.data() + 2 * secret_bytes, 2 * checksum_bytes, nullptr, &n, nullptr);
    sodium_memzero(hex.data(), hex.size());
    if (sum != checksum_of(secret)) {
        throw Error(Exit::invalid, tr("this recovery sheet was not typed exactly (its checksum does not match): check "
                                   "every group"));
    }
    return Identity(std::move(secret));
}

Passphrase::~Passphrase()
{
    sodium_memzero(text_.data(), text_.size());
}

} // namespace casebook::crypto::keys
