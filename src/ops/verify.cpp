#include "ops/verify.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "crypto/custody.hpp"
#include "ops/verify_cases.hpp"
#include "util/error.hpp"
#include "json/json.hpp"
#include "crypto/keys.hpp"
#include "store/erasure.hpp"
#include "crypto/seal.hpp"
#include "store/store.hpp"
#include "util/i18n.hpp"

namespace casebook::ops {

namespace {

// A hash as the walk keeps it for each case: 33 bytes inline instead of a
// string on the heap (a million cases are in memory at once). Any stored value
// compares exactly: up to 32 bytes (every hash casebook writes) as they are,
// a longer one (only a tampered row has one) by its BLAKE2b.
class KeptHash {
public:
    KeptHash() = default;
    explicit KeptHash(std::string_view value) : size_(value.size() <= 32 ? static_cast<unsigned char>(value.size()) : 255)
    {
        if (size_ == 255) {
            const crypto::custody::Bytes digest = crypto::custody::content_hash({}, value);
            std::copy(digest.begin(), digest.begin() + 32, bytes_.begin());
        } else {
            std::copy(value.begin(), value.end(), bytes_.begin());
        }
    }
    bool operator==(const KeptHash& other) const = default;

private:
    unsigned char size_ = 0;
    std::array<char, 32> bytes_{};
};

// What the walk knows of a case after the rows read so far.
struct CaseState {
    KeptHash hash;            // its last row's
    KeptHash version_content; // its current version's content hash
    long long revision = 0;
    long long version = 0; // rev of the current version
    long long version_revision = 0; // its revision
    long long head = 0;    // rev of its last row
    bool deleted = false;
    bool purged = false;   // purged as a whole: no case row any more
    bool in_cases = false; // cases has a row for it
    bool signed_before = false; // a row of it so far was signed
};

// A row whose content a purge changed, waiting for that purge's row to vouch for it.
struct Purged {
    std::string case_id;
    long long revision = 0;
    long long by = 0;
    crypto::custody::Bytes remaining; // keyed hash of what is left; empty when nothing is
};

class Walk {
public:
    explicit Walk(VerifyReport& report) : report_(report) {}

    void row(const store::HistoryEntry& e)
    {
        ++report_.rows;
        auto broken = [&](std::string what) { report_.breaks.push_back({e.case_id, e.revision, e.rev, std::move(what)}); };

        if (e.rev != last_rev_ + 1) {
            broken(say("rows {} to {} are missing from the history", last_rev_ + 1, e.rev - 1));
        }
        if (crypto::custody::link_hash(prev_link_, e.rev, e.hash) != e.link) {
            broken(tr("the database-wide chain is broken here: a row before it was removed, changed or moved, "
                   "or this row was copied in from elsewhere"));
        }
        prev_link_ = e.link;
        last_rev_ = e.rev;
        if (since_ && e.link == *since_) {
            since_rev_ = e.rev;
        }

        if (crypto::custody::row_hash({e.case_id, e.revision, e.at, e.actor, e.action, e.note, e.signer, e.content_hash,
                               e.prev_hash, e.derived}) != e.hash) {
            broken(tr("the row does not match its hash: its case, revision, time, actor, action or note was changed"));
        }

        CaseState& c = cases_[e.case_id];
        signature(e, c, broken);

        if (KeptHash(e.prev_hash) != c.hash) {
            broken(c.head == 0 ? tr("the case's first row claims a previous row")
                               : say("it does not follow the case's previous row (revision {}, rev {}): rows "
                                             "were removed, reordered or copied in",
                                             c.revision, c.head));
        }
        if (e.revision != c.revision + 1) {
            broken(say("revision {} follows revision {}", e.revision, c.revision));
        }
        if (c.purged) {
            broken(tr("the case was purged before this row"));
        }

        content(e, c, broken);

        c.hash = KeptHash(e.hash);
        c.revision = e.revision;
        c.head = e.rev;
    }

    // After the last row.
    void finish()
    {
        for (const auto& [key, entry] : pending_) {
            const auto& [rev, p] = entry;
            report_.breaks.push_back({p.case_id, p.revision, rev,
                                      say("its content is marked purged by rev {}, which does not list it", p.by)});
        }
        report_.head = crypto::custody::hex(prev_link_);
        if (since_) {
            if (since_rev_) {
                report_.rows_since = last_rev_ - *since_rev_;
            }
        }
    }

    void expect_since(crypto::custody::Bytes head) { since_ = std::move(head); }
    void require_signatures(bool all_signed) { all_signed_ = all_signed; }
    void expect_sealed_to(const std::optional<crypto::keys::PublicKey>& key)
    {
        sealed_ = key.has_value();
        if (key) {
            sealed_to_ = crypto::seal::key_id(*key);
        }
    }
    std::unordered_map<std::string, CaseState>& cases() { return cases_; }

private:
    // A signed row: its signer is a public key, and the signature is that
    // key's over the row hash (which covers the signer, actor and content).
    template <class Broken>
    void signature(const store::HistoryEntry& e, CaseState& c, Broken& broken)
    {
        if (e.signer.empty()) {
            ++report_.unsigned_rows;
            if (!e.signature.empty()) {
                broken(tr("the row carries a signature but names no signer"));
            } else if (all_signed_) {
                broken(tr("the row is unsigned, and --all-signed asks every row to be signed"));
            } else if (c.signed_before) {
                report_.unsigned_after_signed.push_back({e.case_id, e.revision, e.rev});
            }
            return;
        }
        c.signed_before = true;
        auto known = keys_.find(e.signer);
        if (known == keys_.end()) {
            std::optional<crypto::keys::SignPublicKey> key;
            try {
                key = crypto::keys::parse_public_text(e.signer).sign;
            } catch (const Error&) {
            }
            known = keys_.emplace(e.signer, key).first;
            if (key) {
                report_.signers.push_back({e.signer, 0, {}});
                index_[e.signer] = report_.signers.size() - 1;
            }
        }
        if (!known->second) {
            broken(tr("the row's signer is not a public key"));
            return;
        }
        crypto::keys::Signature sig{};
        if (e.signature.size() != sig.size()) {
            broken(tr("the row names a signer but its signature is missing or cut"));
            return;
        }
        std::copy(e.signature.begin(), e.signature.end(), sig.begin());
        if (!crypto::keys::verify_detached(*known->second, e.hash, sig)) {
            broken(tr("the signature does not match the row: it was changed after it was signed, or signed by another key "
                   "than it names"));
            return;
        }
        SignerRows& rows = report_.signers[index_[e.signer]];
        ++rows.rows;
        if (std::find(rows.actors.begin(), rows.actors.end(), e.actor) == rows.actors.end()) {
            rows.actors.push_back(e.actor);
        }
    }

    template <class Broken>
    void content(const store::HistoryEntry& e, CaseState& c, Broken& broken)
    {
        // A purge or a seal: a record of the rows it rewrote.
        if (e.action == "purge" || e.action == "seal") {
            if (e.purged_by) {
                broken(say("a {}'s own row is marked purged", e.action));
            }
            if (e.salt.empty() || crypto::custody::content_hash(e.salt, e.doc_text) != e.content_hash) {
                broken(say("the {}'s record does not match its content hash (it was changed)", e.action));
                return;
            }
            vouch(e, c, broken);
            return;
        }
        sealed(e, broken);
        const bool version = e.action != "delete" && e.action != "restore";
        if (e.purged_by) {
            if (*e.purged_by <= e.rev) {
                broken(say("its content is marked purged by rev {}, which is not a later row", *e.purged_by));
            }
            pending_[{e.case_id, e.revision}] = {
                e.rev, Purged{e.case_id, e.revision, *e.purged_by,
                              e.doc_text.empty() || e.salt.empty() ? crypto::custody::Bytes()
                                                                   : crypto::custody::content_hash(e.salt, e.doc_text)}};
        } else if (version) {
            if (e.doc_text.empty() || e.salt.empty()) {
                broken(tr("its document is missing"));
            } else if (crypto::custody::content_hash(e.salt, e.doc_text) != e.content_hash) {
                broken(tr("the document does not match its content hash (it was changed)"));
            }
        }
        if (version) {
            c.version_content = KeptHash(e.content_hash);
            c.version = e.rev;
            c.version_revision = e.revision;
        } else {
            if (!e.doc_text.empty()) {
                broken(say("a {} row holds a document", e.action));
            }
            if (KeptHash(e.content_hash) != c.version_content) {
                broken(say("the {} names a version the case does not have", e.action));
            }
            c.deleted = e.action == "delete";
        }
    }

    // A purge's record: every row it changed, and what is left of each.
    template <class Broken>
    void vouch(const store::HistoryEntry& e, CaseState& c, Broken& broken)
    {
        std::optional<store::PurgeRecord> record = store::parse_purge_record(e.doc_text);
        if (!record) {
            broken(tr("the purge's record cannot be read"));
            return;
        }
        for (const store::PurgedRow& listed : record->rows) {
            auto it = pending_.find({e.case_id, listed.revision});
            if (it != pending_.end() && it->second.second.by > e.rev) {
                continue; // purged again later: that purge vouches for what is left
            }
            if (it == pending_.end() || it->second.second.by != e.rev) {
                broken(say("it lists revision {} as purged, which is not a row of this case marked so", listed.revision));
                continue;
            }
            if (it->second.second.remaining != listed.remaining) {
                report_.breaks.push_back({e.case_id, listed.revision, it->second.first,
                                          tr("what is left of the purged document does not match the purge's record "
                                          "(it was changed)")});
            }
            pending_.erase(it);
        }
        if (e.action == "purge" && record->pointer.empty()) {
            c.purged = true;
        }
    }

    // Sealed values in a row's document: each sealed to the database's key.
    template <class Broken>
    void sealed(const store::HistoryEntry& e, Broken& broken)
    {
        const crypto::seal::SealedCount count = crypto::seal::count_sealed(e.doc_text, sealed_to_);
        report_.sealed_values += count.values;
        if (count.values > 0 && !sealed_) {
            broken(say("it holds {} sealed values, but the database is sealed to no key (its key was removed)",
                               count.values));
        } else if (count.other_key > 0) {
            broken(say("{} of its sealed values are sealed to another key than the database's", count.other_key));
        }
    }

    VerifyReport& report_;
    crypto::custody::Bytes prev_link_;
    long long last_rev_ = 0;
    std::unordered_map<std::string, CaseState> cases_;
    std::map<std::pair<std::string, long long>, std::pair<long long, Purged>> pending_; // (case, revision) -> rev, row
    std::unordered_map<std::string, std::optional<crypto::keys::SignPublicKey>> keys_; // signer text -> key (none: not a key)
    std::unordered_map<std::string, std::size_t> index_;                       // signer text -> report_.signers
    std::optional<crypto::custody::Bytes> since_;
    std::optional<long long> since_rev_;
    bool all_signed_ = false;
    bool sealed_ = false;
    crypto::seal::KeyId sealed_to_{};
};

} // namespace

std::string derived_hash_mismatch(long long revision)
{
    return say("the derived hash recorded by revision {} does not match its document", revision);
}

namespace {

// verify_store, in one snapshot of the database.
VerifyReport verify_snapshot(const store::Store& store, const VerifyOptions& options)
{
    VerifyReport report;
    Walk walk(report);
    report.sealed_to = store.sealed_to();
    walk.expect_sealed_to(report.sealed_to);
    walk.require_signatures(options.all_signed);
    if (options.since) {
        walk.expect_since(crypto::custody::from_hex(*options.since).value_or(*options.since));
    }
    store::for_each_history_row(store, std::nullopt, [&](store::HistoryEntry&& e) {
        walk.row(e);
        return true;
    }, store::HistoryDocs::text);
    walk.finish();

    if (!store::history_is_append_only(store)) {
        report.breaks.push_back({"", 0, 0, tr("the append-only triggers on history were removed or changed")});
    }
    if (store.format_version() >= 5 && !store::sealing_is_fixed(store)) {
        report.breaks.push_back({"", 0, 0, tr("the triggers that keep a sealed database sealed were removed or changed")});
    }
    if (store.format_version() == store::migrations().back().version) {
        for (const auto& [type, name] : store::changed_case_schema(store)) {
            report.breaks.push_back({"", 0, 0, say("the {} {} is not the one casebook creates: it was added, removed or "
                                                   "changed, and query --sql, tables or writes would use it",
                                                   type, name)});
        }
    }

    // Every case row against the history, and its derived columns against its document.
    auto& states = walk.cases();
    auto judge = [&](const CaseVerdict& v) {
        const store::CaseRow& row = v.row;
        ++report.cases;
        auto it = states.find(row.id);
        auto broken = [&](std::string what) { report.breaks.push_back({row.id, row.revision, 0, std::move(what)}); };
        if (it == states.end()) {
            broken(tr("the case has no history"));
            return;
        }
        CaseState& s = it->second;
        s.in_cases = true;
        if (s.purged) {
            broken(tr("the case was purged, yet it is in cases"));
            return;
        }
        if (row.revision != s.revision || row.head != s.head) {
            broken(say("the case is at revision {} (rev {}), its history at revision {} (rev {})", row.revision,
                               row.head, s.revision, s.head));
        }
        if (row.version != s.version) {
            broken(say("the case's document is rev {}, its history's current version rev {}", row.version, s.version));
        }
        if (row.deleted != s.deleted) {
            broken(row.deleted ? tr("the case is deleted, but its history never deleted it")
                               : tr("the case is live, but its history deleted it"));
        }
        if (!v.wrong_type.empty()) {
            broken(say("the column {} holds a value of another storage type than casebook writes there: tables and queries "
                       "would not count it as its document says",
                       v.wrong_type));
        }
        if (!v.created_at_agrees) {
            broken(tr("the case's created_at is not the time of its first history row"));
        }
        if (!v.updated_at_agrees) {
            broken(tr("the case's updated_at is not the time of its last history row"));
        }
        if (v.doc == DocVerdict::missing) {
            broken(tr("the case's current document is missing"));
        } else if (v.doc == DocVerdict::disagrees) {
            broken(tr("the case's table and query columns do not match its document"));
        } else if (v.doc == DocVerdict::hash_disagrees) {
            broken(derived_hash_mismatch(s.version_revision));
        }
    };
    std::vector<std::string> orphans;
    std::vector<std::string> dims_orphans;
    std::vector<std::string> missing;
    check_cases(store, options, judge, [&](store::Orphaned table, const std::string& id) {
        (table == store::Orphaned::values ? orphans : dims_orphans).push_back(id);
    });
    for (const auto& [id, s] : states) {
        if (!s.purged && !s.in_cases) {
            missing.push_back(id);
        }
    }
    std::sort(missing.begin(), missing.end());
    for (const std::string& id : missing) {
        const CaseState& s = states.at(id);
        report.breaks.push_back({id, s.revision, s.head, tr("the case has a history but is missing from cases")});
    }
    for (const std::string& id : orphans) {
        report.breaks.push_back({id, 0, 0, tr("case_values holds values of this case, which cases has no row for")});
    }
    for (const std::string& id : dims_orphans) {
        report.breaks.push_back({id, 0, 0, tr("case_dims holds a row of this case, which cases has no row for: tables count it")});
    }
    return report;
}

} // namespace

VerifyReport verify_store(const store::Store& store, const VerifyOptions& options)
{
    // The history and the case tables read in one snapshot: a case another
    // researcher saves meanwhile is not half seen (in cases, not yet in the
    // history the walk read), which would read as a broken link.
    VerifyReport report;
    store.snapshot([&] { report = verify_snapshot(store, options); });
    return report;
}

} // namespace casebook::ops
