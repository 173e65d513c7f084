// Validates case records with ajv (draft-07, allErrors, strict off) and prints one
// JSON line per record: {file, index, text, valid, errors}. Files that are not
// JSON (a syntax error) are reported with valid: null.
// Usage: node ajv-check.js AJV_PREFIX SCHEMA FILE...
const fs = require("fs");
const path = require("path");
const [prefix, schemaFile, ...files] = process.argv.slice(2);
const Ajv = require(path.join(prefix, "node_modules", "ajv"));
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));

function report(file, index, record) {
  const valid = validate(record);
  const errors = valid ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
  console.log(JSON.stringify({ file, index, text: JSON.stringify(record), valid, errors }));
}

for (const file of files) {
  let text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  let records;
  try {
    if (file.endsWith(".jsonl") || file.endsWith(".ndjson")) {
      records = text.split(/\r?\n/).filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
    } else {
      const doc = JSON.parse(text);
      records = Array.isArray(doc) ? doc : [doc];
    }
  } catch (e) {
    console.log(JSON.stringify({ file, index: 0, text: null, valid: null, errors: [String(e)] }));
    continue;
  }
  records.forEach((r, i) => report(file, i, r));
}
