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
import http from 'node:http';
import { badRequest, serverError, unauthorized, unauthorizedTokenExpired } from '@medplum/core';
import { startAuth } from './auth.mjs';
import { armFault, clearFault, currentFault, faultResponse, takeFault, WWW_EXPIRED } from './faults.mjs';
import { createFhir, FHIR_JSON, handleFhir, indexDefinitions, outcomeResponse } from './fhir.mjs';
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
const state = { fhir: createFhir(), ids: undefined, requests: [], elsewhere: [] };
async function reseed() {
  const fhir = createFhir();
  const now = new Date();
  const ids = await seed(fhir.repo, now, pinnedToday ?? todayInClinic(now));
  Object.assign(state, { fhir, ids, requests: [], elsewhere: [] });
  clearFault();
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

/** The real answer from `proceed`, or what a fault armed for `on` puts in its place. */
async function withFault(on, path, proceed) {
  const fault = takeFault(on, path);
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
  tokenTtl,
  withFault,
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
  const types = ['Patient', 'Practitioner', 'Group', 'CareTeam', 'EpisodeOfCare', 'Appointment', 'Task'];
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
      },
    ],
  };
}

async function fhirRoute(req, res, url) {
  // Logged on arrival (status filled in when answered) so tests see order sent.
  const entry = { method: req.method, path: req.url, status: null };
  state.requests.push(entry);
  const out = await fhirAnswer(req, url);
  entry.status = out.status;
  send(res, out);
}

async function fhirAnswer(req, url) {
  const path = url.pathname.slice(FHIR_PATH.length).replace(/^\/+/, '');
  if (req.method === 'GET' && path === '.well-known/smart-configuration') {
    return withFault('discovery', req.url, () => ({ status: 200, body: smartConfiguration() }));
  }
  return withFault('fhir', req.url, () => fhirResource(req, url, path));
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
    const text = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    try {
      if (type.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
      else if (text) body = JSON.parse(text);
    } catch {
      return outcomeResponse(badRequest('Request body is not valid JSON'), 400);
    }
  }
  return handleFhir(state.fhir, { method: req.method, path, search: url.search, headers: req.headers, body, base: fhirBase });
}

async function adminRoute(req, res, url) {
  const what = `${req.method} ${url.pathname.slice('/admin'.length)}`;
  switch (what) {
    case 'POST /reset':
      await reseed();
      return sendJson(res, 200, { patient: state.ids.patient });
    case 'POST /fault': {
      let spec;
      try {
        spec = JSON.parse((await readBody(req)) || '{}');
      } catch {
        return sendJson(res, 400, { error: 'body must be JSON' });
      }
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
    case 'GET /state':
      return sendJson(res, 200, state.ids);
    case 'GET /elsewhere':
      return sendJson(res, 200, { origin: elsewhere, requests: state.elsewhere });
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
