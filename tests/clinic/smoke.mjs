// End-to-end check of the test clinic's contract: starts server.mjs as a
// child process and drives it over HTTP the way the app does.
//   node tests/clinic/smoke.mjs
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { programmeSchedule } from './seed.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const TZ = 'America/New_York';
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
async function signIn(cfg, fhir, { verifier, challenge } = pkce(), useVerifier = verifier) {
  const redirect = 'http://127.0.0.1:53682/callback';
  const state = b64url(randomBytes(8));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: 'alongside',
    redirect_uri: redirect,
    scope: 'launch/patient openid fhirUser offline_access patient/*.rs',
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

  // Refresh.
  const refreshed = await fetch(cfg.token_endpoint, form({ grant_type: 'refresh_token', refresh_token: tok.refresh_token, client_id: 'alongside' }));
  const rtok = await refreshed.json();
  check(refreshed.status === 200 && rtok.access_token && rtok.access_token !== tok.access_token && rtok.patient === tok.patient, 'refresh token grant', refreshed.status);
  check((await get('Patient/' + tok.patient, { authorization: `Bearer ${rtok.access_token}` })).status === 200, 'refreshed token works');
  const unknown = await fetch(cfg.token_endpoint, form({ grant_type: 'refresh_token', refresh_token: 'nope', client_id: 'alongside' }));
  check(unknown.status === 400 && (await unknown.json()).error === 'invalid_grant', 'unknown refresh token is invalid_grant', unknown.status);

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
  const refreshForm = () => form({ grant_type: 'refresh_token', refresh_token: tok.refresh_token, client_id: 'alongside' });
  const HUGE = '18446744073709551615';
  await fault({ kind: '429', on: 'token', retryAfter: HUGE });
  const fhirDuringTokenFault = await get(`Patient/${tok.patient}`);
  const tokenBusy = await fetch(cfg.token_endpoint, refreshForm());
  check(fhirDuringTokenFault.status === 200 && tokenBusy.status === 429 && tokenBusy.headers.get('retry-after') === HUGE, 'token 429 with the Retry-After given digit for digit', [tokenBusy.status, tokenBusy.headers.get('retry-after')]);
  check((await fetch(cfg.token_endpoint, refreshForm())).status === 200, 'token fault clears after one use');
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
  const bigToken = await (await fetch(cfg.token_endpoint, refreshForm())).json();
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

  // Request log.
  const log = await (await fetch(`${admin}/requests`)).json();
  check(log.some((r) => r.method === 'GET' && r.path === `/fhir/R4/Appointment?patient=${tok.patient}` && r.status === 200), 'request log has the search', log.slice(0, 3));
  check(log.some((r) => r.status === 401) && !JSON.stringify(log).includes(tok.access_token.slice(0, 20)), 'request log has statuses, no tokens');
  check(log.every((r) => Object.keys(r).join() === 'method,path,status'), 'request log fields');

  // Reset.
  const reset = await (await fetch(`${admin}/reset`, { method: 'POST' })).json();
  const state1 = await (await fetch(`${admin}/state`)).json();
  check(reset.patient && reset.patient !== tok.patient && state1.patient === reset.patient && state1.appointments.length === 8, 'reset reseeds', reset);
  check((await get(`Patient/${tok.patient}`)).status === 404 && (await get(`Appointment?patient=${reset.patient}`)).body.total === 8, 'old data gone, new seeded');
  check((await (await fetch(`${admin}/requests`)).json()).length === 2, 'reset clears the request log');
  check((await (await fetch(`${admin}/elsewhere`)).json()).requests.length === 0, 'reset clears what another host heard');

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
