#!/usr/bin/env python3
"""Writes, as a PO template, the messages guided entry takes from the case
schema (src/ops/interview.cpp): every description, the label of every property
(its key with spaces, "after return"), the nouns of list items ("a journey
leg", "harm"), the meaning a vocabulary's description gives each value
("removal (after a removal order)"), the name of each vocabulary
("return mechanism", for diagnostics), and each value's label, in the context
"vocabulary" (src/util/i18n.cpp, value_label). Country codes are not here: their
names come from iso-codes' own catalog."""
import json
import sys

schema = json.load(open(sys.argv[1], encoding="utf-8"))
messages = {}  # (context, msgid) -> where


def add(msgid, where, context=None):
    if msgid:
        messages.setdefault((context, msgid), where)


def gloss(text, value):
    # As gloss_of in src/ops/interview.cpp: "value (" at the start of a word, up to its closing parenthesis.
    needle = value + " ("
    pos = text.find(needle)
    while pos != -1:
        if pos == 0 or text[pos - 1] == " ":
            start, depth = pos + len(needle), 1
            for i in range(start, len(text)):
                depth += 1 if text[i] == "(" else -1 if text[i] == ")" else 0
                if depth == 0:
                    return text[start:i]
        pos = text.find(needle, pos + 1)
    return ""


def label(key):
    return key.replace("_", " ")


def noun(key):
    if key == "journey":
        return "journey leg"
    n = label(key)
    return n[:-1] if len(n) > 1 and n.endswith("s") else n


def walk(node, where):
    if isinstance(node, dict):
        add(node.get("description") if isinstance(node.get("description"), str) else None, where)
        values = node.get("enum")
        if isinstance(values, list) and where != "#/definitions/country":
            for v in values:
                if isinstance(v, str):
                    add(v, where, "vocabulary")
                    add(gloss(node.get("description", ""), v), where)
        for key, child in node.get("properties", {}).items():
            add(label(key), where + "/properties/" + key)
            if isinstance(child, dict) and child.get("type") == "array":
                n = noun(key)
                add(n, where + "/properties/" + key)
                add(("an " if n[0] in "aeiou" else "a ") + n, where + "/properties/" + key)
        for key, child in node.items():
            if key != "enum":
                walk(child, where + "/" + key)
    elif isinstance(node, list):
        for i, child in enumerate(node):
            walk(child, f"{where}/{i}")


walk(schema, "#")
# Vocabularies by name, as diagnostics call them ("is not a valid return mechanism").
for name in schema.get("definitions", {}):
    add(label(name), "#/definitions/" + name)


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


print('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
for (context, msgid), where in messages.items():
    print(f"#. schemas/case.schema.json {where}")
    if context:
        print(f"msgctxt {quoted(context)}")
    print(f"msgid {quoted(msgid)}\nmsgstr \"\"\n")
