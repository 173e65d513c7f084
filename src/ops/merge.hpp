// Combining researchers' databases: `casebook merge OTHER.db`.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "json/diagnostic.hpp"

namespace casebook::store {
class Store;
struct HistoryEntry;
} // namespace casebook::store

namespace casebook::ops {

// Which side wins when the same id has different content: neither (a conflict
// is left untouched and reported), ours (kept), or theirs (taken, as a new revision).
enum class Prefer { neither, ours, theirs };

// Whether merge writes, or only says what it would do.
enum class DryRun { no, yes };

// The same id changed on both sides since the last version both share (or
// never shared: created apart with different content).
struct MergeConflict {
    std::string id;
    std::vector<std::string> pointers; // JSON Pointers where the two documents differ
    bool deleted_here = false;         // our case is deleted (theirs is not)
    std::string theirs_did;            // "deleted", "purged" or "" (edited) there since the shared version
    Prefer winner = Prefer::neither;   // which side --prefer made win
};

// A case of theirs that the merge did not take, and why.
struct NotTaken {
    std::string id;
    std::string why;
};

// What a merge did (or, with DryRun::yes, would do).
struct MergeSummary {
    std::size_t added = 0;      // new ids, brought in with their history
    std::size_t updated = 0;    // their later revisions (edits, reviews, restores) brought in
    std::size_t deleted = 0;    // deleted there after the shared version: deleted here
    std::size_t purged = 0;     // purged there after the shared version: purged here
    std::size_t identical = 0;  // nothing new there
    std::size_t ours_newer = 0; // only we changed it since the shared version
    std::size_t conflicts = 0;  // changed on both sides
    std::size_t taken = 0;      // conflicts resolved with --prefer theirs
    std::size_t invalid = 0;    // their cases with an invalid document or history entry: the merge is refused
    // "merge: 3 added, 1 updated, 0 deleted, 0 purged, 10 identical, 2 conflicts (left untouched; ...)"
    std::string summary_line(Prefer prefer, DryRun dry_run) const;
};

// How a merge runs and reports.
struct MergeOptions {
    Prefer prefer = Prefer::neither;
    DryRun dry_run = DryRun::no;
    std::string actor;
    std::function<void(const MergeConflict&)> on_conflict;
    std::function<void(const NotTaken&)> on_not_taken; // every case not taken, with why (conflicts too)
    std::function<void(const Diagnostic&)> report; // problems with their records (file: their database)
};

// Brings `theirs` into `ours` in one transaction, after verifying their chain
// of custody (a broken chain refuses the whole merge with Error(invalid),
// naming the case). Each case's history rows are copied as they are (actor,
// time, action, note, hashes, signature): a new case with all of them; a case
// whose history there extends ours (the same rows, then more) with the rows
// after the shared version, deletions and purges included (a purge there
// erases the content here too). A case changed on both sides since the shared
// version is a conflict: left untouched, or resolved by --prefer (theirs: one
// new row here by options.actor taking their version, deletion or purge).
// Before anything is written, every case of theirs is checked like an import
// (its document, and its history by check_their_history); if any fails,
// nothing is written and `invalid` counts them. Throws Error(io) on a
// database failure.
MergeSummary merge_stores(store::Store& ours, const store::Store& theirs, const MergeOptions& options);

// The problems of another database's history of one case, each message
// naming the revision: a document that fails the schema or the cross-field
// rules, or is of another case; an action casebook does not write; an actor
// that is not one line of 1 to 64 characters without controls; a status
// reviewed/rejected not set by a review (an edit that changed only /notes keeps it).
std::vector<Problem> check_their_history(const std::string& case_id, const std::vector<store::HistoryEntry>& entries);

// The JSON Pointers at which two documents differ, in document order.
std::vector<std::string> differing_pointers(const Json& a, const Json& b);

} // namespace casebook::ops
