// Sealing and opening sensitive values (seal.hpp).
#include "crypto/seal.hpp"

#include <cstring>
#include <map>

#include <fmt/format.h>
#include <sodium.h>

#include "json/locate.hpp"
#include "util/error.hpp"
#include "schema/schema_model.hpp"
#include "util/key_text.hpp"
#include "util/i18n.hpp"

namespace casebook::crypto::seal {

namespace {

constexpr std::size_t id_bytes = 8;
constexpr std::size_t epk_bytes = crypto_box_PUBLICKEYBYTES;
constexpr std::size_t nonce_bytes = crypto_box_NONCEBYTES;
constexpr std::size_t mac_bytes = crypto_box_MACBYTES;
constexpr std::size_t overhead = id_bytes + epk_bytes + nonce_bytes + mac_bytes;
constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

using Path = std::vector<std::string>; // object keys, "*" for every array element

void collect(const schema::Node& node, Path& path, std::vector<Path>& out, int depth)
{
    if (depth > 32) {
        return; // a recursive schema: the built-in one is not
    }
    if (node.sensitive) {
        out.push_back(path);
        return;
    }
    for (const auto& [key, prop] : node.properties) {
        path.push_back(key);
        collect(*prop, path, out, depth + 1);
        path.pop_back();
    }
    if (node.items != nullptr) {
        path.push_back("*");
        collect(*node.items, path, out, depth + 1);
        path.pop_back();
    }
}

// Where the built-in schema's sensitive values are, read from it once.
const std::vector<Path>& sensitive_paths()
{
    static const std::vector<Path> paths = [] {
        std::vector<Path> out;
        Path path;
        collect(schema::case_model().root(), path, out, 0);
        return out;
    }();
    return paths;
}

void visit_path(Json& node, const Path& path, std::size_t at, const std::string& pointer,
                const std::function<void(Json&, const std::string&)>& visit)
{
    if (at == path.size()) {
        if (node.is_string()) {
            visit(node, pointer);
        }
        return;
    }
    if (path[at] == "*") {
        if (node.is_array()) {
            for (std::size_t i = 0; i < node.size(); ++i) {
                visit_path(node[i], path, at + 1, pointer + "/" + std::to_string(i), visit);
            }
        }
        return;
    }
    if (node.is_object()) {
        if (auto it = node.find(path[at]); it != node.end()) {
            visit_path(*it, path, at + 1, pointer + "/" + pointer_escape(path[at]), visit);
        }
    }
}

} // namespace

KeyId key_id(const keys::PublicKey& key)
{
    keys::init_sodium();
    static const unsigned char context[] = "casebook sealed key id";
    KeyId out{};
    crypto_generichash(out.data(), out.size(), key.box.data(), key.box.size(), context, sizeof context - 1);
    return out;
}

std::optional<KeyId> sealed_key_id(std::string_view sealed)
{
    if (!casebook::seal::is_sealed(sealed)) {
        return std::nullopt;
    }
    // 8 bytes are the first 11 base64 characters (and 2 bits of the 12th).
    auto head = casebook::keys::from_base64(sealed.substr(casebook::seal::sealed_prefix.size(), 12), variant);
    if (!head || head->size() < id_bytes) {
        return std::nullopt;
    }
    KeyId out{};
    std::memcpy(out.data(), head->data(), id_bytes);
    return out;
}

SealedCount count_sealed(std::string_view text, const KeyId& expected)
{
    SealedCount count;
    for (std::size_t at = text.find(casebook::seal::sealed_prefix); at != std::string_view::npos; at = text.find(casebook::seal::sealed_prefix, at + 1)) {
        ++count.values;
        auto id = sealed_key_id(text.substr(at, casebook::seal::sealed_prefix.size() + 12));
        if (!id || *id != expected) {
            ++count.other_key;
        }
    }
    return count;
}

void for_each_sensitive(Json& record, const std::function<void(Json& value, const std::string& pointer)>& visit)
{
    for (const Path& path : sensitive_paths()) {
        visit_path(record, path, 0, "", visit);
    }
}

std::vector<std::string> sealed_pointers(const Json& record)
{
    std::vector<std::string> out;
    for_each_sensitive(const_cast<Json&>(record), [&out](Json& value, const std::string& pointer) {
        if (casebook::seal::is_sealed(value.get_ref<const std::string&>())) {
            out.push_back(pointer);
        }
    });
    return out;
}

struct Sealer::State {
    keys::PublicKey to;
    KeyId id{};
    unsigned char epk[epk_bytes];
    keys::SecretBytes shared{crypto_box_BEFORENMBYTES};
};

Sealer::Sealer(const keys::PublicKey& to) : state_(std::make_unique<State>())
{
    keys::init_sodium();
    state_->to = to;
    state_->id = key_id(to);
    keys::SecretBytes esk(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(state_->epk, esk.data());
    if (crypto_box_beforenm(state_->shared.data(), to.box.data(), esk.data()) != 0) {
        throw Error(Exit::usage, tr("this public key cannot be sealed to (a degenerate X25519 key)"));
    }
} // esk is wiped here: nothing but the project's secret key opens what this seals

Sealer::Sealer(Sealer&&) noexcept = default;
Sealer& Sealer::operator=(Sealer&&) noexcept = default;
Sealer::~Sealer() = default;

const keys::PublicKey& Sealer::to() const { return state_->to; }

std::string Sealer::seal(std::string_view plaintext) const
{
    std::vector<unsigned char> box(overhead + plaintext.size());
    std::memcpy(box.data(), state_->id.data(), id_bytes);
    std::memcpy(box.data() + id_bytes, state_->epk, epk_bytes);
    unsigned char* nonce = box.data() + id_bytes + epk_bytes;
    randombytes_buf(nonce, nonce_bytes);
    crypto_box_easy_afternm(nonce + nonce_bytes, reinterpret_cast<const unsigned char*>(plaintext.data()),
                            plaintext.size(), nonce, state_->shared.data());
    return std::string(casebook::seal::sealed_prefix) + casebook::keys::to_base64(box.data(), box.size(), variant);
}

std::size_t Sealer::seal_record(Json& record) const
{
    std::size_t count = 0;
    for_each_sensitive(record, [this, &count](Json& value, const std::string&) {
        auto& text = value.get_ref<std::string&>();
        if (!casebook::seal::is_sealed(text)) {
            std::string sealed = seal(text);
            sodium_memzero(text.data(), text.size());
            text = std::move(sealed);
            ++count;
        }
    });
    return count;
}

struct Opener::State {
    std::shared_ptr<const keys::Identity> identity;
    KeyId id{};
    // One shared key per ephemeral key met: a command's values share one.
    mutable std::map<std::string, keys::SecretBytes> shared;
};

Opener::Opener(std::shared_ptr<const keys::Identity> identity) : state_(std::make_unique<State>())
{
    state_->id = key_id(identity->public_key());
    state_->identity = std::move(identity);
}

const keys::Identity& Opener::identity() const { return *state_->identity; }
Opener::Opener(Opener&&) noexcept = default;
Opener::~Opener() = default;

std::string Opener::open(std::string_view sealed, std::string_view label) const
{
    auto damaged = [&label]() {
        return Error(Exit::io, say("the sealed value of {} does not open with this key: it was sealed to "
                                           "another key, or damaged",
                                           label));
    };
    if (!casebook::seal::is_sealed(sealed)) {
        throw damaged();
    }
    auto box = casebook::keys::from_base64(sealed.substr(casebook::seal::sealed_prefix.size()), variant);
    if (!box || box->size() < overhead) {
        throw damaged();
    }
    if (std::memcmp(box->data(), state_->id.data(), id_bytes) != 0) {
        throw Error(Exit::io, say("the sealed value of {} is sealed to another project key than this one", label));
    }
    const unsigned char* epk_at = box->data() + id_bytes;
    const std::string epk(reinterpret_cast<const char*>(epk_at), epk_bytes);
    auto it = state_->shared.find(epk);
    if (it == state_->shared.end()) {
        keys::SecretBytes shared(crypto_box_BEFORENMBYTES);
        if (crypto_box_beforenm(shared.data(), epk_at, state_->identity->box_secret()) != 0) {
            throw damaged();
        }
        it = state_->shared.emplace(epk, std::move(shared)).first;
    }
    std::string plain(box->size() - overhead, '\0');
    const unsigned char* nonce = epk_at + epk_bytes;
    if (crypto_box_open_easy_afternm(reinterpret_cast<unsigned char*>(plain.data()), nonce + nonce_bytes,
                                     box->size() - id_bytes - epk_bytes - nonce_bytes, nonce, it->second.data()) != 0) {
        throw damaged();
    }
    return plain;
}

void Opener::open_record(Json& record, std::string_view label) const
{
    for_each_sensitive(record, [this, &label](Json& value, const std::string& pointer) {
        auto& text = value.get_ref<std::string&>();
        if (casebook::seal::is_sealed(text)) {
            text = open(text, fmt::format("{} {}", label, pointer));
        }
    });
}

void keep_unchanged(Json& edited, const Json& sealed_before, const Json& opened_before)
{
    for_each_sensitive(edited, [&](Json& value, const std::string& pointer) {
        const Json::json_pointer at(pointer);
        if (!opened_before.contains(at) || !sealed_before.contains(at)) {
            return;
        }
        const Json& opened = opened_before.at(at);
        const Json& sealed = sealed_before.at(at);
        if (opened == value && sealed.is_string() && casebook::seal::is_sealed(sealed.get_ref<const std::string&>())) {
            value = sealed;
        }
    });
}

} // namespace casebook::crypto::seal
