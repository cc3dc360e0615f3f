// Alongside test clinic: a local FHIR R4 server with SMART sign-in, seeded
// with one member's group-therapy programme, plus an admin API for tests.
//
//   node tests/clinic/server.mjs        (CLINIC_PORT, CLINIC_ISSUER_PORT, CLINIC_TOKEN_TTL, CLINIC_TODAY)
//
// stdout carries exactly one line, the JSON with the base URLs, once ready.
//
// A third server on its own port stands for another host ("elsewhere"):
// faults redirect or link there, and it records whatever reaches it, so a
// test can prove the app sent nothing there (GET /admin/elsewhere).
//
// Admin API (JSON): POST /reset; POST|GET|DELETE /fault; POST|GET|DELETE
// /chaos; POST|GET /withhold; GET /requests, /writes, /state, /resources?type=,
// /elsewhere, /in-flight.
import http from 'node:http';
import { badRequest, isResourceType, serverError, unauthorized, unauthorizedTokenExpired } from '@medplum/core';
import { scopeAllows, startAuth } from './auth.mjs';
import {
  armFault,
  batchEntryFault,
  chaosFault,
  chaosStatus,
  clearFault,
  currentFault,
  faultResponse,
  resetChaos,
  startChaos,
  stopChaos,
  takeFault,
  WWW_EXPIRED,
} from './faults.mjs';
import { createFhir, FHIR_JSON, handleFhir, indexDefinitions, outcomeResponse, writesIn } from './fhir.mjs';
import { send as sendOut } from './respond.mjs';
import { seed, todayInClinic } from './seed.mjs';

// Anything a library prints must not corrupt the ready line.
console.log = console.info = console.debug = console.error;

const started = performance.now();
const FHIR_PATH = '/fhir/R4';
const MAX_BODY = 1024 * 1024;
const env = process.env;
const intEnv = (name, fallback) => {
  const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
};
const port = intEnv('CLINIC_PORT', 0);
const issuerPort = intEnv('CLINIC_ISSUER_PORT', 0);
const tokenTtl = intEnv('CLINIC_TOKEN_TTL', 3600) || 3600;
// CLINIC_TODAY=YYYY-MM-DD pins the programme to another New York date.
const pinnedToday = env.CLINIC_TODAY ? new Date(`${env.CLINIC_TODAY}T00:00:00Z`) : undefined;
if (pinnedToday && Number.isNaN(pinnedToday.getTime())) throw new Error('CLINIC_TODAY must be YYYY-MM-DD');

indexDefinitions();
// `withheld`: scopes no token is granted from now on, however asked for.
// `writes`: each resource write as the client sent it (see recordWrites).
const state = { fhir: createFhir(), ids: undefined, requests: [], writes: [], elsewhere: [], withheld: [], strict: false };
async function reseed() {
  const fhir = createFhir();
  const now = new Date();
  const ids = await seed(fhir.repo, now, pinnedToday ?? todayInClinic(now));
  Object.assign(state, { fhir, ids, requests: [], writes: [], elsewhere: [], withheld: [], strict: false });
  clearFault();
  resetChaos();
}

// FHIR and token requests received and not yet handled, so a test can wait
// for a slow one to land before it goes on. A FHIR request counts until its
// handling ends, even when the client has gone (its write still happens).
let inFlight = 0;
function track(res) {
  inFlight += 1;
  res.once('close', () => {
    inFlight -= 1;
  });
}
function handling() {
  inFlight += 1;
  return () => {
    inFlight -= 1;
  };
}
await reseed();

const listen = (s, p) => new Promise((resolve, reject) => s.listen(p, '127.0.0.1', resolve).on('error', reject));

// Whatever reaches "another host" is recorded (never a token's value) and refused.
const elsewhereServer = http.createServer((req, res) => {
  state.elsewhere.push({ method: req.method, path: req.url, authorization: req.headers.authorization !== undefined });
  req.resume();
  sendJson(res, 404, { error: 'this is another host' });
});
await listen(elsewhereServer, 0);
const elsewhere = `http://127.0.0.1:${elsewhereServer.address().port}`;

/**
 * The real answer from `proceed`, or what a fault armed for `on` (or else
 * chaos, where `chaos` allows it) puts in its place. `method` and `batch`
 * describe the request for the faults that care.
 */
async function withFault(on, path, proceed, { method, batch = false, chaos = true } = {}) {
  const fault = takeFault(on, path, { batch, method }) ?? (chaos ? chaosFault(on, method) : undefined);
  return fault ? faultResponse(fault, proceed, { path, elsewhere }) : proceed();
}

const server = http.createServer((req, res) => {
  route(req, res).catch((err) => {
    process.stderr.write(`clinic: ${err.stack ?? err}\n`);
    if (!res.headersSent) send(res, outcomeResponse(serverError(err), 500));
    else res.destroy();
  });
});
await listen(server, port);
const origin = `http://127.0.0.1:${server.address().port}`;
const fhirBase = `${origin}${FHIR_PATH}`;
const adminBase = `${origin}/admin`;

const auth = await startAuth({
  port: issuerPort,
  fhirBase: () => fhirBase,
  currentPatient: () => state.ids.patient,
  withheldScopes: () => state.withheld,
  tokenTtl,
  withFault,
  track,
});

const send = (res, out, contentType = FHIR_JSON) => sendOut(res, out, contentType);
const sendJson = (res, status, body) => send(res, { status, body }, 'application/json');

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function route(req, res) {
  const url = new URL(req.url, origin);
  if (url.pathname === FHIR_PATH || url.pathname.startsWith(`${FHIR_PATH}/`)) return fhirRoute(req, res, url);
  if (url.pathname.startsWith('/admin/')) return adminRoute(req, res, url);
  sendJson(res, 404, { error: 'not found' });
}

function smartConfiguration() {
  return {
    issuer: auth.issuerUrl,
    jwks_uri: auth.endpoints.jwks,
    authorization_endpoint: auth.endpoints.authorize,
    token_endpoint: auth.endpoints.token,
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    scopes_supported: [
      'openid',
      'fhirUser',
      'launch/patient',
      'offline_access',
      'patient/*.read',
      'patient/*.rs',
      'patient/Appointment.rs',
      'patient/Appointment.u',
      'patient/AppointmentResponse.c',
      'patient/AppointmentResponse.rs',
      'patient/CareTeam.rs',
      'patient/EpisodeOfCare.rs',
      'patient/Group.rs',
      'patient/Organization.rs',
      'patient/Patient.rs',
      'patient/Practitioner.rs',
      'patient/Questionnaire.rs',
      'patient/QuestionnaireResponse.c',
      'patient/QuestionnaireResponse.rs',
      'patient/Task.rs',
      'patient/Task.u',
    ],
    capabilities: [
      'launch-standalone',
      'client-public',
      'context-standalone-patient',
      'permission-offline',
      'permission-patient',
    ],
    code_challenge_methods_supported: ['S256'],
  };
}

function capabilityStatement() {
  const interaction = ['read', 'vread', 'search-type', 'create', 'update', 'delete'].map((code) => ({ code }));
  const types = [
    'Patient',
    'Organization',
    'Practitioner',
    'Group',
    'CareTeam',
    'EpisodeOfCare',
    'Appointment',
    'AppointmentResponse',
    'Task',
    'Questionnaire',
    'QuestionnaireResponse',
  ];
  // While batches are refused, the server says so here too.
  const system = currentFault()?.kind === 'no-batch' ? [] : [{ code: 'batch' }];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'Alongside test clinic' },
    implementation: { description: 'Local test clinic', url: fhirBase },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: auth.endpoints.authorize },
                { url: 'token', valueUri: auth.endpoints.token },
              ],
            },
          ],
        },
        resource: types.map((type) => ({ type, interaction })),
        ...(system.length ? { interaction: system } : {}),
      },
    ],
  };
}

async function fhirRoute(req, res, url) {
  const handled = handling();
  try {
    await fhirHandle(req, res, url);
  } finally {
    handled();
  }
}

async function fhirHandle(req, res, url) {
  // The whole request is received before any fault delays its answer, as a
  // server that is slow to answer (not to listen) would: a client that gives
  // up waiting has still had its write taken.
  req.bodyText = req.method === 'GET' || req.method === 'DELETE' ? Promise.resolve('') : readBody(req);
  req.bodyText.catch(() => {});
  // Logged on arrival (status filled in when answered) so tests see order sent.
  const entry = { method: req.method, path: req.url, status: null };
  state.requests.push(entry);
  const recorded = req.bodyText.then((text) => recordWrites(req, url, text), () => {});
  const out = await fhirAnswer(req, url);
  // In the log before the answer goes out, so a test that reads it next finds it.
  await recorded;
  entry.status = out.status;
  // A batch's searches, as the client wrote them, so tests can read what was asked.
  if (out.entryUrls) entry.entries = out.entryUrls;
  send(res, out);
}

/**
 * Logs the resource writes a FHIR request carries (itself, or each write
 * entry of a batch or transaction) as { method, path, body }: the body as
 * the client sent it, parsed apart from the copy the engine reads and
 * changes (a create drops id and meta.versionId), and whatever the answer:
 * refused, faulted or taken. A body that is not JSON is kept as its text.
 */
function recordWrites(req, url, text) {
  let body;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  const path = url.pathname.slice(FHIR_PATH.length).replace(/^\/+/, '');
  for (const write of writesIn({ method: req.method, path, search: url.search, body, base: fhirBase })) {
    state.writes.push({ method: write.method, path: `${FHIR_PATH}/${write.path}${write.search}`, body: write.body ?? null });
  }
}

async function fhirAnswer(req, url) {
  const path = url.pathname.slice(FHIR_PATH.length).replace(/^\/+/, '');
  if (req.method === 'GET' && path === '.well-known/smart-configuration') {
    return withFault('discovery', req.url, () => ({ status: 200, body: smartConfiguration() }));
  }
  const proceed = () => fhirResource(req, url, path);
  if (req.method === 'POST' && path === '') {
    const aimed = await batchEntryFault('fhir', proceed, { elsewhere, base: FHIR_PATH });
    if (aimed) return aimed;
  }
  return withFault('fhir', req.url, proceed, {
    method: req.method,
    batch: req.method === 'POST' && path === '',
    // The capability statement is the server describing itself, like discovery.
    chaos: !(req.method === 'GET' && path === 'metadata'),
  });
}

async function fhirResource(req, url, path) {
  if (req.method === 'GET' && path === 'metadata') return { status: 200, body: capabilityStatement() };

  const check = await auth.verify(req.headers.authorization);
  if (!check.ok) {
    if (check.expired) return outcomeResponse(unauthorizedTokenExpired, 401, { 'WWW-Authenticate': WWW_EXPIRED });
    const challenge = check.missing
      ? 'Bearer realm="alongside-test-clinic"'
      : 'Bearer realm="alongside-test-clinic", error="invalid_token"';
    return outcomeResponse(unauthorized, 401, { 'WWW-Authenticate': challenge });
  }

  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) {
    return outcomeResponse(badRequest(`Unsupported method ${req.method}`), 405);
  }
  let body;
  if (req.method !== 'GET' && req.method !== 'DELETE') {
    const text = await req.bodyText;
    const type = req.headers['content-type'] ?? '';
    try {
      if (type.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
      else if (text) body = JSON.parse(text);
    } catch {
      return outcomeResponse(badRequest('Request body is not valid JSON'), 400);
    }
  }
  // Judged on the token as issued: withholding a scope changes the tokens
  // issued after it, not one already held.
  const allows = (type, letter) => scopeAllows(check.claims.scope, type, letter);
  const strict = state.strict
    ? { patient: check.claims.patient, scope: String(check.claims.scope ?? ''), writesOnly: state.strict === 'writes' }
    : undefined;
  return handleFhir(state.fhir, { method: req.method, path, search: url.search, headers: req.headers, body, base: fhirBase, allows, strict });
}

/** An admin request's JSON body ({} when empty), or undefined when it is not JSON. */
async function readJson(req) {
  try {
    return JSON.parse((await readBody(req)) || '{}');
  } catch {
    return undefined;
  }
}

async function adminRoute(req, res, url) {
  const what = `${req.method} ${url.pathname.slice('/admin'.length)}`;
  const needsBody = (req.method === 'POST' || req.method === 'PUT') && what !== 'POST /reset' && what !== 'POST /revoke';
  const spec = needsBody ? await readJson(req) : undefined;
  if (needsBody && spec === undefined) return sendJson(res, 400, { error: 'body must be JSON' });
  switch (what) {
    case 'POST /reset':
      await reseed();
      return sendJson(res, 200, { patient: state.ids.patient });
    case 'POST /fault': {
      const error = armFault(spec);
      return error ? sendJson(res, 400, { error }) : sendJson(res, 200, { fault: currentFault() });
    }
    case 'DELETE /fault':
      clearFault();
      return sendJson(res, 200, { fault: null });
    case 'GET /fault':
      return sendJson(res, 200, { fault: currentFault() });
    case 'GET /requests':
      return sendJson(res, 200, state.requests);
    case 'GET /writes':
      return sendJson(res, 200, state.writes);
    case 'GET /state':
      return sendJson(res, 200, state.ids);
    case 'GET /resources': {
      // What the clinic holds of one type (?type=AppointmentResponse), read
      // straight from its store, for tests that count what arrived.
      const type = url.searchParams.get('type') ?? '';
      if (!isResourceType(type)) return sendJson(res, 400, { error: 'type must be a FHIR resource type' });
      const bundle = await state.fhir.repo.search({ resourceType: type, count: 10000 });
      return sendJson(res, 200, (bundle.entry ?? []).map((e) => e.resource));
    }
    case 'GET /elsewhere':
      return sendJson(res, 200, { origin: elsewhere, requests: state.elsewhere });
    case 'POST /withhold': {
      const scopes = spec?.scopes;
      if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && /^\S+$/.test(s))) {
        return sendJson(res, 400, { error: 'scopes must be a list of scope strings' });
      }
      state.withheld = [...new Set(scopes)];
      return sendJson(res, 200, { withheld: state.withheld });
    }
    case 'GET /withhold':
      return sendJson(res, 200, { withheld: state.withheld });
    case 'POST /chaos': {
      const error = startChaos(spec);
      return error ? sendJson(res, 400, { error }) : sendJson(res, 200, chaosStatus());
    }
    case 'DELETE /chaos':
      stopChaos();
      return sendJson(res, 200, chaosStatus());
    case 'GET /chaos':
      return sendJson(res, 200, chaosStatus());
    case 'GET /in-flight':
      return sendJson(res, 200, { count: inFlight });
    case 'POST /resource': {
      // The clinic's staff add a resource (another session, more homework).
      if (!spec || !isResourceType(spec.resourceType)) return sendJson(res, 400, { error: 'a FHIR resource is needed' });
      const made = await state.fhir.repo.createResource(spec);
      return sendJson(res, 200, made);
    }
    case 'PUT /resource': {
      // ... or change one (a session cancelled or moved), outside the FHIR
      // API, so no fault armed for the app is spent on the staff's edit.
      if (!spec || !isResourceType(spec.resourceType) || !spec.id) return sendJson(res, 400, { error: 'a FHIR resource with its id is needed' });
      const updated = await state.fhir.repo.updateResource(spec);
      return sendJson(res, 200, updated);
    }
    case 'DELETE /resource': {
      // ... or remove one (?type=Task&id=…).
      const type = url.searchParams.get('type') ?? '';
      const id = url.searchParams.get('id') ?? '';
      if (!isResourceType(type) || !id) return sendJson(res, 400, { error: 'type and id are needed' });
      await state.fhir.repo.deleteResource(type, id);
      return sendJson(res, 200, { deleted: `${type}/${id}` });
    }
    case 'POST /strict': {
      // A SMART layer as strict as a real clinic's (see fhir.mjs), or not;
      // with writesOnly, strict about conditional create alone.
      if (typeof spec?.on !== 'boolean') return sendJson(res, 400, { error: 'on must be true or false' });
      if (spec.writesOnly !== undefined && typeof spec.writesOnly !== 'boolean') {
        return sendJson(res, 400, { error: 'writesOnly must be true or false' });
      }
      state.strict = spec.on && (spec.writesOnly ? 'writes' : true);
      return sendJson(res, 200, { strict: state.strict !== false, writesOnly: state.strict === 'writes' });
    }
    case 'GET /strict':
      return sendJson(res, 200, { strict: state.strict !== false, writesOnly: state.strict === 'writes' });
    case 'POST /revoke':
      // The clinic ends every sign-in (an administrator, a password change).
      auth.revokeAll();
      return sendJson(res, 200, { revoked: true });
    case 'GET /token-reuse':
      // Refresh tokens used twice (each revoked that sign-in).
      return sendJson(res, 200, { reuses: auth.reuses() });
    default:
      return sendJson(res, 404, { error: `no admin route ${what}` });
  }
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const s of [server, auth.server, elsewhereServer]) {
    s.close();
    s.closeAllConnections();
  }
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

process.stdout.write(`${JSON.stringify({ fhir: fhirBase, issuer: auth.issuerUrl, admin: adminBase })}\n`);
process.stderr.write(`clinic: ready in ${Math.round(performance.now() - started)} ms\n`);
