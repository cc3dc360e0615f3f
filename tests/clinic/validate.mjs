#!/usr/bin/env node
// Checks resources against the FHIR R4 JSON schema, for tests in any
// language: pipe a JSON array of resources in, read the verdict out.
//
//   node tests/clinic/validate.mjs < resources.json
//
// stdout: one line per invalid resource, "<index> <resourceType>: <errors; ...>",
// then "validated N resources, M invalid". Exit 0 when all are valid, 1 when
// any is not, 2 when the input is not a JSON array.
import { validateFhir } from './schema.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
let resources;
try {
  resources = JSON.parse(Buffer.concat(chunks).toString('utf8'));
} catch (err) {
  process.stderr.write(`validate: stdin is not JSON: ${err.message}\n`);
  process.exit(2);
}
if (!Array.isArray(resources)) {
  process.stderr.write('validate: stdin must be a JSON array of resources\n');
  process.exit(2);
}

let invalid = 0;
resources.forEach((resource, i) => {
  const { ok, errors } = validateFhir(resource);
  if (ok) return;
  invalid += 1;
  // One line each, whatever the resource holds.
  const type = String(resource?.resourceType ?? '(none)').replace(/\s+/g, ' ');
  process.stdout.write(`${i} ${type}: ${errors.join('; ').replace(/[\r\n]+/g, ' ')}\n`);
});
process.stdout.write(`validated ${resources.length} resources, ${invalid} invalid\n`);
process.exitCode = invalid ? 1 : 0;
