#!/usr/bin/env python3
"""What a hostile partner with Python can do to a casebook database after
editing its history behind casebook's back: recompute every content hash, row
hash and link (the hashes are not secret; man casebook, CHAIN OF CUSTODY), so
that the chain holds together again. Tests use it to show that merge does not
rely on the chain alone: it still checks every document, action and actor.

usage: rechain.py [--derived] DB [SQL ...]   (runs each SQL statement, then
rewrites the hashes of every history row in place; with --derived, first the
derived hash of every case's current version, recomputed from its stored
columns as they are then)"""
import hashlib
import sqlite3
import struct
import sys


def field(h, data):
    h.update(struct.pack("<Q", len(data)))
    h.update(data)


def hasher(domain):
    h = hashlib.blake2b(digest_size=32)
    field(h, domain.encode())
    return h


def text(value):
    return b"" if value is None else value.encode()


def blob(value):
    return b"" if value is None else bytes(value)


# The derived columns in the order their hash covers them (Store::Impl::derived_columns, then the multi-valued ones).
SINGLES = ["origin", "returned_from", "returned_to", "mechanism", "return_year", "flight_year", "sex", "age_group",
           "minor", "outcome", "status", "consent", "project", "verified_outcome", "return_date", "flags"]
MULTIS = ["flag", "harm", "reason", "persecutor", "failure", "transit", "tag", "verification"]


def derived_hash(db, case_id):
    row = db.execute("SELECT " + ", ".join(SINGLES + MULTIS) + " FROM case_dims WHERE id = ?", (case_id,)).fetchone()
    values = sorted((d.encode(), v.encode()) for d, v in
                    db.execute("SELECT dim, value FROM case_values WHERE case_id = ?", (case_id,)))
    h = hasher("casebook derived columns")
    h.update(struct.pack("<QQ", 1, len(row)))
    for column in row:
        h.update(struct.pack("<Q", 0 if column is None else 1))
        field(h, b"" if column is None else str(column).encode())
    h.update(struct.pack("<Q", len(values)))
    for dim, value in values:
        field(h, dim)
        field(h, value)
    return b"\x01" + h.digest()


args = sys.argv[1:]
rederive = args[0] == "--derived"
if rederive:
    args = args[1:]
db = sqlite3.connect(args[0])
db.create_function("casebook_rewriting", 0, lambda: 1)  # what the append-only triggers ask
for statement in args[1:]:
    db.execute(statement)
if rederive:
    for case_id, version in db.execute("SELECT id, version FROM cases").fetchall():
        db.execute("UPDATE history SET derived = ? WHERE rev = ? AND derived IS NOT NULL",
                   (derived_hash(db, case_id), version))
rows = db.execute("SELECT rev, case_id, revision, at, actor, action, note, doc, salt, content_hash, signer, derived "
                  "FROM history ORDER BY rev").fetchall()
last_hash, version_hash, prev_link = {}, {}, b""
for rev, case_id, revision, at, actor, action, note, doc, salt, content_hash, signer, derived in rows:
    if doc is not None and salt is not None:
        content_hash = hashlib.blake2b(doc.encode(), digest_size=32, key=bytes(salt)).digest()
        version_hash[case_id] = content_hash
    elif action in ("delete", "restore") and case_id in version_hash:
        content_hash = version_hash[case_id]
    prev = last_hash.get(case_id)
    h = hasher("casebook history row 1")
    field(h, case_id.encode())
    h.update(struct.pack("<Q", revision))
    for part in (text(at), text(actor), text(action), text(note), text(signer), blob(content_hash), blob(prev)):
        field(h, part)
    if derived:  # format 6: the derived hash, hashed only when the row has one
        field(h, bytes(derived))
    row_hash = h.digest()
    l = hasher("casebook history link 1")
    field(l, prev_link)
    l.update(struct.pack("<Q", rev))
    field(l, row_hash)
    link = l.digest()
    db.execute("UPDATE history SET content_hash = ?, prev_hash = ?, hash = ?, link = ? WHERE rev = ?",
               (content_hash, prev, row_hash, link, rev))
    last_hash[case_id], prev_link = row_hash, link
db.commit()
db.close()  # checkpoints the WAL into the file: a copy of the file alone holds the change
