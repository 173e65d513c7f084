// The open database behind Store (store.hpp): the connection and what the
// store's files share of it. Internal to src/store/; SQLiteCpp is included
// by these files only. Where each part is defined:
//   connection.cpp       opening a connection, cached statements, transactions
//   migrate.cpp          migrations: the steps, rebuilt columns, the rechained history
//   backup.cpp           copies of the database
//   derived_columns.cpp  the derived columns, case_dims and case_values of a case
//   history_rows.cpp     appending history rows
//   read_cases.cpp       reading cases
//   sealing.cpp          the sealer and the text stored for a record
//   rewrite_history.cpp  rewriting rows (purge, seal)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "crypto/custody.hpp"
#include "crypto/seal.hpp"
#include "json/json.hpp"
#include "store/store.hpp"
#include "util/private_file.hpp"

namespace casebook::store {

// A column's text, empty for NULL.
std::string column_text(SQLite::Statement& st, int i);

class Store::Impl {
public:
    // A database named and opened as path.
    Impl(std::string path, int flags, int busy_timeout_ms) : Impl(path, path, flags, busy_timeout_ms) {}
    // A database named path in messages, in file (what SQLite opens: a name or a URI).
    Impl(std::string path, std::string file, int flags, int busy_timeout_ms);

    // A prepared statement for sql (a string literal), reused across calls.
    SQLite::Statement& statement(const char* sql);

    // The database format (PRAGMA user_version).
    int user_version() { return db.execAndGet("PRAGMA user_version").getInt(); }

    // Runs body in one transaction (BEGIN IMMEDIATE), or in the enclosing one.
    void write(const std::function<void()>& body);

    // The column names of the derived values, in binding order: the
    // single-valued dimensions (registry order), return_date, flags.
    static const std::vector<std::string>& derived_columns();

    // Every dimension's values of one case (registry order), computed once per write.
    struct DerivedRow {
        std::vector<std::vector<std::string>> values;
        std::optional<std::string> return_date;
        std::string flags;
    };

    // The derived values of doc.
    static DerivedRow derived_row(const Json& doc);

    // The rules derived_row follows, as derived hashes record them: a new
    // number whenever a change to derive() or the dimensions would give an
    // existing document other derived columns.
    static constexpr std::uint8_t derivation_version = 1;

    // A case's derived columns as the database stores them (text, as SQLite
    // prints each column), as verify reads them back.
    struct StoredForm {
        std::vector<std::optional<std::string>> columns; // derived_columns(), then each multi-valued dimension encoded
        std::vector<std::pair<std::string, std::string>> values; // case_values: (dim, value), sorted, no repeats
    };

    // What the columns of row are, stored.
    static StoredForm stored_form(const DerivedRow& row);

    // The derived hash of row (custody::derived_hash of its stored form) that its history row records.
    static crypto::custody::Bytes derived_hash(const DerivedRow& row);

    // Binds the derived columns, in derived_columns() order, from position first; returns the next position.
    static int bind_derived(SQLite::Statement& st, int first, const DerivedRow& row);

    // "a = ?, b = ?, ..." over derived_columns().
    static std::string derived_assignments();

    // "?, ?, ..." n times.
    static std::string marks(std::size_t n);

    // A new case's row in cases, derived columns included; its document is history row `rev`.
    void insert_case(const std::string& id, long long revision, bool deleted, long long version, long long head,
                     const std::string& created, const std::string& updated, const DerivedRow& row);

    // A case's new document (history row `rev`) and derived columns in cases.
    void update_case(const std::string& id, long long revision, long long rev, const std::string& now, const DerivedRow& row);

    // The case's row in case_dims and its case_values rows; fresh: the case has none yet.
    void write_dims(const std::string& id, bool deleted, const DerivedRow& row, bool fresh);

    // Makes a case's rows in cases, case_dims and case_values follow its
    // history: its current version (the last row holding a document), its last
    // row, whether it is deleted; a case purged as a whole has no row.
    void follow_history(const std::string& id);

    // The last row of the history (rev, link), read once per transaction.
    const std::pair<long long, crypto::custody::Bytes>& last_row();

    // Appends one row as it is (hash and signature included), linking it to
    // the database-wide chain; returns its rev. Its document is doc (none:
    // null), bound without a copy. Called inside write().
    long long append(const HistoryEntry& e, const std::string* doc);

    // Appends a row made here: a version (doc set) gets a fresh salt and its
    // content hash; a row without a document (delete, restore) carries the
    // content hash of the version it applies to. derived: the version's
    // derived hash (empty: none, as for rows without a document). Returns its rev.
    long long add_history(const std::string& id, long long revision, const std::string& at, const std::string& actor,
                          std::string_view action, std::string_view note, const std::string* doc,
                          const crypto::custody::Bytes& version_hash, const crypto::custody::Bytes& prev_hash,
                          const crypto::custody::Bytes& derived = {});

    // Whether cases still has its own copy of each document (formats 1 and 2).
    bool cases_has_doc();

    // Recomputes every case's derived columns, case_dims row and case_values
    // (a migration's Rebuild::yes), a batch of cases at a time so that memory
    // stays bounded whatever the database's size.
    void rebuild_all();

    // A case's place in the chain while rows are appended in order.
    struct CaseTail {
        crypto::custody::Bytes hash;         // its last row's
        crypto::custody::Bytes version_hash; // its current version's content hash
        crypto::custody::Bytes version_salt;
        long long revision = 0;
        long long version = 0;       // rev of the current version
        long long head = 0;          // rev of its last row
    };

    // Migration 3 (Chain::yes): the rows of history_v2, in order, salted,
    // hashed and linked into the new history with their original actors,
    // times, actions and notes. A delete or restore that repeated the
    // document it applied to keeps only its content hash. Then every case
    // points at its current version and last row; a case whose own copy of
    // the document differs from its last history entry (possible only by
    // hand) keeps the copy in cases, as a "migrate" row.
    void rechain();

    // After add_history: the case's tail moves to row rev.
    void record_tail(CaseTail& t, long long rev, long long revision, bool version);

    // Runs the steps newer than the file's version in one transaction.
    void migrate(const std::vector<Migration>& steps, int from);

    // A consistent copy of the database (what its -wal holds too) as a new
    // private file: SQLite's online backup, into a file put in place whole.
    void copy_to(const std::string& target, Overwrite overwrite, const std::string& what);

    // The copy of the database kept before migrating: "<db>.v<N>.bak", one per
    // format (a new try replaces the copy an earlier, failed try left).
    std::string backup(int version);

    // Whether any history row names this case (a purged case has rows, no case).
    bool has_history(const std::string& id);

    // The rev of a case's current version.
    long long version_rev(const std::string& id);

    // The content hash of a case's current version.
    crypto::custody::Bytes version_hash(const std::string& id);

    // The columns read_case reads, in order: the case and its current document.
    static constexpr const char* case_columns =
        "SELECT c.id, h.doc, c.revision, c.deleted, c.created_at, c.updated_at, t.hash FROM cases c "
        "LEFT JOIN history h ON h.rev = c.version LEFT JOIN history t ON t.rev = c.head ";

    // The case on st's row (its columns: case_columns).
    StoredCase read_case(SQLite::Statement& st);

    // The case with this id, deleted or not.
    std::optional<StoredCase> find(std::string_view id);

    // The project key of a sealed database, read when it is opened.
    void load_sealer();

    // The text to store for record: canonical, and in a sealed database with
    // every sensitive value sealed (an unchanged one keeps the sealed form it
    // has in current, when the opener can tell). Sealed values must be this
    // database's.
    std::string stored_text(Json record, const StoredCase* current);

    // One row whose content a purge or a seal replaces: by text, or by nothing.
    struct Rewrite {
        long long rev = 0;
        long long revision = 0;
        std::optional<std::string> text;
    };

    // Writes a row `action` (note) recording which of the case's rows change
    // and a keyed hash of what is left of each, then gives each its new
    // content with a fresh salt, marked as changed by that row (verify checks
    // one against the other). Returns the new row's rev and revision.
    std::pair<long long, long long> rewrite_rows(const std::string& id, const StoredCase& current, std::string_view action,
                                                 const std::string& note, const std::string& actor,
                                                 const std::string& pointer, const std::vector<Rewrite>& rows);

    // Moves a case's head after a row that is no version (purge, seal).
    void move_head(const std::string& id, long long rev, long long revision);

    std::string path;
    std::string file;
    SQLite::Database db;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> cache;
    int depth = 0;
    int version = 0;
    int rewriting = 0; // casebook_rewriting(): 1 while a purge rewrites history
    std::optional<std::pair<long long, crypto::custody::Bytes>> tail; // last_row() of this transaction
    // A sealed database's sealer (meta "sealed_to"), and the opener of its
    // values when the command has the secret key (Store::open_with).
    std::optional<crypto::seal::Sealer> sealer;
    std::shared_ptr<const crypto::seal::Opener> opener;
    // Rows made here are signed when these are set (Store::sign_with).
    std::string signer;
    std::function<std::string(std::string_view)> sign;
    std::optional<std::string> backup_file;
};

} // namespace casebook::store
