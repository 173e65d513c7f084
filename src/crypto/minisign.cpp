// minisign's public key and signature formats (https://jedisct1.github.io/minisign/),
// so that a partner checks what casebook signed with the minisign tool alone:
//   public key:  base64("Ed" || key id (8) || Ed25519 pk (32))
//   signature:   untrusted comment: <text>
//                base64("ED" || key id || Ed25519(BLAKE2b-512(message)))
//                trusted comment: <text>
//                base64(Ed25519(signature || trusted comment))
// ("Ed" instead of "ED" signs the message itself: minisign's legacy form.)
#include <cinttypes>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <sodium.h>

#include "util/error.hpp"
#include "crypto/keys.hpp"
#include "util/key_text.hpp"
#include "util/i18n.hpp"

namespace casebook::crypto::keys {

namespace {

constexpr std::string_view untrusted_prefix = "untrusted comment: ";
constexpr std::string_view trusted_prefix = "trusted comment: ";
// minisign reads lines into buffers of these sizes, prefix and line end included.
constexpr std::size_t comment_max = 1024;
constexpr std::size_t trusted_comment_max = 8192;

// One line of printable ASCII or UTF-8 (tabs allowed), as minisign requires of comments.
void check_comment(std::string_view comment, std::size_t limit, const char* which)
{
    for (unsigned char c : comment) {
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            throw Error(Exit::usage, say("a minisign {} comment must be one line of printable text", which));
        }
    }
    if (comment.size() >= limit) {
        throw Error(Exit::usage, say("a minisign {} comment must be shorter than {} bytes", which, limit));
    }
}

std::array<unsigned char, crypto_generichash_BYTES_MAX> prehash(std::string_view message)
{
    std::array<unsigned char, crypto_generichash_BYTES_MAX> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       nullptr, 0);
    return hash;
}

// The line after prefix at the start of text, text advanced past its line end.
std::optional<std::string_view> take_line(std::string_view& text, std::string_view prefix = {})
{
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    if (line.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    return line.substr(prefix.size());
}

} // namespace

std::array<unsigned char, 8> minisign_key_id(const SignPublicKey& sign_pk)
{
    init_sodium();
    std::array<unsigned char, 8> id{};
    crypto_generichash(id.data(), id.size(), sign_pk.data(), sign_pk.size(), nullptr, 0);
    return id;
}

std::string minisign_public_key_line(const SignPublicKey& sign_pk)
{
    const auto id = minisign_key_id(sign_pk);
    unsigned char key[2 + 8 + 32] = {'E', 'd'};
    std::memcpy(key + 2, id.data(), id.size());
    std::memcpy(key + 10, sign_pk.data(), sign_pk.size());
    return casebook::keys::to_base64(key, sizeof key);
}

SignPublicKey parse_signing_key(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    if (text.rfind("casebook-pk1:", 0) == 0) {
        return parse_public_text(text).sign;
    }
    auto key = casebook::keys::from_base64(text);
    SignPublicKey out{};
    if (!key || key->size() != 2 + 8 + out.size() || (*key)[0] != 'E' || (*key)[1] != 'd') {
        throw Error(Exit::usage, tr("not a public key: give minisign's public key line (RW...) or a casebook public key "
                                 "(casebook-pk1:...)"));
    }
    std::memcpy(out.data(), key->data() + 10, out.size());
    if (minisign_key_id(out) != std::array<unsigned char, 8>{(*key)[2], (*key)[3], (*key)[4], (*key)[5], (*key)[6], (*key)[7], (*key)[8], (*key)[9]}) {
        throw Error(Exit::usage, tr("the public key line is damaged: its key id does not match its key"));
    }
    return out;
}

std::string minisign_public_key_file(const SignPublicKey& sign_pk)
{
    // minisign names a key by its id read as a little-endian number.
    const auto id = minisign_key_id(sign_pk);
    std::uint64_t number = 0;
    for (std::size_t i = id.size(); i-- > 0;) {
        number = (number << 8) | id[i];
    }
    return fmt::format("{}minisign public key {:016X}\n{}\n", untrusted_prefix, number, minisign_public_key_line(sign_pk));
}

Prehash::Prehash()
{
    static_assert(sizeof(state_) >= sizeof(crypto_generichash_state), "Prehash::state_ is too small");
    init_sodium();
    crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), nullptr, 0, crypto_generichash_BYTES_MAX);
}

void Prehash::update(std::string_view bytes)
{
    crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_),
                              reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::array<unsigned char, 64> Prehash::final()
{
    static_assert(crypto_generichash_BYTES_MAX == 64, "minisign's prehash is BLAKE2b-512");
    std::array<unsigned char, 64> out{};
    crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), out.data(), out.size());
    return out;
}

std::string minisign_signature_file(const Identity& identity, std::string_view message_bytes,
                                    std::string_view untrusted_comment, std::string_view trusted_comment)
{
    return minisign_signature_prehashed(identity, prehash(message_bytes), untrusted_comment, trusted_comment);
}

std::string minisign_signature_prehashed(const Identity& identity, const std::array<unsigned char, 64>& hash,
                                         std::string_view untrusted_comment, std::string_view trusted_comment)
{
    check_comment(untrusted_comment, comment_max - untrusted_prefix.size() - 1, "untrusted");
    check_comment(trusted_comment, trusted_comment_max - trusted_prefix.size() - 1, "trusted");
    const auto id = minisign_key_id(identity.public_key().sign);

    unsigned char signature[2 + 8 + crypto_sign_BYTES] = {'E', 'D'};
    std::memcpy(signature + 2, id.data(), id.size());
    crypto_sign_detached(signature + 10, nullptr, hash.data(), hash.size(), identity.sign_secret());

    std::vector<unsigned char> signed_comment(signature + 10, signature + 10 + crypto_sign_BYTES);
    signed_comment.insert(signed_comment.end(), trusted_comment.begin(), trusted_comment.end());
    unsigned char global[crypto_sign_BYTES];
    crypto_sign_detached(global, nullptr, signed_comment.data(), signed_comment.size(), identity.sign_secret());

    return fmt::format("{}{}\n{}\n{}{}\n{}\n", untrusted_prefix, untrusted_comment, casebook::keys::to_base64(signature, sizeof signature),
                       trusted_prefix, trusted_comment, casebook::keys::to_base64(global, sizeof global));
}

std::optional<MinisignVerified> minisign_verify(const SignPublicKey& sign_pk, std::string_view message_bytes,
                                                std::string_view signature_file)
{
    init_sodium();
    std::string_view rest = signature_file;
    auto untrusted = take_line(rest, untrusted_prefix);
    auto signature_line = take_line(rest);
    auto trusted = take_line(rest, trusted_prefix);
    auto global_line = take_line(rest);
    if (!untrusted || !signature_line || !trusted || !global_line) {
        return std::nullopt;
    }
    auto signature = casebook::keys::from_base64(*signature_line);
    auto global = casebook::keys::from_base64(*global_line);
    if (!signature || signature->size() != 2 + 8 + crypto_sign_BYTES || !global || global->size() != crypto_sign_BYTES) {
        return std::nullopt;
    }
    const auto id = minisign_key_id(sign_pk);
    if (std::memcmp(signature->data() + 2, id.data(), id.size()) != 0) {
        return std::nullopt;
    }
    const bool hashed = (*signature)[0] == 'E' && (*signature)[1] == 'D';
    const bool legacy = (*signature)[0] == 'E' && (*signature)[1] == 'd';
    if (!hashed && !legacy) {
        return std::nullopt;
    }
    const auto hash = prehash(hashed ? message_bytes : std::string_view());
    const unsigned char* signed_bytes = hashed ? hash.data() : reinterpret_cast<const unsigned char*>(message_bytes.data());
    const std::size_t signed_size = hashed ? hash.size() : message_bytes.size();
    if (crypto_sign_verify_detached(signature->data() + 10, signed_bytes, signed_size, sign_pk.data()) != 0) {
        return std::nullopt;
    }
    std::vector<unsigned char> signed_comment(signature->data() + 10, signature->data() + 10 + crypto_sign_BYTES);
    signed_comment.insert(signed_comment.end(), trusted->begin(), trusted->end());
    if (crypto_sign_verify_detached(global->data(), signed_comment.data(), signed_comment.size(), sign_pk.data()) != 0) {
        return std::nullopt;
    }
    return MinisignVerified{std::string(*trusted)};
}

} // namespace casebook::crypto::keys
