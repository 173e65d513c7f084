#!/usr/bin/python3
"""Peer for `casebook validate`: Python jsonschema (Draft7Validator, every
error of every record) over a JSON Lines file, streamed line by line.
    /usr/bin/python3 bench/py-validate.py schemas/case.schema.json corpus.jsonl
"""
import json
import sys

import jsonschema

with open(sys.argv[1], encoding="utf-8") as f:
    validator = jsonschema.Draft7Validator(json.load(f))
records = invalid = errors = 0
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        records += 1
        try:
            found = list(validator.iter_errors(json.loads(line)))
        except ValueError:
            found = [None]
        if found:
            invalid += 1
            errors += len(found)
print(f"{records} records: {records - invalid} valid, {invalid} invalid; {errors} errors", file=sys.stderr)
sys.exit(0 if invalid == 0 else 1)
