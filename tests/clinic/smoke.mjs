// End-to-end check of the test clinic's contract: starts server.mjs as a
// child process and drives it over HTTP the way the app does.
//   node tests/clinic/smoke.mjs
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { validateResource } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import { scopeAllows } from './auth.mjs';
import { indexDefinitions } from './fhir.mjs';
import { compileFhirSchema, validateFhir } from './schema.mjs';
import { ORIENTATION_URL, programmeSchedule, seed, TRANSLATION } from './seed.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const VALIDATE = fileURLToPath(new URL('./validate.mjs', import.meta.url));
const TZ = 'America/New_York';
// What the app asks for, plus the reads and Task create this script makes.
const APP_SCOPES =
  'launch/patient openid fhirUser offline_access patient/Appointment.rs patient/Task.rs patient/Patient.rs ' +
  'patient/Organization.rs patient/EpisodeOfCare.rs patient/CareTeam.rs patient/Group.rs patient/Practitioner.rs ' +
  'patient/Questionnaire.rs patient/QuestionnaireResponse.rs patient/AppointmentResponse.rs ' +
  'patient/AppointmentResponse.c patient/QuestionnaireResponse.c patient/Task.u';
const SMOKE_SCOPES = `${APP_SCOPES} patient/*.rs patient/Task.c`;
let passed = 0;
let failed = 0;

function check(ok, what, detail) {
  if (ok) passed++;
  else {
    failed++;
    console.error(`FAIL ${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
  }
  return ok;
}

async function startClinic(env = {}) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [SERVER], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  const urls = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0]));
    });
    child.on('exit', (code) => reject(new Error(`clinic exited early (${code})`)));
  });
  const ms = Math.round(performance.now() - t0);
  const stop = () =>
    new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
      child.kill('SIGTERM');
    });
  return { urls, ms, stop, firstLine: stdout.split('\n')[0] };
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const jwtPayload = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const form = (o) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(o).toString(),
});
const nyParts = (instant) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: TZ, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value])
  );

function pkce() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

/** Runs the SMART authorize + token steps; returns { status, body } of the token call. */
async function signIn(cfg, fhir, { verifier, challenge } = pkce(), useVerifier = verifier, scope = SMOKE_SCOPES) {
  const redirect = 'http://127.0.0.1:53682/callback';
  const state = b64url(randomBytes(8));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: 'alongside',
    redirect_uri: redirect,
    scope,
    state,
    aud: fhir,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const r = await fetch(`${cfg.authorization_endpoint}?${q}`, { redirect: 'manual' });
  const location = new URL(r.headers.get('location') ?? 'http://invalid/');
  const code = location.searchParams.get('code');
  const ok = r.status === 302 && location.href.startsWith(redirect) && location.searchParams.get('state') === state && code;
  check(ok, 'authorize answers 302 to loopback with code and state', { status: r.status, location: location.href });
  const t = await fetch(cfg.token_endpoint, form({ grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: 'alongside', code_verifier: useVerifier }));
  return { status: t.status, body: await t.json(), code, redirect, verifier };
}

async function main() {
  const clinic = await startClinic();
  const { fhir, issuer, admin } = clinic.urls;
  console.log(`startup: clinic ready in ${clinic.ms} ms (spawn to ready line)`);
  check(/^\{"fhir":"http:\/\/127\.0\.0\.1:\d+\/fhir\/R4","issuer":"http:\/\/127\.0\.0\.1:\d+","admin":"http:\/\/127\.0\.0\.1:\d+\/admin"\}$/.test(clinic.firstLine), 'ready line format', clinic.firstLine);
  check(clinic.ms < 5000, 'starts within 5 s', clinic.ms);
  const state0 = await (await fetch(`${admin}/state`)).json();

  // 1. Discovery.
  const cfg = await (await fetch(`${fhir}/.well-known/smart-configuration`)).json();
  check(cfg.authorization_endpoint?.startsWith(issuer) && cfg.token_endpoint?.startsWith(issuer), 'smart-configuration endpoints', cfg);
  check(cfg.capabilities?.includes('context-standalone-patient') && cfg.code_challenge_methods_supported?.join() === 'S256', 'smart-configuration capabilities', cfg);
  check(cfg.grant_types_supported?.join() === 'authorization_code,refresh_token' && cfg.scopes_supported?.length > 0, 'smart-configuration grants/scopes', cfg);
  const meta = await fetch(`${fhir}/metadata`);
  check(meta.status === 200 && (await meta.json()).resourceType === 'CapabilityStatement', 'metadata without auth');

  // 2. Authorization: rejected requests never redirect.
  const good = { response_type: 'code', client_id: 'alongside', redirect_uri: 'http://localhost:9/cb', scope: 'launch/patient', state: 's', aud: fhir, code_challenge: pkce().challenge, code_challenge_method: 'S256' };
  for (const [what, patch] of [
    ['non-loopback redirect_uri', { redirect_uri: 'https://evil.example/cb' }],
    ['missing code_challenge', { code_challenge: '' }],
    ['plain code_challenge_method', { code_challenge_method: 'plain' }],
    ['wrong aud', { aud: 'http://127.0.0.1:1/fhir/R4' }],
  ]) {
    const r = await fetch(`${cfg.authorization_endpoint}?${new URLSearchParams({ ...good, ...patch })}`, { redirect: 'manual' });
    check(r.status === 400 && !r.headers.get('location'), `authorize rejects ${what}`, r.status);
  }
  const wrong = await signIn(cfg, fhir, pkce(), b64url(randomBytes(32)));
  check(wrong.status === 400 && wrong.body.error === 'invalid_grant', 'token with wrong verifier is invalid_grant', wrong);
  const replay = await fetch(cfg.token_endpoint, form({ grant_type: 'authorization_code', code: wrong.code, redirect_uri: wrong.redirect, client_id: 'alongside', code_verifier: wrong.verifier }));
  check(replay.status === 400, 'code is single use even after a failed attempt', replay.status);
  const signed = await signIn(cfg, fhir);
  const tok = signed.body;
  check(signed.status === 200 && tok.token_type === 'Bearer' && tok.expires_in === 3600 && tok.refresh_token && tok.scope, 'token response', tok);
  check(tok.patient === state0.patient, 'token carries patient context', tok.patient);
  const claims = jwtPayload(tok.access_token);
  check(claims.iss === issuer && claims.aud === fhir && claims.exp - claims.iat === 3600, 'access token claims', claims);
  const reuse = await fetch(cfg.token_endpoint, form({ grant_type: 'authorization_code', code: signed.code, redirect_uri: signed.redirect, client_id: 'alongside', code_verifier: signed.verifier }));
  check(reuse.status === 400, 'used code is rejected', reuse.status);

  const auth = { authorization: `Bearer ${tok.access_token}` };
  const get = async (url, headers = auth) => {
    const r = await fetch(url.startsWith('http') ? url : `${fhir}/${url}`, { headers });
    return { status: r.status, headers: r.headers, body: await r.json() };
  };

  // The seed by the FHIR R4 JSON schema, beside Medplum's own validation:
  // every resource it creates (learnt by seeding a repository here) and every
  // one the server serves of those types, before this script writes any.
  indexDefinitions();
  const seeded = [];
  await seed(
    new (class extends MemoryRepository {
      async createResource(resource) {
        const made = await super.createResource(resource);
        seeded.push(made);
        return made;
      }
    })()
  );
  const seededTypes = [...new Set(seeded.map((r) => r.resourceType))];
  const served = [];
  for (const type of seededTypes) served.push(...((await get(`${type}?_count=100`)).body.entry ?? []).map((e) => e.resource));
  const stateIds = Object.values(state0).flat();
  check(
    served.length === seeded.length && stateIds.every((id) => served.some((r) => r.id === id)),
    'the server serves all the seed creates, every id in /admin/state among them',
    [seededTypes, served.length, seeded.length]
  );
  const compileStart = performance.now();
  compileFhirSchema();
  const compileMs = Math.round(performance.now() - compileStart);
  const hundred = Array.from({ length: 100 }, (_, i) => served[i % served.length]);
  const validateStart = performance.now();
  hundred.forEach(validateFhir);
  console.log(`schema: compiled in ${compileMs} ms, 100 resources validated in ${(performance.now() - validateStart).toFixed(1)} ms`);
  const schemaFailures = [...seeded, ...served]
    .map((r) => [`${r.resourceType}/${r.id}`, validateFhir(r).errors])
    .filter(([, errors]) => errors.length);
  check(schemaFailures.length === 0, 'every seeded resource, as created and as served, is valid by the FHIR R4 JSON schema', schemaFailures);
  const brokenReply = { resourceType: 'AppointmentResponse', appointment: { reference: `Appointment/${state0.appointments[0]}` }, participantStatus: 7 };
  const brokenAnswers = { resourceType: 'QuestionnaireResponse', status: 'completed', item: 'x' };
  const [replyVerdict, answersVerdict] = [validateFhir(brokenReply), validateFhir(brokenAnswers)];
  check(!replyVerdict.ok && replyVerdict.errors.join() === 'AppointmentResponse.participantStatus must be string, not number', 'the schema names a number where a code belongs', replyVerdict);
  check(!answersVerdict.ok && answersVerdict.errors.join() === 'QuestionnaireResponse.item must be array, not string', 'the schema names a string where a list belongs', answersVerdict);
  check(['Nope', 'Project'].every((resourceType) => validateFhir({ resourceType }).errors.join() === `unknown resourceType "${resourceType}"`), 'types outside R4 (Medplum\'s own too) are unknown to the schema');
  // The command line other tests pipe resources to.
  const validateCli = (resources) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [VALIDATE], { stdio: ['pipe', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.on('exit', (code) => resolve({ code, stdout }));
      child.stdin.end(JSON.stringify(resources));
    });
  const [cliAllValid, cliOneInvalid] = await Promise.all([validateCli(served), validateCli([served[0], brokenReply])]);
  check(cliAllValid.code === 0 && cliAllValid.stdout === `validated ${served.length} resources, 0 invalid\n`, 'validate.mjs: all valid is exit 0 and the count', cliAllValid);
  check(
    cliOneInvalid.code === 1 && cliOneInvalid.stdout === '1 AppointmentResponse: AppointmentResponse.participantStatus must be string, not number\nvalidated 2 resources, 1 invalid\n',
    'validate.mjs: one line per invalid resource, then the count, exit 1',
    cliOneInvalid
  );

  // 3. FHIR needs a valid token.
  const anon = await get('Appointment', {});
  check(anon.status === 401 && anon.body.resourceType === 'OperationOutcome', 'FHIR without token is 401 OperationOutcome', anon.status);
  const forged = await get('Appointment', { authorization: `Bearer ${tok.access_token.slice(0, -4)}AAAA` });
  check(forged.status === 401, 'FHIR with a forged token is 401', forged.status);

  // Appointments for the member, both reference forms.
  const byId = await get(`Appointment?patient=${tok.patient}`);
  const byRef = await get(`Appointment?patient=Patient/${tok.patient}`);
  check(byId.body.entry?.length === 8 && byRef.body.entry?.length === 8, 'patient=<id> and patient=Patient/<id> both find 8', [byId.body.total, byRef.body.total]);
  const byActor = await get(`Appointment?actor=${tok.patient}&_count=0`);
  check(byActor.body.total === 8, 'actor=<id> (multi-type reference) finds 8', byActor.body.total);
  check(byId.body.link?.[0]?.url === `${fhir}/Appointment?patient=${tok.patient}&_count=20`, 'self link echoes the query (default _count=20)', byId.body.link);
  const appts = (byRef.body.entry ?? []).map((e) => e.resource).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  check(byRef.body.entry?.every((e) => e.fullUrl.startsWith(`${fhir}/Appointment/`)), 'entries have absolute fullUrl');
  appts.forEach((a, i) => {
    const s = nyParts(a.start);
    const e = nyParts(a.end);
    check(s.weekday === 'Tue' && `${s.hour}:${s.minute}` === '18:00' && `${e.hour}:${e.minute}` === '19:30', `week ${i + 1} is Tuesday 18:00-19:30 New York`, [a.start, a.end]);
    check(a.description === `Anxiety skills group — week ${i + 1}`, `week ${i + 1} description`, a.description);
    if (i > 0) {
      const days = (Date.parse(`${s.year}-${s.month}-${s.day}`) - Date.parse(appts[i - 1].start.slice(0, 10))) / 86_400_000;
      check(days === 7, `week ${i + 1} is 7 days after week ${i}`, days);
    }
  });
  check(appts[4]?.status === 'cancelled' && appts[4]?.cancelationReason?.text === 'Facilitator unwell', 'week 5 cancelled', appts[4]);
  check(appts.filter((a) => a.status === 'booked').length === 7, 'other weeks booked');
  const today = new Date().toLocaleDateString('en-CA', { timeZone: TZ });
  check(appts[2]?.start.slice(0, 10) <= today && appts[3]?.start.slice(0, 10) > today, 'weeks 1-3 past/today, 4-8 ahead', [appts[2]?.start, today]);
  const a1 = appts[0] ?? {};
  check(a1.extension?.[0]?.valueUrl === 'https://video.clinic.example/room/anxiety-skills' && a1.supportingInformation?.[0]?.reference?.startsWith('Group/'), 'video link and group', a1);
  check(a1.participant?.map((p) => p.actor.reference).join() === `Patient/${tok.patient},Practitioner/${state0.practitioner}`, 'participants', a1.participant);
  const group = await get(`Group/${state0.group}`);
  check(group.body.actual === false && !group.body.member && group.body.name === 'Anxiety skills group', 'group lists no members', group.body);
  // The programme around the group: its orientation, its team, and an open
  // group the member is not in.
  indexDefinitions();
  const valid = (resource) => {
    try {
      validateResource(resource);
      return true;
    } catch (err) {
      return err.message;
    }
  };
  const spanishOf = (element) =>
    element?.extension
      ?.filter((e) => e.url === TRANSLATION && e.extension?.some((x) => x.url === 'lang' && x.valueCode === 'es'))
      .map((e) => e.extension.find((x) => x.url === 'content')?.valueString)[0];
  const oq = await get('Questionnaire?context-type=program&status=active');
  const orientation = oq.body.entry?.[0]?.resource ?? {};
  check(
    oq.body.total === 1 && orientation.id === state0.orientation && orientation.url === ORIENTATION_URL && orientation.version === '1' && orientation.useContext?.[0]?.valueReference?.reference === `Group/${state0.group}`,
    'orientation found by its program context, naming the group',
    oq.body
  );
  const items = orientation.item ?? [];
  const agree = items.at(-1) ?? {};
  check(items.length >= 5 && items.slice(0, -1).every((i) => i.type === 'display' && i.text) && agree.linkId === 'agree' && agree.type === 'boolean' && agree.required === true, 'orientation: display paragraphs, then a required agreement', items.map((i) => i.linkId));
  const spanish = [spanishOf(orientation._title), ...items.map((i) => spanishOf(i._text))];
  check(spanish.every(Boolean) && spanish.some((t) => t.includes('computadora')) && !spanish.some((t) => t.includes('ordenador')), 'the title and every item carry Spanish', spanish);
  const groups = await get('Group?actual=false');
  const grief = groups.body.entry?.find((e) => e.resource.id === state0.griefGroup)?.resource ?? {};
  check(groups.body.total === 2 && grief.name === 'Grief support group' && grief.active && grief.type === 'person' && !grief.member, 'Group?actual=false lists the open grief group, no members', groups.body.total);
  check(grief.managingEntity?.reference === `Practitioner/${state0.griefFacilitator}`, 'grief group run by Jordan Lee', grief.managingEntity);
  const opens = grief.characteristic?.find((c) => c.code?.text === 'enrolment') ?? {};
  const griefAt = nyParts(opens.period?.start ?? 0);
  const lead = (Date.parse(`${griefAt.year}-${griefAt.month}-${griefAt.day}`) - Date.parse(new Date().toLocaleDateString('en-CA', { timeZone: TZ }))) / 86_400_000;
  check(opens.valueCodeableConcept?.text === 'open' && griefAt.weekday === 'Thu' && `${griefAt.hour}:${griefAt.minute}` === '18:00' && lead >= 14 && lead < 21, 'grief group opens the first Thursday 14+ days ahead, 18:00 New York', [opens.period, lead]);
  check(valid(orientation) === true && valid(grief) === true, 'the orientation and the grief group validate', [valid(orientation), valid(grief)]);
  const team = (await get(`CareTeam?_id=${state0.careTeam}`)).body.entry?.[0]?.resource;
  check(team?.participant?.map((p) => `${p.role[0].text}=${p.member.reference}`).join() === `Facilitator=Practitioner/${state0.practitioner},Co-facilitator=Practitioner/${state0.coFacilitator}`, 'the anxiety team: facilitator and co-facilitator', team?.participant);
  const staff = await get(`Practitioner?_id=${state0.practitioner},${state0.coFacilitator},${state0.griefFacilitator}`);
  check(staff.body.entry?.map((e) => e.resource.name[0].text).sort().join() === 'Dr Sam Rivera,Jordan Lee,Priya Natarajan', 'Practitioner?_id=a,b,c finds all three', staff.body.total);
  const episodes = await get(`EpisodeOfCare?patient=Patient/${tok.patient}`);
  check(episodes.body.total === 1 && episodes.body.entry[0].resource.team?.[0]?.reference === `CareTeam/${state0.careTeam}`, 'one EpisodeOfCare for the member, on the anxiety team', episodes.body.total);
  check((await get(`CareTeam?subject=Group/${state0.griefGroup}`)).body.total === 0, 'nothing ties the member to the grief group');

  const bogus = await get('Appointment?colour=blue');
  check(bogus.status === 400, 'unknown search parameter is 400', bogus.status);

  // Paging.
  let page = await get(`Appointment?patient=Patient/${tok.patient}&_count=3&_sort=_lastUpdated`);
  const seen = [];
  const sizes = [];
  for (let n = 0; n < 5 && page.status === 200; n++) {
    sizes.push(page.body.entry?.length ?? 0);
    seen.push(...(page.body.entry ?? []).map((e) => e.resource.id));
    const next = page.body.link?.find((l) => l.relation === 'next')?.url;
    if (!next) break;
    check(next.startsWith(`${fhir}/Appointment?`), 'next link is absolute on the FHIR base', next);
    page = await get(next);
  }
  check(sizes.join() === '3,3,2' && new Set(seen).size === 8, 'paging with _count=3 follows next to the end', sizes);

  // Changes since, versioning, conditional create/update.
  const since = new Date().toISOString();
  const none = await get(`Appointment?patient=${tok.patient}&${new URLSearchParams({ _lastUpdated: `gt${since}`, _sort: '_lastUpdated' })}`);
  check(none.status === 200 && none.body.total === 0 && !none.body.entry, '_lastUpdated=gt<now> finds nothing', none.body.total);
  const read = await get(`Appointment/${appts[3].id}`);
  const etag = read.headers.get('etag');
  check(etag === `W/"${read.body.meta?.versionId}"` && read.headers.get('last-modified'), 'read has ETag and Last-Modified', etag);
  const put = (ifMatch, body) =>
    fetch(`${fhir}/Appointment/${appts[3].id}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/fhir+json', 'if-match': ifMatch }, body: JSON.stringify(body) });
  const changed = { ...read.body, comment: 'Running 5 minutes late' };
  const stale = await put('W/"not-the-version"', changed);
  check(stale.status === 412 && (await stale.json()).resourceType === 'OperationOutcome', 'PUT with wrong If-Match is 412', stale.status);
  const updated = await put(etag, changed);
  check(updated.status === 200 && updated.headers.get('etag') && updated.headers.get('etag') !== etag, 'PUT with right If-Match updates the version', updated.status);
  const one = await get(`Appointment?patient=${tok.patient}&${new URLSearchParams({ _lastUpdated: `gt${since}`, _sort: '_lastUpdated' })}`);
  check(one.body.total === 1 && one.body.entry?.[0]?.resource.id === appts[3].id, '_lastUpdated=gt<before PUT> finds the change', one.body.total);
  const app = await get(`Appointment?${new URLSearchParams({ patient: `Patient/${tok.patient}`, _sort: '_lastUpdated', _count: '100', _lastUpdated: `ge${since}` })}`);
  check(app.body.total === 1 && !app.body.link.some((l) => l.relation === 'next'), 'the app\'s own query (ge, _count=100) finds the change', app.body);
  const invalid = await fetch(`${fhir}/Appointment`, { method: 'POST', headers: { ...auth, 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Appointment', status: 'nonsense' }) });
  check(invalid.status === 400, 'invalid resource is rejected with 400', invalid.status);
  const note = { resourceType: 'Task', status: 'completed', intent: 'order', identifier: [{ system: 'https://example.org/t', value: 'smoke-1' }], for: { reference: `Patient/${tok.patient}` } };
  const createOnce = () => fetch(`${fhir}/Task`, { method: 'POST', headers: { ...auth, 'content-type': 'application/fhir+json', 'if-none-exist': 'identifier=https://example.org/t|smoke-1' }, body: JSON.stringify(note) });
  const c1 = await createOnce();
  const c2 = await createOnce();
  const [r1, r2] = [await c1.json(), await c2.json()];
  check(c1.status === 201 && c2.status === 200 && r1.id === r2.id && c1.headers.get('location')?.startsWith(`${fhir}/Task/`), 'if-none-exist creates once', [c1.status, c2.status]);
  const del = await fetch(`${fhir}/Task/${r1.id}`, { method: 'DELETE', headers: auth });
  check(del.status === 200 && (await get(`Task/${r1.id}`)).status === 404, 'delete then read is 404', del.status);

  // Refresh: every use hands back a new refresh token (rotation); a spent
  // one used again revokes the whole sign-in, as RFC 9700 asks of servers.
  const refreshWith = (refreshToken) => fetch(cfg.token_endpoint, form({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'alongside' }));
  const refreshed = await refreshWith(tok.refresh_token);
  const rtok = await refreshed.json();
  check(refreshed.status === 200 && rtok.access_token && rtok.access_token !== tok.access_token && rtok.patient === tok.patient, 'refresh token grant', refreshed.status);
  check(rtok.refresh_token && rtok.refresh_token !== tok.refresh_token, 'a refresh rotates the refresh token', rtok.refresh_token === tok.refresh_token);
  check((await get('Patient/' + tok.patient, { authorization: `Bearer ${rtok.access_token}` })).status === 200, 'refreshed token works');
  const spent = await refreshWith(tok.refresh_token);
  check(spent.status === 400 && (await spent.json()).error === 'invalid_grant', 'a spent refresh token is invalid_grant', spent.status);
  const family = await refreshWith(rtok.refresh_token);
  check(family.status === 400 && (await family.json()).error === 'invalid_grant', 'reusing one revokes every token of that sign-in', family.status);
  check((await (await fetch(`${admin}/token-reuse`)).json()).reuses === 1, 'GET /admin/token-reuse counts reuses');
  const unknown = await refreshWith('nope');
  check(unknown.status === 400 && (await unknown.json()).error === 'invalid_grant', 'unknown refresh token is invalid_grant', unknown.status);
  // The refreshes below follow one fresh sign-in's rotation.
  let latest = (await signIn(cfg, fhir)).body.refresh_token;
  const refreshLatest = async () => {
    const answer = await refreshWith(latest);
    const body = await answer.clone().json().catch(() => ({}));
    if (answer.status === 200 && body.refresh_token) latest = body.refresh_token;
    return answer;
  };

  // Scopes: the app's writes need a scope that allows them.
  const send = (path, method, body, token = tok.access_token) =>
    fetch(`${fhir}/${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
  const agreement = {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: `${ORIENTATION_URL}|1`,
    subject: { reference: `Patient/${tok.patient}` },
    authored: new Date().toISOString(),
    item: [{ linkId: 'agree', answer: [{ valueBoolean: true }] }],
  };
  const homework = (await get(`Task/${state0.task}`)).body;
  const readOnly = (await signIn(cfg, fhir, pkce(), undefined, 'launch/patient offline_access patient/*.rs')).body;
  const refusedCreate = await send('QuestionnaireResponse', 'POST', agreement, readOnly.access_token);
  const refusedBody = await refusedCreate.json();
  check(refusedCreate.status === 403 && refusedBody.resourceType === 'OperationOutcome' && refusedBody.issue?.[0]?.code === 'forbidden', 'create without a .c scope is 403 forbidden', refusedCreate.status);
  check((await send(`Task/${state0.task}`, 'PUT', homework, readOnly.access_token)).status === 403, 'update without a .u scope is 403');
  check((await send('QuestionnaireResponse', 'POST', agreement)).status === 201, 'create with the scope is 201');
  check((await send(`Task/${state0.task}`, 'PUT', { ...homework, status: 'in-progress' })).status === 200, 'update with the scope is 200');
  check(
    scopeAllows('patient/*.read patient/Task.write', 'Task', 'u') && scopeAllows('user/*.cruds', 'AppointmentResponse', 'c') && !scopeAllows('patient/*.read', 'Task', 'c') && !scopeAllows('patient/Task.uX system/*.*', 'Task', 'u'),
    'scope rules: v1 read/write, v2 letters, user/ and wildcards'
  );

  // Withheld scopes are left out of tokens issued from then on.
  const withhold = (scopes) => fetch(`${admin}/withhold`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scopes }) });
  const refresh = async () => (await refreshLatest()).json();
  const held = ['patient/QuestionnaireResponse.c', 'patient/Task.u'];
  const withheld = await withhold(held);
  check(withheld.status === 200 && (await withheld.json()).withheld.join() === held.join(), 'POST /admin/withhold', withheld.status);
  const partial = (await signIn(cfg, fhir, pkce(), undefined, APP_SCOPES)).body;
  const partialScopes = partial.scope.split(' ');
  check(!held.some((h) => partialScopes.includes(h)) && partialScopes.includes('patient/AppointmentResponse.c') && jwtPayload(partial.access_token).scope === partial.scope, 'a sign-in is granted what it asked for minus the withheld', partial.scope);
  check((await send('QuestionnaireResponse', 'POST', agreement, partial.access_token)).status === 403 && (await send(`Task/${state0.task}`, 'PUT', homework, partial.access_token)).status === 403, 'the withheld writes are refused');
  check((await send('QuestionnaireResponse', 'POST', agreement)).status === 201, 'a token issued before withholding keeps its scopes');
  const narrowed = await refresh();
  check(!narrowed.scope.split(' ').includes('patient/QuestionnaireResponse.c') && jwtPayload(narrowed.access_token).scope === narrowed.scope, 'a refresh drops the scopes withheld since sign-in', narrowed.scope);
  check((await (await withhold([])).json()).withheld.length === 0, 'an empty list clears the withheld scopes');
  check((await refresh()).scope === tok.scope, 'refresh after clearing: the sign-in\'s grant again');
  check((await (await refreshWith(partial.refresh_token)).json()).scope === partial.scope, 'refresh never widens what sign-in granted');
  check((await withhold('patient/Task.u')).status === 400, 'withhold needs a list');

  // Batch: searches inside one behave as searches on their own.
  const batch = (entries, token = tok.access_token) =>
    fetch(fhir, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: entries.map(([method, url, resource]) => ({ request: { method, url }, ...(resource ? { resource } : {}) })) }),
    });
  // Relative and percent-encoded, as the app writes them.
  const query = (type, q) => `${type}?${new URLSearchParams(q)}`;
  const me = `Patient/${tok.patient}`;
  const pair = [
    ['GET', query('Appointment', { patient: me, _count: '1' })],
    ['GET', query('Task', { patient: me, _count: '100' })],
  ];
  check(pair[0][1] === `Appointment?patient=Patient%2F${tok.patient}&_count=1`, 'batch entry URLs are percent-encoded', pair[0][1]);
  const both = await batch(pair);
  const bothBody = await both.json();
  const [appointmentsPage, tasksPage] = (bothBody.entry ?? []).map((e) => e.resource);
  check(both.status === 200 && bothBody.type === 'batch-response' && bothBody.entry?.length === 2 && bothBody.entry.every((e) => e.response?.status === '200' && e.resource?.type === 'searchset'), 'a batch of two searches answers two searchsets', bothBody);
  const batchNext = appointmentsPage?.link?.find((l) => l.relation === 'next')?.url ?? '';
  check(appointmentsPage?.total === 8 && appointmentsPage.entry?.length === 1 && batchNext === `${fhir}/Appointment?patient=Patient%2F${tok.patient}&_count=1&_offset=1`, 'a searchset in a batch has an absolute next link with the client\'s query', appointmentsPage?.link);
  const second = await get(batchNext);
  check(second.status === 200 && second.body.entry?.length === 1 && second.body.entry[0].resource.id !== appointmentsPage?.entry?.[0]?.resource.id, 'the next link from a batch pages on', second.status);
  check(tasksPage?.entry?.[0]?.fullUrl === `${fhir}/Task/${state0.task}` && !tasksPage.link.some((l) => l.relation === 'next'), 'a batch searchset has absolute fullUrls and no next at the end', tasksPage?.link);
  const programme = await batch([
    ['GET', query('EpisodeOfCare', { patient: me, _include: 'EpisodeOfCare:team', _count: '50' })],
    ['GET', query('Group', { actual: 'false', _count: '50' })],
    ['GET', query('Questionnaire', { 'context-type': 'program', status: 'active', _count: '50' })],
    ['GET', query('QuestionnaireResponse', { subject: me, _count: '100' })],
    ['GET', query('CareTeam', { _id: state0.careTeam, _include: 'CareTeam:participant' })],
    ['GET', query('Practitioner', { _id: `${state0.practitioner},${state0.coFacilitator}` })],
    ['GET', query('Appointment', { colour: 'blue' })],
    ['POST', 'QuestionnaireResponse', agreement],
  ], readOnly.access_token);
  const programmeBody = await programme.json();
  const statuses = programmeBody.entry?.map((e) => e.response.status).join();
  const totals = programmeBody.entry?.slice(0, 6).map((e) => e.resource?.total).join();
  check(programme.status === 200 && statuses === '200,200,200,200,200,200,400,403', 'a bad search or a write without its scope fails only its own entry', statuses);
  check(totals === '1,2,1,2,1,2', 'the app\'s programme searches in a batch (_include ignored, _id=a,b is OR)', totals);

  // The write log: each resource write's body as the client sent it, before
  // the server changes it and however it is answered, a batch's one by one.
  const writes = async () => (await fetch(`${admin}/writes`)).json();
  const sentTasks = (await writes()).filter((w) => w.method === 'POST' && w.path === '/fhir/R4/Task');
  check(sentTasks.length === 2 && sentTasks.every((w) => JSON.stringify(w.body) === JSON.stringify(note)), '/admin/writes lists both if-none-exist POSTs of the Task as sent', sentTasks);
  const writesBefore = (await writes()).length;
  const clientChosen = { ...agreement, id: 'chosen-by-client', meta: { versionId: '7' } };
  const createdOver = await send('QuestionnaireResponse', 'POST', clientChosen);
  const createdOverBody = await createdOver.json();
  const refusedReply = await send('AppointmentResponse', 'POST', brokenReply);
  const unsignedWrite = await fetch(`${fhir}/Task`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(note) });
  const stillInProgress = { ...homework, status: 'in-progress' };
  const mixed = await batch([
    ['GET', query('Task', { _id: state0.task })],
    ['PUT', `Task/${state0.task}`, stillInProgress],
  ]);
  const mixedStatuses = (await mixed.json()).entry?.map((e) => e.response.status).join();
  const newWrites = (await writes()).slice(writesBefore);
  check(
    createdOver.status === 201 && createdOverBody.id !== 'chosen-by-client' && refusedReply.status === 400 && unsignedWrite.status === 401 && mixedStatuses === '200,200',
    'the writes for the log are answered as usual',
    [createdOver.status, createdOverBody.id, refusedReply.status, unsignedWrite.status, mixedStatuses]
  );
  check(
    JSON.stringify(newWrites) ===
      JSON.stringify([
        { method: 'POST', path: '/fhir/R4/QuestionnaireResponse', body: clientChosen },
        { method: 'POST', path: '/fhir/R4/AppointmentResponse', body: brokenReply },
        { method: 'POST', path: '/fhir/R4/Task', body: note },
        { method: 'PUT', path: `/fhir/R4/Task/${state0.task}`, body: stillInProgress },
      ]),
    'the log has each write as sent (id and meta.versionId kept), refused ones too, and a batch\'s write but not its read',
    newWrites
  );
  const loggedVerdicts = newWrites.map((w) => validateFhir(w.body));
  check(
    loggedVerdicts.map((v) => v.ok).join() === 'true,false,true,true' && loggedVerdicts[1].errors.join() === replyVerdict.errors.join(),
    'what the log holds can be put to the schema: the broken reply fails it, the rest pass',
    loggedVerdicts
  );

  // Faults.
  const fault = (spec) => fetch(`${admin}/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  await fault({ kind: '429', count: 1, retryAfter: 7 });
  const cfgDuringFault = await fetch(`${fhir}/.well-known/smart-configuration`);
  const throttled = await get(`Patient/${tok.patient}`);
  const after = await get(`Patient/${tok.patient}`);
  check(cfgDuringFault.status === 200, 'faults skip smart-configuration');
  check(throttled.status === 429 && throttled.headers.get('retry-after') === '7' && after.status === 200, '429 with Retry-After, then clears', [throttled.status, after.status]);
  for (const [kind, status] of [['500', 500], ['412', 412], ['expired-token', 401]]) {
    await fault({ kind });
    check((await get(`Patient/${tok.patient}`)).status === status, `fault ${kind}`);
  }
  await fault({ kind: 'malformed' });
  const bad = await fetch(`${fhir}/Patient/${tok.patient}`, { headers: auth });
  check(bad.status === 200 && (await bad.text().then((t) => { try { JSON.parse(t); return false; } catch { return true; } })), 'fault malformed');
  await fault({ kind: 'slow', delayMs: 300 });
  const t0 = performance.now();
  const slow = await get(`Patient/${tok.patient}`);
  check(slow.status === 200 && performance.now() - t0 >= 290, 'fault slow', performance.now() - t0);
  await fault({ kind: '500', count: 5 });
  await fetch(`${admin}/fault`, { method: 'DELETE' });
  check((await get(`Patient/${tok.patient}`)).status === 200, 'DELETE fault clears');
  check((await fault({ kind: 'teapot' })).status === 400, 'unknown fault kind is 400');
  check((await fault({ kind: '500', on: 'jwks' })).status === 400, 'unknown fault place is 400');

  // Faults on the token endpoint leave FHIR alone.
  const refreshForm = () => form({ grant_type: 'refresh_token', refresh_token: latest, client_id: 'alongside' });
  const HUGE = '18446744073709551615';
  await fault({ kind: '429', on: 'token', retryAfter: HUGE });
  const fhirDuringTokenFault = await get(`Patient/${tok.patient}`);
  const tokenBusy = await fetch(cfg.token_endpoint, refreshForm());
  check(fhirDuringTokenFault.status === 200 && tokenBusy.status === 429 && tokenBusy.headers.get('retry-after') === HUGE, 'token 429 with the Retry-After given digit for digit', [tokenBusy.status, tokenBusy.headers.get('retry-after')]);
  check((await refreshLatest()).status === 200, 'token fault clears after one use');
  await fault({ kind: 'invalid-grant', on: 'token' });
  const revoked = await fetch(cfg.token_endpoint, refreshForm());
  check(revoked.status === 400 && (await revoked.json()).error === 'invalid_grant', 'token fault invalid-grant', revoked.status);

  // Another host: faults send the app there; it records whatever arrives.
  const elsewhere = async () => (await fetch(`${admin}/elsewhere`)).json();
  const other = await elsewhere();
  check(other.origin.startsWith('http://127.0.0.1:') && other.origin !== new URL(fhir).origin && other.origin !== issuer && other.requests.length === 0, 'another host, on its own origin', other);
  await fault({ kind: 'redirect' });
  const moved = await fetch(`${fhir}/Patient/${tok.patient}`, { headers: auth, redirect: 'manual' });
  check(moved.status === 302 && moved.headers.get('location') === `${other.origin}/fhir/R4/Patient/${tok.patient}`, 'fault redirect points at another host', moved.headers.get('location'));
  await fault({ kind: 'redirect', on: 'token' });
  const movedToken = await fetch(cfg.token_endpoint, { ...refreshForm(), redirect: 'manual' });
  check(movedToken.status === 302 && movedToken.headers.get('location') === `${other.origin}/token`, 'token fault redirect', movedToken.headers.get('location'));
  await fault({ kind: 'next-elsewhere' });
  const linked = await get(`Appointment?patient=${tok.patient}&_count=3`);
  const strayNext = linked.body.link?.find((l) => l.relation === 'next')?.url ?? '';
  check(linked.status === 200 && linked.body.entry?.length === 3 && strayNext.startsWith(`${other.origin}/fhir/R4/Appointment?`), 'fault next-elsewhere links to another host', linked.body.link);
  check((await elsewhere()).requests.length === 0, 'another host heard nothing while only pointed at');
  await fetch(strayNext, { headers: auth });
  const heard = (await elsewhere()).requests;
  check(heard.length === 1 && heard[0].method === 'GET' && heard[0].authorization === true && !JSON.stringify(heard).includes(tok.access_token.slice(0, 20)), 'another host records what reaches it, never a token', heard);

  // An answer past the app's cap, with no length to warn of it.
  await fault({ kind: 'oversized' });
  const big = await fetch(`${fhir}/Appointment?patient=${tok.patient}`, { headers: auth });
  const bigText = await big.text();
  check(big.status === 200 && big.headers.get('content-length') === null && bigText.length > 9 * 1024 * 1024 && JSON.parse(bigText).entry?.length === 8, 'fault oversized pads the real answer past 9 MiB', [big.headers.get('content-length'), bigText.length]);
  await fault({ kind: 'oversized', on: 'token', bytes: 1024 });
  const bigToken = await (await refreshLatest()).json();
  check(bigToken._padding?.length >= 1024 && bigToken.access_token, 'token fault oversized', Object.keys(bigToken));

  // A discovery document that lies, once.
  const smart = async () => (await fetch(`${fhir}/.well-known/smart-configuration`)).json();
  await fault({ kind: 'rewrite', on: 'discovery', fields: { token_endpoint: 'http://clinic.example/token' } });
  const [lie, truth] = [await smart(), await smart()];
  check(lie.token_endpoint === 'http://clinic.example/token' && lie.authorization_endpoint === cfg.authorization_endpoint && truth.token_endpoint === cfg.token_endpoint, 'fault rewrite lies in discovery once', lie);
  check((await fault({ kind: 'rewrite', fields: ['x'] })).status === 400, 'rewrite fields must be an object');

  // One Appointment the app cannot read, in one answer.
  await fault({ kind: 'unreadable-entry' });
  const spoiled = await get(`Appointment?patient=${tok.patient}`);
  const whole = await get(`Appointment?patient=${tok.patient}`);
  check(spoiled.body.entry?.filter((e) => e.resource.status === 0).length === 1 && whole.body.entry?.every((e) => typeof e.resource.status === 'string'), 'fault unreadable-entry spoils one answer, not the record');
  await fault({ kind: 'unreadable-entry', id: appts[1].id });
  const chosen = await get(`Appointment?patient=${tok.patient}`);
  check(chosen.body.entry?.filter((e) => e.resource.status === 0).map((e) => e.resource.id).join() === appts[1].id, 'fault unreadable-entry can pick the Appointment');

  // A Bundle nested past any parser's patience: 10,000 levels by default,
  // the outermost of the real answer's type.
  await fault({ kind: 'deep' });
  const deepText = await (await fetch(`${fhir}/Appointment?patient=${tok.patient}`, { headers: auth })).text();
  const deepLevels = deepText.split('{"resourceType":"Bundle"').length - 1;
  check(deepLevels === 10_000 && deepText.startsWith('{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{') && deepText.endsWith('"entry":[]}' + '}]}'.repeat(9_999)), 'fault deep nests 10,000 Bundles', [deepLevels, deepText.slice(0, 80)]);
  check((await get(`Appointment?patient=${tok.patient}`)).body.entry?.length === 8, 'fault deep is used up by one answer');
  await fault({ kind: 'deep', depth: 3 });
  const deepBatch = await (await batch(pair)).json();
  check(deepBatch.type === 'batch-response' && deepBatch.entry?.length === 1 && deepBatch.entry[0].response?.status === '200 OK' && deepBatch.entry[0].resource?.entry?.[0]?.resource?.entry?.length === 0, 'fault deep answers a batch with a deep batch-response', deepBatch);
  check((await fault({ kind: 'deep', depth: 0 })).status === 400, 'deep depth must be 1..1000000');

  // Wrong JSON types where strings are expected, in every searchset, a batch's too.
  const garbled = (page) =>
    page?.entry?.length > 0 &&
    page.entry.every(({ resource: r }) => typeof r.id === 'number' && (r.status === undefined || (typeof r.status === 'object' && !Array.isArray(r.status))) && (r.start === undefined || Array.isArray(r.start)) && (r.description === undefined || typeof r.description === 'number') && r.meta?.lastUpdated === true);
  await fault({ kind: 'wrong-types' });
  const wrongPage = (await get(`Appointment?patient=${tok.patient}`)).body;
  check(garbled(wrongPage) && wrongPage.entry.every(({ resource: r }) => typeof r.status.value === 'string' && typeof r.start[0] === 'string'), 'fault wrong-types garbles every Appointment of a page', wrongPage.entry?.[0]);
  const rightPage = (await get(`Appointment?patient=${tok.patient}`)).body;
  check(rightPage.entry?.every(({ resource: r }) => typeof r.id === 'string' && typeof r.status === 'string'), 'fault wrong-types spoils one answer, not the record');
  await fault({ kind: 'wrong-types' });
  const wrongBatch = (await (await batch(pair)).json());
  check(wrongBatch.type === 'batch-response' && wrongBatch.entry?.length === 2 && wrongBatch.entry.every((e) => typeof e.response?.status === 'string' && garbled(e.resource)), 'fault wrong-types reaches the searchsets inside a batch-response', wrongBatch.entry?.map((e) => e.resource?.entry?.[0]?.resource));

  // The real server without batches.
  await fault({ kind: 'no-batch', path: '/fhir/R4' });
  const capabilities = (await get('metadata', {})).body;
  check(!capabilities.rest[0].interaction && (await get(`Patient/${tok.patient}`)).status === 200, 'no-batch: other requests as usual, no batch in metadata');
  const noBatch = await batch(pair);
  const noBatchBody = await noBatch.json();
  check(noBatch.status === 405 && noBatchBody.resourceType === 'OperationOutcome' && noBatchBody.issue?.[0]?.code === 'not-supported', 'fault no-batch answers a batch 405', noBatch.status);
  check((await batch(pair)).status === 200, 'no-batch is used up by the batch it refused');
  const fullCapabilities = (await get('metadata', {})).body;
  check(fullCapabilities.rest[0].interaction?.some((i) => i.code === 'batch') && ['AppointmentResponse', 'QuestionnaireResponse', 'Questionnaire', 'Organization'].every((t) => fullCapabilities.rest[0].resource.some((r) => r.type === t)), 'metadata declares batch and the written types');
  check(['patient/AppointmentResponse.c', 'patient/QuestionnaireResponse.c', 'patient/Questionnaire.rs', 'patient/Practitioner.rs'].every((sc) => cfg.scopes_supported.includes(sc)), 'scopes_supported lists the app\'s scopes');

  // Chaos: random faults from a seeded generator, reproducible run for run.
  const chaos = async (method, spec) =>
    (await fetch(`${admin}/chaos`, { method, headers: { 'content-type': 'application/json' }, body: spec && JSON.stringify(spec) })).json();
  const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
  const statusesOf = async (n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const r = await fetch(`${fhir}/Patient/${tok.patient}`, { headers: auth });
      await r.arrayBuffer();
      out.push(r.status);
    }
    return out;
  };
  await chaos('POST', { rate: 0.5, seed: 42, delayMs: 20 });
  const run1 = await statusesOf(30);
  const after1 = await chaos('GET');
  check(after1.on && after1.rate === 0.5 && after1.requests === 30 && sum(after1.counts) > 0 && run1.some((st) => st !== 200), 'chaos injects faults and counts them', after1);
  check(!('412' in after1.counts) && Object.keys(after1.counts).every((k) => ['500', '429', 'slow', 'malformed', 'expired-token'].includes(k)), 'chaos on reads: no 412', after1.counts);
  for (let i = 0; i < 5; i++) await get('metadata', {});
  await fetch(`${fhir}/.well-known/smart-configuration`);
  check((await chaos('GET')).requests === 30, 'chaos leaves metadata and discovery alone');
  const tokenStatuses = [];
  for (let i = 0; i < 10; i++) {
    const r = await refreshLatest();
    await r.arrayBuffer();
    tokenStatuses.push(r.status);
  }
  check((await chaos('GET')).requests === 40 && tokenStatuses.every((st) => [200, 429, 500].includes(st)), 'chaos reaches the token endpoint, never with invalid-grant', tokenStatuses);
  await chaos('POST', { rate: 0.5, seed: 42, delayMs: 20 });
  const run2 = await statusesOf(30);
  check(run2.join() === run1.join() && JSON.stringify((await chaos('GET')).counts) === JSON.stringify(after1.counts), 'the same seed gives the same faults', [run1.join(), run2.join()]);
  const stopped = await chaos('DELETE');
  const quiet = await statusesOf(10);
  const afterStop = await chaos('GET');
  check(!stopped.on && quiet.every((st) => st === 200) && afterStop.requests === stopped.requests && sum(afterStop.counts) === sum(stopped.counts), 'DELETE /admin/chaos stops it; its counts stay readable', afterStop);
  check((await fetch(`${admin}/chaos`, { method: 'POST', body: JSON.stringify({ rate: 2 }) })).status === 400, 'chaos rate must be 0..1');

  // In flight: a slow request is counted until it is answered.
  const inFlight = async () => (await (await fetch(`${admin}/in-flight`)).json()).count;
  await fault({ kind: 'slow', delayMs: 400 });
  const slowOne = fetch(`${fhir}/Patient/${tok.patient}`, { headers: auth }).then((r) => r.arrayBuffer());
  await new Promise((r) => setTimeout(r, 150));
  const during = await inFlight();
  await slowOne;
  let landed = await inFlight();
  for (let n = 0; n < 20 && landed !== 0; n++) {
    await new Promise((r) => setTimeout(r, 10));
    landed = await inFlight();
  }
  check(during === 1 && landed === 0, 'GET /admin/in-flight counts requests not yet answered', [during, landed]);

  // Request log.
  const log = await (await fetch(`${admin}/requests`)).json();
  check(log.some((r) => r.method === 'GET' && r.path === `/fhir/R4/Appointment?patient=${tok.patient}` && r.status === 200), 'request log has the search', log.slice(0, 3));
  check(log.some((r) => r.status === 401) && !JSON.stringify(log).includes(tok.access_token.slice(0, 20)), 'request log has statuses, no tokens');
  // A batch's entry also lists the URLs its entries asked for.
  check(log.every((r) => ['method,path,status', 'method,path,status,entries'].includes(Object.keys(r).join())) && log.some((r) => r.entries?.length), 'request log fields', [...new Set(log.map((r) => Object.keys(r).join()))]);

  // Reset.
  const reset = await (await fetch(`${admin}/reset`, { method: 'POST' })).json();
  const state1 = await (await fetch(`${admin}/state`)).json();
  check(reset.patient && reset.patient !== tok.patient && state1.patient === reset.patient && state1.appointments.length === 8, 'reset reseeds', reset);
  check((await get(`Patient/${tok.patient}`)).status === 404 && (await get(`Appointment?patient=${reset.patient}`)).body.total === 8, 'old data gone, new seeded');
  check((await (await fetch(`${admin}/requests`)).json()).length === 2, 'reset clears the request log');
  check((await writes()).length === 0, 'reset clears the write log');
  check((await (await fetch(`${admin}/elsewhere`)).json()).requests.length === 0, 'reset clears what another host heard');
  check(state1.orientation && state1.griefGroup && state1.coFacilitator && state1.griefFacilitator && state1.orientation !== state0.orientation, 'reset reseeds the programme around the group', state1);
  const chaosAfterReset = await (await fetch(`${admin}/chaos`)).json();
  const withheldAfterReset = await (await fetch(`${admin}/withhold`)).json();
  check(!chaosAfterReset.on && chaosAfterReset.requests === 0 && withheldAfterReset.withheld.length === 0, 'reset turns chaos off and clears the withheld scopes', [chaosAfterReset, withheldAfterReset]);

  // Strict mode: a SMART layer as strict as a real clinic's.
  const strictOn = async (on) =>
    (await fetch(`${admin}/strict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on }) })).json();
  const member = (await signIn(cfg, fhir, pkce(), undefined, APP_SCOPES)).body;
  const as = { authorization: `Bearer ${member.access_token}` };
  check((await strictOn(true)).strict === true, 'POST /admin/strict turns it on');
  check((await get(`Appointment?patient=${member.patient}`, as)).status === 200, 'strict: the member\'s own sessions are read');
  for (const type of ['Group', 'Practitioner', 'Organization', 'Questionnaire']) {
    check((await get(`${type}?_count=1`, as)).status === 403, `strict: ${type} lies outside the patient compartment (403)`);
  }
  const teams = (await get('CareTeam?_count=50', as)).body;
  check(teams.resourceType === 'Bundle' && (teams.entry ?? []).length === 0, 'strict: a CareTeam whose subject is a Group is left out', teams.entry?.length);
  check((await get(`Observation?subject=Patient/${member.patient}`, as)).status === 403, 'strict: a read with no read scope for its type is 403');
  const lenient = await get(`EpisodeOfCare?patient=${member.patient}&_include=EpisodeOfCare:team&not-a-param=x`, as);
  check(lenient.status === 200 && lenient.body.entry?.length === 1, 'strict: unknown parameters and includes are ignored', lenient.status);
  const reply = {
    resourceType: 'AppointmentResponse',
    appointment: { reference: `Appointment/${reset.appointments?.[1] ?? state1.appointments[1]}` },
    actor: { reference: `Patient/${member.patient}` },
    participantStatus: 'accepted',
  };
  const conditional = await fetch(`${fhir}/AppointmentResponse`, {
    method: 'POST',
    headers: { ...as, 'content-type': 'application/fhir+json', 'if-none-exist': 'identifier=urn:alongside:outbox|x' },
    body: JSON.stringify(reply),
  });
  check(conditional.status === 403, 'strict: a conditional create is refused under patient scopes', conditional.status);
  const plain = await fetch(`${fhir}/AppointmentResponse`, { method: 'POST', headers: { ...as, 'content-type': 'application/fhir+json' }, body: JSON.stringify(reply) });
  check(plain.status === 201, 'strict: a plain create goes through', plain.status);
  const writesOnly = await (
    await fetch(`${admin}/strict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on: true, writesOnly: true }) })
  ).json();
  const refusedAgain = await fetch(`${fhir}/AppointmentResponse`, {
    method: 'POST',
    headers: { ...as, 'content-type': 'application/fhir+json', 'if-none-exist': 'identifier=urn:alongside:outbox|smoke-strict-2' },
    body: JSON.stringify(reply),
  });
  check(
    writesOnly.writesOnly === true && (await get('Group?_count=1', as)).status === 200 && refusedAgain.status === 403,
    'strict about writes only: reads as before, conditional create refused',
    [writesOnly, refusedAgain.status]
  );
  check((await strictOn(false)).strict === false && (await get('Group?_count=1', as)).status === 200, 'strict off: the test clinic as before');
  await strictOn(true);
  await fetch(`${admin}/reset`, { method: 'POST' });
  check((await (await fetch(`${admin}/strict`)).json()).strict === false, 'reset turns strict mode off');

  const end = await clinic.stop();
  check(end.code === 0 && end.stdout.trim() === clinic.firstLine, 'SIGTERM exits 0, stdout was one line', end);

  // Short token lifetime, fixed port, and a programme spanning the March DST switch.
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = s.address();
      s.close(() => resolve(free));
    });
  });
  const dst = await startClinic({ CLINIC_TOKEN_TTL: '2', CLINIC_TODAY: '2026-03-20', CLINIC_PORT: String(port) });
  check(dst.urls.fhir === `http://127.0.0.1:${port}/fhir/R4`, 'CLINIC_PORT is honoured', dst.urls.fhir);
  const dcfg = await (await fetch(`${dst.urls.fhir}/.well-known/smart-configuration`)).json();
  const short = (await signIn(dcfg, dst.urls.fhir)).body;
  const issuedAt = performance.now();
  check(short.expires_in === 2, 'CLINIC_TOKEN_TTL shortens tokens', short.expires_in);
  const dstAppts = await (await fetch(`${dst.urls.fhir}/Appointment?patient=${short.patient}&_sort=date`, { headers: { authorization: `Bearer ${short.access_token}` } })).json();
  const starts = (dstAppts.entry ?? []).map((e) => e.resource.start);
  check(dstAppts.entry?.length === 8 && starts[0] === '2026-03-03T18:00:00-05:00' && starts[1] === '2026-03-10T18:00:00-04:00', 'offsets follow DST', starts.length ? starts : dstAppts);
  // exp is whole seconds: 2 s after issue the token is past it.
  await new Promise((r) => setTimeout(r, 2100 - (performance.now() - issuedAt)));
  const expired = await fetch(`${dst.urls.fhir}/Patient/${short.patient}`, { headers: { authorization: `Bearer ${short.access_token}` } });
  check(expired.status === 401 && /expired/.test(expired.headers.get('www-authenticate')), 'expired token is 401', expired.status);
  await dst.stop();

  // The schedule helper on its own: autumn switch (1 Nov 2026) inside the programme.
  const autumn = programmeSchedule(new Date('2026-11-06T00:00:00Z'));
  check(autumn[0].start === '2026-10-20T18:00:00-04:00' && autumn[2].start === '2026-11-03T18:00:00-05:00', 'autumn DST offsets', autumn.map((s) => s.start));
}

try {
  await main();
} catch (err) {
  check(false, 'smoke run', String(err?.stack ?? err));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
