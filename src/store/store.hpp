// The case store (DESIGN.md, "Storage"): one SQLite file holding the canonical
// JSON of every case (the source of truth), the derived columns and
// case_values rows rebuilt from it on every write, and an append-only history.
//
// Tables (migrations 1 to 5; see src/migrations.cpp for the SQL):
//   cases(id, revision, deleted, status, <one column per single-valued
//         dimension>, return_date, flags, created_at, updated_at,
//         version (the history row holding the current document), head (the
//         case's last history row))
//   case_dims(id, deleted, <the same derived columns>, <one column per
//         multi-valued dimension, values length-prefixed>)  a narrow copy that
//         table and query scan (no documents)
//   case_values(case_id, dim, value)  every multi-valued dimension value of
//                                     every case (deleted cases too: join cases.deleted = 0)
//   history(rev, case_id, revision, at, actor, action, note, doc, salt,
//           content_hash, prev_hash, hash, link, signer, signature, purged_by)
//           append-only and hash-chained (casebook/custody.hpp); the only
//           store of documents
//   meta(key, value)
// Views for analysts (`query --sql`), all without deleted cases:
//   cases_v                 one row per case: dimension columns, flags joined by ';'
//   <dim>s_v(case_id, <dim>) one per multi-valued dimension: flags_v, harms_v,
//                           reasons_v, persecutors_v, failures_v, transits_v,
//                           tags_v, verifications_v
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "record/derive.hpp"
#include "json/diagnostic.hpp"
#include "json/json.hpp"
#include "crypto/keys.hpp"
#include "store/open_settings.hpp"
#include "util/private_file.hpp"

namespace casebook::crypto::seal {
class Opener;
} // namespace casebook::crypto::seal

namespace casebook::store {

// The current time, UTC, ISO 8601 to the second ("2017-03-09T14:05:00Z").
std::string utc_now();

// Whether a command only reads (the database is opened read-only) or writes.
enum class Access { read, write };

// Whether a migration must recompute derived columns and case_values from the documents.
enum class Rebuild { no, yes };

// Whether a migration must (re)compute the history's hash chain from the rows
// of the previous format's table (history_v2), between sql and after.
enum class Chain { no, yes };

// One numbered schema migration of the database file (PRAGMA user_version).
struct Migration {
    int version;
    std::string_view summary;
    std::string_view sql;
    Rebuild rebuild = Rebuild::no;
    Chain chain = Chain::no;
    std::string_view after; // SQL run last
};

// The migrations of this build, in order; the last one's version is the format it writes.
const std::vector<Migration>& migrations();

// One stored case.
struct StoredCase {
    std::string id;
    Json doc;               // canonical
    long long revision = 0; // 1 at create, +1 for every later action
    bool deleted = false;
    std::string created_at;
    std::string updated_at;
    std::string head_hash;  // raw hash of the case's last history row
};

// One history entry: an action on a case and the document after it.
struct HistoryEntry {
    long long rev = 0;      // position in the whole database's history
    std::string case_id;
    long long revision = 0; // the case's revision after the action
    std::string at;         // UTC, ISO 8601
    std::string actor;
    std::string action;     // create, edit, delete, restore (later review, import, merge)
    std::string note;
    std::optional<Json> doc; // none for delete/restore/purge rows and purged versions
    // The chain of custody (raw bytes; casebook/custody.hpp):
    std::string doc_text;     // doc as stored (canonical), empty when none
    std::string salt;         // empty once purged
    std::string content_hash;
    std::string prev_hash;    // empty for the case's first row
    std::string derived;      // hash of the derived columns of doc (format 6 on); empty when none
    std::string hash;
    std::string link;
    std::string signer;       // key fingerprint; empty when unsigned
    std::string signature;
    std::optional<long long> purged_by;
};

struct CaseCheckRow;
struct StoredDerived;

// Which table holds rows of a case that cases has no row for.
enum class Orphaned { values, dims };

// Which documents for_each_case_check_row reads: every one (verify --deep), or
// only those of cases whose derived hash cannot be checked.
enum class CheckDocs { all, unhashed };

// Whether history rows come with their documents parsed, or as stored text only.
enum class HistoryDocs { parsed, text };

// An open database. Every write method runs in one transaction, or in the
// enclosing write() when called inside one. Database failures throw Error(io);
// a write that does not fit the stored cases (existing id, unknown case,
// changed meanwhile) throws Error(invalid).
class Store {
public:
    // Creates a new database file (mode 0600) and opens it for writing;
    // refuses to touch an existing file (or link, pipe, device) and names that
    // are no file (":memory:", "file:" URIs).
    static Store create(const std::string& path, const OpenSettings& settings = {},
                        const std::vector<Migration>& steps = migrations());
    // Opens an existing database: read-only for Access::read. Its files must be
    // the user's and private (check_database_files). For Access::write an older
    // format is migrated first, after a copy "<db>.v<N>.bak" (one per format);
    // for Access::read it is read through a migrated private temporary copy and
    // the file is left as it is. A newer format is refused.
    static Store open(const std::string& path, Access access, const OpenSettings& settings = {},
                      const std::vector<Migration>& steps = migrations());

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    // The file this store was opened from.
    const std::string& path() const;
    // What SQLite reads: path, or (an older format opened for reading) the URI
    // of the migrated copy in memory, which lives while a connection to it does.
    const std::string& sqlite_name() const;
    // The database format (user_version).
    int format_version() const;
    // The backup written before migrating when opening, if any.
    const std::optional<std::string>& backup_path() const;
    // Writes a consistent copy of the database (with what its -wal holds) to
    // target, a new private file (SQLite's online backup); never over the
    // database or its companions, nor an existing file unless Overwrite::yes.
    void backup_to(const std::string& target, Overwrite overwrite) const;

    // The case with this id, deleted or not.
    std::optional<StoredCase> find(std::string_view id) const;
    // Calls visit for every case that is not deleted, in id order; stop by returning false.
    void for_each_case(const std::function<bool(const StoredCase&)>& visit) const;
    // Every id in the database (deleted too), sorted.
    std::vector<std::string> ids() const;
    // The ids of the cases not deleted whose derived columns (dimensions,
    // first return date, flags) are those doc would have: the only cases that
    // can hold the same record, in id order.
    std::vector<std::string> ids_derived_alike(const Json& doc) const;
    // The next free "<prefix>-NNNN" id (SLV-0001, SLV-0002, …).
    std::string next_id(std::string_view prefix) const;
    // Every history row this connection writes from now on names signer (the
    // signing public key, keys::public_text) and carries sign(row hash), an
    // Ed25519 signature (casebook keys; the CLI sets it when $CASEBOOK_KEY is).
    void sign_with(std::string signer, std::function<std::string(std::string_view)> sign);
    // The database's head: its last history row's link (hex; the head hash
    // verify and checkpoint print; empty for an empty history) and rev.
    struct Head {
        long long rows = 0;
        std::string hash;
    };
    Head head() const;
    // The history, oldest first; of one case when case_id is given.
    std::vector<HistoryEntry> history(const std::optional<std::string>& case_id = std::nullopt) const;

    // Runs body in one transaction: all of its writes are kept, or none.
    void write(const std::function<void()>& body);

    // Runs body with every read of this connection in one snapshot of the
    // database (one read transaction): what another process commits meanwhile
    // is not seen, so what body reads in several statements holds together.
    // body must not write. Within a snapshot, a snapshot is the same one.
    void snapshot(const std::function<void()>& body) const;
    // Stores a new case (record must already be valid); throws Error(invalid) when its id exists.
    void insert(const Json& record, const std::string& actor, std::string_view action = "create", std::string_view note = "");
    // Replaces a case's document when it is still at expected_revision; returns
    // false (storing nothing) when the canonical document is unchanged.
    bool update(const Json& record, long long expected_revision, const std::string& actor, std::string_view action = "edit",
                std::string_view note = "");
    // Soft-deletes (deleted = true) or restores a case: history keeps the
    // action ("delete"/"restore") and the document; case_values are kept.
    void set_deleted(std::string_view id, bool deleted, const std::string& actor, std::string_view note = "");

    // Erases a case (pointer none) or the value at pointer from every version
    // of it, with a "purge" row (note: the reason) recording which rows
    // changed; check_current sees the current document without the value
    // first and throws to refuse. Returns the number of versions changed.
    // Only the content goes: scrub_file() must follow to clear the file.
    std::size_t purge(const std::string& id, const std::optional<std::string>& pointer, const std::string& reason,
                      const std::string& actor, const std::function<void(const Json&)>& check_current);
    // Merge: appends another database's rows of one case as they are (actor,
    // time, note, hashes, signature), after the first `shared` rows, which both
    // databases have (the same hashes) and in which their purges are taken
    // over; then the case follows its history (its current version, deleted,
    // or purged). The rows must have been verified in their database.
    // Returns whether content was erased (a purge came across).
    bool adopt(const std::string& id, const std::vector<HistoryEntry>& theirs, std::size_t shared);
    // Sealing (casebook/seal.hpp): the project key this database seals its
    // sensitive values to (meta "sealed_to"), if any. In a sealed database,
    // insert and update seal every sensitive value before it is written, and
    // refuse a value sealed to another key; in one that is not, they refuse
    // sealed values.
    std::optional<crypto::keys::PublicKey> sealed_to() const;
    // With the project's secret key, update keeps the sealed form of every
    // value that did not change (a value sealed again would be a new
    // revision of a case nobody changed) and says "unchanged" as unsealed
    // databases do; without it, a record whose sensitive values are given
    // in clear is stored as a new revision.
    void open_with(std::shared_ptr<const crypto::seal::Opener> opener);
    // The opener given to open_with, if any.
    const crypto::seal::Opener* opener() const;
    // Seals the database to key: records it, then seals every value still in
    // clear in every version of every case, each case with a "seal" row (like
    // a purge's: the versions it changed and what is left of each) so that
    // the chain still verifies. Returns how many versions it sealed. A
    // database sealed to another key is refused (Error(invalid)). Only the
    // content changes: scrub_file() must follow to clear the file.
    std::size_t seal_to(const crypto::keys::PublicKey& key, const std::string& actor);
    // PRAGMA secure_delete for this connection (freed content overwritten with zeros).
    void set_secure_delete(bool on);
    // Runs maintenance SQL of casebook's own (VACUUM, checkpoints); never user text.
    void exec(const std::string& sql);
    // The first row of a PRAGMA (or other) statement of casebook's own, as integers.
    std::vector<long long> pragma_row(const std::string& sql);

    class Impl;

private:
    friend void for_each_history_row(const Store&, const std::optional<std::string>&,
                                     const std::function<bool(HistoryEntry&&)>&, HistoryDocs);
    friend void for_each_case_check_row(const Store&, CheckDocs, const std::function<void(CaseCheckRow&&)>&,
                                        const std::function<void(Orphaned, const std::string&)>&);
    friend bool derived_agree(const StoredDerived&, const Json&);
    friend bool history_is_append_only(const Store&);
    friend bool sealing_is_fixed(const Store&);
    friend std::vector<std::pair<std::string, std::string>> changed_case_schema(const Store&);
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Calls visit for every history row (of one case when case_id is given), oldest
// first, without holding them all; stop by returning false. HistoryDocs::text
// leaves HistoryEntry::doc unset (doc_text only): verify needs no parse.
void for_each_history_row(const Store& store, const std::optional<std::string>& case_id,
                          const std::function<bool(HistoryEntry&&)>& visit, HistoryDocs docs);

// A case's row in cases as it points into the history.
struct CaseRow {
    std::string id;
    long long revision = 0;
    bool deleted = false;
    long long version = 0; // rev of the row holding its current document
    long long head = 0;    // rev of its last row
};

// A case's derived columns as they are stored: the single-valued ones in
// cases, the same and the multi-valued ones (encoded) in case_dims, and its
// rows of case_values in (dim, value) order. What tables and queries count.
struct StoredDerived {
    std::vector<std::optional<std::string>> cases; // Store's derived columns, as text (null: NULL)
    std::vector<std::optional<std::string>> dims;  // the same, then each multi-valued dimension encoded
    bool has_dims = false;                         // case_dims has a row for the case
    bool deleted_agree = false;                    // cases and case_dims agree on deleted
    std::vector<std::pair<std::string, std::string>> values; // case_values: (dim, value)
};

// For `verify`: one row of cases, whether its current document is there, the
// derived hash of that version (empty when it has none this casebook can
// check: written before format 6, by other derive rules, or since purged),
// the document's text when it is to be derived (nullopt otherwise), and its
// stored derived columns.
struct CaseCheckRow {
    CaseRow row;
    bool has_doc = false;
    std::string derived;
    std::optional<std::string> doc_text;
    StoredDerived stored;
    std::string wrong_type; // the first column of its rows ("cases.deleted", "case_values.value") holding a value of another storage type than casebook writes there; empty when none
    bool created_at_agrees = true; // cases.created_at is the time of the case's first history row
    bool updated_at_agrees = true; // cases.updated_at is the time of the row at its head
};

// Every row of cases in id order, read in one ordered scan of cases,
// case_dims, history and case_values (no query per case); orphan is called
// with each case id that case_values holds values of, or case_dims a row of,
// but cases has no row for (ids compared with their length, NULs and all).
void for_each_case_check_row(const Store& store, CheckDocs docs, const std::function<void(CaseCheckRow&&)>& visit,
                             const std::function<void(Orphaned, const std::string&)>& orphan);

// Whether stored are the derived columns of doc. Reads no database, so verify
// calls it on every core.
bool derived_agree(const StoredDerived& stored, const Json& doc);

// Whether stored are the derived columns a version's derived hash (CaseCheckRow::derived) was made of,
// without its document. Reads no database.
bool derived_match(const StoredDerived& stored, std::string_view derived);

// Whether derived, the derived hash a version records, is that of its document
// doc's derived columns (true when derived is empty or was made by other derive
// rules: it cannot be checked). Reads no database.
bool derived_hash_fits(const Json& doc, std::string_view derived);

// Whether history still has exactly its append-only triggers.
bool history_is_append_only(const Store& store);

// Whether meta still has exactly the triggers that keep a sealed database sealed.
bool sealing_is_fixed(const Store& store);

// The analyst views, and the triggers and indexes on cases, case_dims and
// case_values, that were added, removed or changed since the migrations
// created them, as (type, name) in order; empty when none. For a database of
// the newest format.
std::vector<std::pair<std::string, std::string>> changed_case_schema(const Store& store);

// The case with this id, not deleted; throws Error(invalid) saying it does not
// exist (naming the closest ids) or that it was deleted (pointing to restore).
StoredCase live_case(const Store& store, std::string_view id);

} // namespace casebook::store
