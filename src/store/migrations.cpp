// The numbered migrations of the database file. A migration is never edited
// once released: changes are new migrations. Each runs in the transaction
// that also sets PRAGMA user_version.
#include "store/store.hpp"

namespace casebook::store {

namespace {

// Migration 1: the first format.
constexpr std::string_view format_1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per case. doc (canonical compact JSON) is the source of truth;
-- every other column is derived from it on every write.
CREATE TABLE cases (
    id               TEXT PRIMARY KEY,
    doc              TEXT NOT NULL,
    revision         INTEGER NOT NULL,
    deleted          INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL,
    origin           TEXT,
    returned_from    TEXT,
    returned_to      TEXT,
    mechanism        TEXT,
    return_date      TEXT,
    return_year      INTEGER,
    flight_year      INTEGER,
    sex              TEXT,
    age_group        TEXT,
    minor            TEXT,
    outcome          TEXT NOT NULL,
    verified_outcome TEXT NOT NULL,
    project          TEXT,
    flags            TEXT NOT NULL DEFAULT '',  -- derived flags joined by ';', vocabulary order
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX cases_status ON cases(status);
CREATE INDEX cases_origin ON cases(origin);
CREATE INDEX cases_returned_from ON cases(returned_from);
CREATE INDEX cases_returned_to ON cases(returned_to);
CREATE INDEX cases_mechanism ON cases(mechanism);
CREATE INDEX cases_return_year ON cases(return_year);
CREATE INDEX cases_flight_year ON cases(flight_year);
CREATE INDEX cases_sex ON cases(sex);
CREATE INDEX cases_age_group ON cases(age_group);
CREATE INDEX cases_minor ON cases(minor);
CREATE INDEX cases_outcome ON cases(outcome);
CREATE INDEX cases_verified_outcome ON cases(verified_outcome);
CREATE INDEX cases_project ON cases(project);

-- Every dimension value of every case, single- and multi-valued (deleted cases too).
CREATE TABLE case_values (
    case_id TEXT NOT NULL,
    dim     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (dim, value, case_id)
) WITHOUT ROWID;
CREATE INDEX case_values_case ON case_values(case_id);

-- Append-only: every action on a case and the document after it.
CREATE TABLE history (
    rev      INTEGER PRIMARY KEY,
    case_id  TEXT NOT NULL,
    revision INTEGER NOT NULL,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    note     TEXT,
    doc      TEXT
);
CREATE INDEX history_case ON history(case_id, revision);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- Views for analysts (query --sql): cases that are not deleted.
CREATE VIEW cases_v AS
SELECT id, status, origin, returned_from, returned_to, mechanism, return_date, return_year,
       flight_year, sex, age_group, minor, outcome, verified_outcome, project, flags,
       revision, created_at, updated_at
FROM cases WHERE deleted = 0;
CREATE VIEW flags_v AS SELECT v.case_id, v.value AS flag FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'flag';
CREATE VIEW harms_v AS SELECT v.case_id, v.value AS harm FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'harm';
CREATE VIEW reasons_v AS SELECT v.case_id, v.value AS reason FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'reason';
CREATE VIEW persecutors_v AS SELECT v.case_id, v.value AS persecutor FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'persecutor';
CREATE VIEW failures_v AS SELECT v.case_id, v.value AS failure FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'failure';
CREATE VIEW transits_v AS SELECT v.case_id, v.value AS transit FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'transit';
CREATE VIEW tags_v AS SELECT v.case_id, v.value AS tag FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'tag';
CREATE VIEW verifications_v AS SELECT v.case_id, v.value AS verification FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'verification';
)sql";

// Migration 2: tables over a million cases in well under a second, and an
// import that writes each case's B-trees once.
// - case_dims: a narrow copy of every case's dimension values (no document),
//   so that `table` and `query` scan ~200 bytes a case instead of the whole
//   record. Single-valued dimensions are columns as in cases; each
//   multi-valued dimension is a column named after it holding the case's
//   values length-prefixed ("5:death3:xyz": byte length, colon, bytes), an
//   encoding no value can break (tags are free text). Internal: analysts use
//   the views.
// - case_values now holds the multi-valued dimensions only (single-valued ones
//   are columns), keyed by case first: one B-tree, written in case order.
// - The per-column indexes on cases go: nothing looks cases up by a dimension
//   any more, and each cost a B-tree insert per case on every import.
constexpr std::string_view format_2 = R"sql(
DROP INDEX cases_status;
DROP INDEX cases_origin;
DROP INDEX cases_returned_from;
DROP INDEX cases_returned_to;
DROP INDEX cases_mechanism;
DROP INDEX cases_return_year;
DROP INDEX cases_flight_year;
DROP INDEX cases_sex;
DROP INDEX cases_age_group;
DROP INDEX cases_minor;
DROP INDEX cases_outcome;
DROP INDEX cases_verified_outcome;
DROP INDEX cases_project;
DROP VIEW flags_v;
DROP VIEW harms_v;
DROP VIEW reasons_v;
DROP VIEW persecutors_v;
DROP VIEW failures_v;
DROP VIEW transits_v;
DROP VIEW tags_v;
DROP VIEW verifications_v;
CREATE TABLE case_values_2 (
    case_id TEXT NOT NULL,
    dim     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (case_id, dim, value)
) WITHOUT ROWID;
DROP TABLE case_values;
ALTER TABLE case_values_2 RENAME TO case_values;

CREATE TABLE case_dims (
    id               TEXT PRIMARY KEY,
    deleted          INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL,
    origin           TEXT,
    returned_from    TEXT,
    returned_to      TEXT,
    mechanism        TEXT,
    return_date      TEXT,
    return_year      INTEGER,
    flight_year      INTEGER,
    sex              TEXT,
    age_group        TEXT,
    minor            TEXT,
    outcome          TEXT NOT NULL,
    verified_outcome TEXT NOT NULL,
    project          TEXT,
    flags            TEXT NOT NULL DEFAULT '',
    flag             TEXT NOT NULL DEFAULT '',
    harm             TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL DEFAULT '',
    persecutor       TEXT NOT NULL DEFAULT '',
    failure          TEXT NOT NULL DEFAULT '',
    transit          TEXT NOT NULL DEFAULT '',
    tag              TEXT NOT NULL DEFAULT '',
    verification     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE VIEW flags_v AS SELECT v.case_id, v.value AS flag FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'flag';
CREATE VIEW harms_v AS SELECT v.case_id, v.value AS harm FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'harm';
CREATE VIEW reasons_v AS SELECT v.case_id, v.value AS reason FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'reason';
CREATE VIEW persecutors_v AS SELECT v.case_id, v.value AS persecutor FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'persecutor';
CREATE VIEW failures_v AS SELECT v.case_id, v.value AS failure FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'failure';
CREATE VIEW transits_v AS SELECT v.case_id, v.value AS transit FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'transit';
CREATE VIEW tags_v AS SELECT v.case_id, v.value AS tag FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'tag';
CREATE VIEW verifications_v AS SELECT v.case_id, v.value AS verification FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND v.dim = 'verification';
)sql";

// Migration 3: the consent dimension (consent.hpp) as a column, so that table
// and query scans leave out refused consent without reading documents, and
// analyst views that leave out what tables leave out.
constexpr std::string_view format_3 = R"sql(
ALTER TABLE cases ADD COLUMN consent TEXT;
ALTER TABLE case_dims ADD COLUMN consent TEXT;
-- Partial indexes: only the few refused or rejected cases are in them, so an
-- import pays nothing for the others, and counting what a table left out
-- reads these instead of scanning every case.
CREATE INDEX case_dims_refused ON case_dims(id) WHERE consent = 'refused';
CREATE INDEX case_dims_rejected ON case_dims(id) WHERE status = 'rejected';

-- The analyst views (query --sql) count what tables count: no case whose
-- consent was refused or withdrawn, and no rejected case.
DROP VIEW cases_v;
CREATE VIEW cases_v AS
SELECT id, status, origin, returned_from, returned_to, mechanism, return_date, return_year,
       flight_year, sex, age_group, minor, outcome, verified_outcome, project, consent, flags,
       revision, created_at, updated_at
FROM cases WHERE deleted = 0 AND consent IS NOT 'refused' AND status IS NOT 'rejected';
DROP VIEW flags_v;
DROP VIEW harms_v;
DROP VIEW reasons_v;
DROP VIEW persecutors_v;
DROP VIEW failures_v;
DROP VIEW transits_v;
DROP VIEW tags_v;
DROP VIEW verifications_v;
CREATE VIEW flags_v AS SELECT v.case_id, v.value AS flag FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND c.consent IS NOT 'refused' AND c.status IS NOT 'rejected' AND v.dim = 'flag';
CREATE VIEW harms_v AS SELECT v.case_id, v.value AS harm FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND c.consent IS NOT 'refused' AND c.status IS NOT 'rejected' AND v.dim = 'harm';
CREATE VIEW reasons_v AS SELECT v.case_id, v.value AS reason FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND c.consent IS NOT 'refused' AND c.status IS NOT 'rejected' AND v.dim = 'reason';
CREATE VIEW persecutors_v AS SELECT v.case_id, v.value AS persecutor FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND c.consent IS NOT 'refused' AND c.status IS NOT 'rejected' AND v.dim = 'persecutor';
CREATE VIEW failures_v AS SELECT v.case_id, v.value AS failure FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND c.consent IS NOT 'refused' AND c.status IS NOT 'rejected' AND v.dim = 'failure';
CREATE VIEW transits_v AS SELECT v.case_id, v.value AS transit FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND c.consent IS NOT 'refused' AND c.status IS NOT 'rejected' AND v.dim = 'transit';
CREATE VIEW tags_v AS SELECT v.case_id, v.value AS tag FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND c.consent IS NOT 'refused' AND c.status IS NOT 'rejected' AND v.dim = 'tag';
CREATE VIEW verifications_v AS SELECT v.case_id, v.value AS verification FROM case_values v JOIN cases c ON c.id = v.case_id WHERE c.deleted = 0 AND c.consent IS NOT 'refused' AND c.status IS NOT 'rejected' AND v.dim = 'verification';
)sql";

// Migration 4: the chain of custody (include/casebook/custody.hpp says what
// each hash covers). history gets its salts, hashes and links, computed in
// C++ from the rows as they were (Chain::yes), and room for a signer's key
// fingerprint and signature. A document is stored once: cases loses doc and
// keeps `version`, the rev of the history row holding its current document,
// and `head`, the rev of its last history row (a delete or restore row points
// at the version it applies to instead of repeating it). The append-only
// triggers now let one path through: casebook's own purge, which sets
// casebook_rewriting() (a function only casebook defines, so that in any other
// program an UPDATE or DELETE of history fails).
constexpr std::string_view format_4 = R"sql(
DROP TRIGGER history_no_update;
DROP TRIGGER history_no_delete;
DROP INDEX history_case;
ALTER TABLE history RENAME TO history_v2;
CREATE TABLE history (
    rev          INTEGER PRIMARY KEY,
    case_id      TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    note         TEXT,
    doc          TEXT,             -- the version's document; NULL for delete/restore, and once purged
    salt         BLOB,             -- the content hash's key; NULL once purged
    content_hash BLOB NOT NULL,
    prev_hash    BLOB,             -- the case's previous row's hash; NULL for its first
    hash         BLOB NOT NULL,
    link         BLOB NOT NULL,    -- the database-wide chain; the last row's is the head hash
    signer       TEXT,             -- the actor's signing key fingerprint, when signed
    signature    BLOB,             -- Ed25519 over hash
    purged_by    INTEGER           -- the rev of the purge that changed doc
);
CREATE INDEX history_case ON history(case_id, revision);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history WHEN casebook_rewriting() = 0
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history WHEN casebook_rewriting() = 0
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
ALTER TABLE cases ADD COLUMN version INTEGER;
ALTER TABLE cases ADD COLUMN head INTEGER;
)sql";

// Run after the rows are chained: the old table and the second copy of each document go.
constexpr std::string_view format_4_after = R"sql(
DROP TABLE history_v2;
ALTER TABLE cases DROP COLUMN doc;
)sql";

// Migration 5: sealed values (casebook/seal.hpp). A database may be sealed
// to a project key (meta "sealed_to"); once it is, the key stays: these
// triggers stop a change by accident, and verify says when they are gone.
// The format changes so that a casebook that does not seal never writes
// plaintext into a sealed database.
constexpr std::string_view format_5 = R"sql(
CREATE TRIGGER meta_sealed_to_no_delete BEFORE DELETE ON meta WHEN OLD.key = 'sealed_to'
BEGIN SELECT RAISE(ABORT, 'a sealed database stays sealed'); END;
CREATE TRIGGER meta_sealed_to_no_update BEFORE UPDATE ON meta WHEN OLD.key = 'sealed_to' OR NEW.key = 'sealed_to'
BEGIN SELECT RAISE(ABORT, 'a sealed database stays sealed to its key'); END;
)sql";

// Migration 6: each new history row records the hash of the derived columns
// its document gave (custody.hpp, "derived"), covered by its row hash, so
// that verify checks a case's derived columns without parsing its document.
// Rows written before keep no derived hash and their hashes as they were.
constexpr std::string_view format_6 = R"sql(
ALTER TABLE history ADD COLUMN derived BLOB;
)sql";

// Migration 7: each case's created_at and updated_at become the times of its
// first and last history rows, as create, edit, merge and every later write
// keep them and verify checks (before, purge and seal stamped updated_at a
// moment after their row, and migration 4's rows left it as it was). A case
// with no history keeps its times (verify reports it).
constexpr std::string_view format_7 = R"sql(
UPDATE cases SET
    created_at = coalesce((SELECT f.at FROM history f WHERE f.case_id = cases.id ORDER BY f.revision LIMIT 1), created_at),
    updated_at = coalesce((SELECT l.at FROM history l WHERE l.rev = cases.head), updated_at);
)sql";

} // namespace

const std::vector<Migration>& migrations()
{
    static const std::vector<Migration> steps = {
        {1, "cases, case_values, history, meta and the analyst views", format_1, Rebuild::no, Chain::no, {}},
        {2, "case_dims for fast scans; case_values keyed by case, multi-valued only", format_2, Rebuild::yes, Chain::no, {}},
        {3, "the consent dimension, so that tables leave out refused consent", format_3, Rebuild::yes, Chain::no, {}},
        {4, "a hash-chained history; documents stored once, in history", format_4, Rebuild::no, Chain::yes, format_4_after},
        {5, "sealed sensitive values: a database may be sealed to a project key", format_5, Rebuild::no, Chain::no, {}},
        {6, "a hash of each version's derived columns in its history row", format_6, Rebuild::no, Chain::no, {}},
        {7, "created_at and updated_at: the times of each case's first and last history rows", format_7, Rebuild::no,
         Chain::no, {}},
    };
    return steps;
}

} // namespace casebook::store
