// Validates a datasets directory with the Frictionless Data reference
// implementation for JavaScript (datapackage 1.1.10, Data Package v1), which
// shares no code with the project: the descriptor against its profile's JSON
// Schema, then every tabular resource read and cast by its Table Schema, with
// primary keys, foreign keys (relations) and each file's bytes and sha256
// checked. Prints one line per problem; exit status 1 on any.
// Usage: node check.mjs DATASETS_DIR
import datapackage from 'datapackage';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { Package } = datapackage;
const dir = process.argv[2];
let failures = 0;
const fail = (msg) => { failures++; console.log('FAIL ' + msg); };

const descriptor = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
const pkg = await Package.load(descriptor, { basePath: dir });
if (!pkg.valid) for (const e of pkg.errors) fail(`datapackage.json: ${e.message}`);

let rows = 0;
for (const res of pkg.resources) {
  const d = res.descriptor;
  if (!res.valid) for (const e of res.errors) fail(`resource ${d.name}: ${e.message}`);
  const b = readFileSync(join(dir, d.path));
  if (d.bytes !== b.length) fail(`${d.path}: ${b.length} bytes, datapackage.json says ${d.bytes}`);
  const sum = 'sha256:' + createHash('sha256').update(b).digest('hex');
  if (d.hash !== sum) fail(`${d.path}: ${sum}, datapackage.json says ${d.hash}`);
  if (!res.tabular) continue;
  try {
    // read() casts every cell and enforces the schema's constraints and
    // primary key; relations: true resolves every foreign key.
    const data = await res.read({ relations: true });
    if (data.length !== d['x-rows']) fail(`${d.path}: ${data.length} rows, datapackage.json says ${d['x-rows']}`);
    rows += data.length;
  } catch (e) {
    const detail = (e.errors || []).map((x) => x.message).join('; ');
    fail(`${d.path}: ${e.message}${detail ? ': ' + detail : ''}`);
  }
}
console.log(`${pkg.resources.length} resources, ${rows} rows: ${failures ? failures + ' problem(s)' : 'valid'} (datapackage ${JSON.parse(readFileSync(new URL('./node_modules/datapackage/package.json', import.meta.url))).version}, profile ${descriptor.profile})`);
process.exit(failures ? 1 : 0);
