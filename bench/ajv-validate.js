#!/usr/bin/env node
// Peer for `casebook validate`: ajv (draft-07, allErrors) over a JSON Lines
// file, streamed line by line. Prints "N records: V valid, I invalid" and
// exits 1 when a record is invalid, like casebook.
//   node bench/ajv-validate.js schemas/case.schema.json corpus.jsonl
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const Ajv = require(path.join(__dirname, 'peers', 'node_modules', 'ajv'));

const [schemaFile, dataFile] = process.argv.slice(2);
const ajv = new Ajv({allErrors: true, strict: false});
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
const rl = readline.createInterface({input: fs.createReadStream(dataFile), crlfDelay: Infinity});
let records = 0, invalid = 0, errors = 0;
rl.on('line', (line) => {
  if (line.trim() === '') return;
  ++records;
  let doc;
  try {
    doc = JSON.parse(line);
  } catch (e) {
    ++invalid; ++errors;
    return;
  }
  if (!validate(doc)) {
    ++invalid;
    errors += validate.errors.length;
  }
});
rl.on('close', () => {
  process.stderr.write(`${records} records: ${records - invalid} valid, ${invalid} invalid; ${errors} errors\n`);
  process.exitCode = invalid === 0 ? 0 : 1;
});
