// A sealed database: its sealing key, the sealed text stored for a record,
// and sealing every version of every case (seal_to).
#include "store/store_impl.hpp"

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::store {

void Store::Impl::load_sealer()
{
    if (!db.tableExists("meta")) {
        return;
    }
    SQLite::Statement st(db, "SELECT value FROM meta WHERE key = 'sealed_to'");
    if (st.executeStep()) {
        try {
            sealer.emplace(crypto::keys::parse_public_text(st.getColumn(0).getString()));
        } catch (const Error&) {
            throw Error(Exit::io, say("{} names a sealing key that is not a public key: the database was "
                                              "changed outside casebook",
                                              path));
        }
    }
}

std::string Store::Impl::stored_text(Json record, const StoredCase* current)
{
    const std::optional<crypto::seal::KeyId> ours = sealer ? std::optional<crypto::seal::KeyId>(crypto::seal::key_id(sealer->to())) : std::nullopt;
    crypto::seal::for_each_sensitive(record, [&](Json& value, const std::string& pointer) {
        const std::string& text = value.get_ref<const std::string&>();
        if (!seal::is_sealed(text)) {
            return;
        }
        if (!ours) {
            throw Error(Exit::invalid, say("{} holds a sealed value, and {} is not sealed: open the values "
                                                   "where they were sealed (export --key) before bringing them here",
                                                   pointer, path));
        }
        if (crypto::seal::sealed_key_id(text) != ours) {
            throw Error(Exit::invalid, say("{} holds a value sealed to another project key than {} is sealed "
                                                   "to ({}): open it where it was sealed, and give it in clear",
                                                   pointer, path, crypto::keys::fingerprint(sealer->to())));
        }
    });
    if (!sealer) {
        return record::canonical_text(record);
    }
    if (current != nullptr && opener) {
        Json opened = current->doc;
        opener->open_record(opened, say("case {}", current->id));
        crypto::seal::keep_unchanged(record, current->doc, opened);
    }
    sealer->seal_record(record);
    return record::canonical_text(record);
}

std::optional<crypto::keys::PublicKey> Store::sealed_to() const
{
    if (!impl_->sealer) {
        return std::nullopt;
    }
    return impl_->sealer->to();
}

void Store::open_with(std::shared_ptr<const crypto::seal::Opener> opener) { impl_->opener = std::move(opener); }

const crypto::seal::Opener* Store::opener() const { return impl_->opener.get(); }

std::size_t Store::seal_to(const crypto::keys::PublicKey& key, const std::string& actor)
{
    if (impl_->sealer && !(impl_->sealer->to() == key)) {
        throw Error(Exit::invalid, say("{} is sealed to another key already (fingerprint {})", impl_->path,
                                               crypto::keys::fingerprint(impl_->sealer->to())));
    }
    std::optional<crypto::seal::Sealer> sealer;
    if (!impl_->sealer) {
        sealer.emplace(key);
    }
    const crypto::seal::Sealer& with = impl_->sealer ? *impl_->sealer : *sealer;
    const crypto::seal::KeyId id_of_key = crypto::seal::key_id(key);
    std::size_t sealed = 0;
    write([&] {
        if (sealer) {
            SQLite::Statement& meta = impl_->statement("INSERT INTO meta(key, value) VALUES ('sealed_to', ?)");
            meta.bind(1, crypto::keys::public_text(key));
            meta.exec();
        }
        std::vector<std::string> cases;
        {
            SQLite::Statement st(impl_->db, "SELECT DISTINCT case_id FROM history ORDER BY case_id");
            while (st.executeStep()) {
                cases.push_back(st.getColumn(0).getString());
            }
        }
        for (const std::string& id : cases) {
            std::vector<Impl::Rewrite> rewritten;
            for (const HistoryEntry& e : history(id)) {
                if (!e.doc) {
                    continue;
                }
                Json doc = *e.doc;
                crypto::seal::for_each_sensitive(doc, [&](Json& value, const std::string& pointer) {
                    const std::string& text = value.get_ref<const std::string&>();
                    if (seal::is_sealed(text) && crypto::seal::sealed_key_id(text) != id_of_key) {
                        throw Error(Exit::invalid, say("case \"{}\" revision {} holds a value sealed to another "
                                                               "project key at {}: nothing was sealed",
                                                               id, e.revision, pointer));
                    }
                });
                if (with.seal_record(doc) != 0) {
                    rewritten.push_back({e.rev, e.revision, record::canonical_text(doc)});
                }
            }
            if (rewritten.empty()) {
                continue;
            }
            auto current = impl_->find(id);
            if (!current) { // purged as a whole: no content is left to seal
                continue;
            }
            const auto [rev, revision] = impl_->rewrite_rows(
                id, *current, "seal", fmt::format("sealed to {}", crypto::keys::fingerprint(key)), actor, "", rewritten);
            impl_->move_head(id, rev, revision);
            sealed += rewritten.size();
        }
    });
    if (sealer) {
        impl_->sealer.emplace(std::move(*sealer));
    }
    return sealed;
}

} // namespace casebook::store
