// Reads every table of a datasets directory with two implementations that
// share no code with arrow-go: DuckDB for the Parquet files and Apache Arrow
// JS for the Arrow IPC files. Each must give the CSV's row count, the types
// datapackage.json declares and the CSV's cells. Exit status 1 on any
// difference. Usage: node check.mjs DATASETS_DIR
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const duckType = { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE' };
const arrowType = { string: 'Utf8', integer: 'Int64', number: 'Float64', boolean: 'Bool', date: 'Date32<DAY>' };
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
let failures = 0;
const fail = (msg) => { failures++; console.log('FAIL ' + msg); };

for (const res of pkg.resources) {
  const alts = Object.fromEntries((res['x-alternates'] || []).map((a) => [a.format, a.path]));
  if (!alts.parquet || !alts.arrow) continue;
  const fields = res.schema.fields;
  const csv = join(dir, res.path);
  // The CSV as strings: the reference every other reading is compared with.
  const cols = '{' + fields.map((f) => `${q(f.name)}: 'VARCHAR'`).join(', ') + '}';
  const ref = (await con.runAndReadAll(`SELECT * FROM read_csv(${q(csv)}, header=true, columns=${cols}, quote='"', escape='"')`)).getRows()
    .map((r) => r.map((v) => (v === null ? '' : String(v))));
  if (ref.length !== res['x-rows']) fail(`${res.path}: DuckDB reads ${ref.length} rows, datapackage.json says ${res['x-rows']}`);

  // Parquet, by DuckDB.
  const pq = join(dir, alts.parquet);
  const desc = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${q(pq)})`)).getRowObjects();
  fields.forEach((f, i) => {
    if (!desc[i] || desc[i].column_name !== f.name || desc[i].column_type !== duckType[f.type]) {
      fail(`${alts.parquet}: column ${i + 1} is ${desc[i]?.column_name} ${desc[i]?.column_type}, want ${f.name} ${duckType[f.type]}`);
    }
  });
  const select = fields.map((f) => (f.type === 'date' ? `strftime(${JSON.stringify(f.name)}::DATE, '%Y-%m-%d')` : `CAST(${JSON.stringify(f.name)} AS VARCHAR)`)).join(', ');
  const pqRows = (await con.runAndReadAll(`SELECT ${select} FROM read_parquet(${q(pq)})`)).getRows()
    .map((r) => r.map((v) => (v === null ? '' : String(v))));
  compare(alts.parquet, pqRows, ref, fields);

  // Arrow IPC, by Arrow JS.
  const t = tableFromIPC(readFileSync(join(dir, alts.arrow)));
  t.schema.fields.forEach((f, i) => {
    const want = fields[i];
    if (!want || f.name !== want.name || String(f.type) !== arrowType[want.type]) {
      fail(`${alts.arrow}: column ${i + 1} is ${f.name} ${f.type}, want ${want?.name} ${arrowType[want?.type]}`);
    }
  });
  const arrowRows = [];
  for (let r = 0; r < t.numRows; r++) {
    arrowRows.push(fields.map((f, c) => {
      const v = t.getChildAt(c).get(r);
      if (v === null || v === undefined) return '';
      if (f.type === 'date') return new Date(v).toISOString().slice(0, 10);
      return String(v);
    }));
  }
  compare(alts.arrow, arrowRows, ref, fields);
  console.log(`ok   ${res.name}: ${ref.length} rows, ${fields.length} columns in CSV, Parquet (DuckDB) and Arrow (Arrow JS)`);
}

function compare(name, rows, ref, fields) {
  if (rows.length !== ref.length) return fail(`${name}: ${rows.length} rows, the CSV has ${ref.length}`);
  for (let r = 0; r < ref.length; r++) {
    for (let c = 0; c < ref[r].length; c++) {
      // A number's text differs by reader (DuckDB writes 1.0, Go 1): compare values.
      if (rows[r][c] !== ref[r][c] && !(fields[c].type === 'number' && rows[r][c] !== '' && ref[r][c] !== '' && Number(rows[r][c]) === Number(ref[r][c]))) return fail(`${name}: row ${r + 1} column ${c + 1} is ${JSON.stringify(rows[r][c])}, the CSV has ${JSON.stringify(ref[r][c])}`);
    }
  }
}

if (failures > 0) {
  console.log(`${failures} difference(s)`);
  process.exit(1);
}
