// Injected failures, so tests can see how the app copes with a clinic server
// that is down, throttled, slow, broken, rejecting its token, or hostile:
// redirecting elsewhere, linking elsewhere, answering without end, or lying
// in its SMART discovery document.
//
// A fault is armed for one place (`on`): "fhir" (FHIR requests other than
// discovery, the default), "discovery" (.well-known/smart-configuration) or
// "token" (the authorization server's token endpoint); `path`, when given,
// narrows it to requests whose URL contains it (e.g. "/Task"), `method` to
// requests made with it (e.g. "PUT").
//
// Chaos mode, instead, gives random requests random faults from a seeded
// generator, so a run that fails can be replayed request for request.
import { preconditionFailed, serverError, tooManyRequests, unauthorizedTokenExpired } from '@medplum/core';

const KINDS = [
  '500',
  '429',
  'slow',
  'malformed',
  'expired-token',
  '412',
  // 400 {"error":"invalid_grant"}: the code or refresh token is no longer valid.
  'invalid-grant',
  // 302 to the same path on another origin (see /admin/elsewhere).
  'redirect',
  // The real page, with its `next` link pointing at another origin.
  'next-elsewhere',
  // The real answer padded past `bytes` (default 9 MiB), sent with no Content-Length.
  'oversized',
  // The real JSON answer with `fields` laid over it (a discovery document that lies).
  'rewrite',
  // The real page with one Appointment's status made a number: an
  // Appointment the app cannot read. The one with id `id`, else the last
  // (the newest change, in the app's _lastUpdated order).
  'unreadable-entry',
  // The real server without batches: a POST to the base (a batch) is 405
  // with an OperationOutcome, everything else is answered as usual. Only a
  // batch uses the fault up, so `count` is how many batches are refused.
  'no-batch',
  // The real answer replaced by a Bundle nested `depth` levels deep (default
  // 10,000): its entry[0].resource is a Bundle whose entry[0].resource is a
  // Bundle… The outermost keeps the real answer's type (a batch-response's
  // first entry also says 200), so only the depth is wrong. Sent as text.
  'deep',
  // The real answer with wrong JSON types where strings are expected, in
  // every resource of every searchset found anywhere in it (so inside a
  // batch-response too): `id` a number, `status` an object, `start` an
  // array, `description` a number and `meta.lastUpdated` a boolean, each
  // where the resource has it.
  'wrong-types',
];
const TARGETS = ['fhir', 'discovery', 'token'];
const MiB = 1024 * 1024;

let active;

/** Validates and arms a fault from the admin API body; returns an error text or undefined. */
export function armFault(spec) {
  if (!spec || !KINDS.includes(String(spec.kind))) return `kind must be one of ${KINDS.join(', ')}`;
  const on = spec.on ?? 'fhir';
  if (!TARGETS.includes(on)) return `on must be one of ${TARGETS.join(', ')}`;
  if (spec.kind === 'no-batch' && on !== 'fhir') return 'no-batch is armed on fhir';
  const count = spec.count ?? 1;
  if (!Number.isInteger(count) || count < 1) return 'count must be a positive integer';
  // A string of digits, too, for values past what a JSON number holds exactly.
  const retryAfter = String(spec.retryAfter ?? 1);
  const delayMs = spec.delayMs ?? 1000;
  const bytes = spec.bytes ?? 9 * MiB;
  const fields = spec.fields ?? {};
  const id = spec.id ?? null;
  const path = spec.path ?? null;
  const depth = spec.depth ?? 10_000;
  if (path !== null && typeof path !== 'string') return 'path must be a string';
  if (!/^\d+$/.test(retryAfter)) return 'retryAfter must be a whole number of seconds';
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 120_000) return 'delayMs must be 0..120000';
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 64 * MiB) return 'bytes must be 1..67108864';
  if (typeof fields !== 'object' || Array.isArray(fields) || fields === null) return 'fields must be an object';
  if (id !== null && typeof id !== 'string') return 'id must be a string';
  if (!Number.isInteger(depth) || depth < 1 || depth > 1_000_000) return 'depth must be 1..1000000';
  const method = spec.method ?? null;
  if (method !== null && typeof method !== 'string') return 'method must be a string';
  active = { kind: String(spec.kind), on, remaining: count, retryAfter, delayMs, bytes, fields, id, path, method, depth };
  return undefined;
}

export function clearFault() {
  active = undefined;
}

export function currentFault() {
  return active ? { ...active } : null;
}

/** Consumes one use of the fault armed for `on`, if any; `batch` when the request is a batch. */
export function takeFault(on, url = '', { batch = false, method } = {}) {
  if (active?.on !== on) return undefined;
  if (active.path && !url.includes(active.path)) return undefined;
  if (active.method && method !== undefined && active.method !== method) return undefined;
  if (active.kind === 'no-batch' && !batch) return undefined;
  const fault = { ...active };
  active.remaining -= 1;
  if (active.remaining <= 0) active = undefined;
  return fault;
}

const json = (status, body, headers = {}) => ({ status, headers, body });

// Faults that can hit one entry of a batch: a failure status, or a spoiled page.
const ENTRY_STATUS = { 500: '500', 429: '429', 412: '412', 'expired-token': '401' };
const PAGE_KINDS = ['unreadable-entry', 'next-elsewhere'];

/**
 * A batch with a fault aimed at one of its entries (by `path`, or a page
 * fault, which aims at the Appointment search): the real batch runs and that
 * entry's answer is replaced, as a server that fails one search of several
 * would. Returns undefined when the armed fault is not of that kind.
 */
export async function batchEntryFault(on, proceed, where) {
  if (active?.on !== on) return undefined;
  const aimed = active.path !== null && (ENTRY_STATUS[active.kind] || PAGE_KINDS.includes(active.kind));
  if (!aimed && !PAGE_KINDS.includes(active.kind)) return undefined;
  const out = await real(proceed);
  const urls = out.entryUrls ?? [];
  const i = urls.findIndex((u) => (active.path !== null ? u.includes(active.path) : u.startsWith('/Appointment?')));
  if (i < 0 || out.body?.type !== 'batch-response') return out;
  const fault = takeFault(on, urls[i]);
  if (!fault) return out;
  const entry = out.body.entry[i];
  if (ENTRY_STATUS[fault.kind]) {
    out.body.entry[i] = { response: { status: ENTRY_STATUS[fault.kind], outcome: serverError(new Error('Injected fault')) } };
  } else if (fault.kind === 'unreadable-entry') {
    spoil(entry?.resource, fault.id);
  } else if (entry?.resource) {
    const links = (entry.resource.link ?? []).filter((l) => l.relation !== 'next');
    entry.resource.link = [...links, { relation: 'next', url: `${where.elsewhere}${where.base}${urls[i]}` }];
  }
  return out;
}

/** One Appointment of a page made unreadable: the one with `id`, else the last. */
function spoil(page, id) {
  const spoilable = (e) => e.resource?.resourceType === 'Appointment' && (id === null || e.resource.id === id);
  const appointment = page?.entry?.findLast(spoilable)?.resource;
  if (appointment) appointment.status = 0;
}

export const WWW_EXPIRED = 'Bearer realm="alongside-test-clinic", error="invalid_token", error_description="The access token expired"';

/** The real answer, copied so a change to it never reaches the stored resources. */
async function real(proceed) {
  const out = await proceed();
  return { ...out, body: structuredClone(out.body) };
}

/** `body` as JSON with a `_padding` member in front, in 64 KiB chunks, `bytes` long or more. */
function padded(body, bytes) {
  const piece = 'x'.repeat(64 * 1024);
  const members = JSON.stringify(body && typeof body === 'object' && !Array.isArray(body) ? body : {}).slice(1, -1);
  return ['{"_padding":"', ...Array(Math.ceil(bytes / piece.length)).fill(piece), `"${members ? ',' : ''}${members}}`];
}

/**
 * A Bundle `depth` levels deep as JSON text, built without recursion (a
 * parser that recurses is what it is for): each level's entry[0].resource
 * is the next; the outermost has `type`, the rest are searchsets.
 */
function deepBundle(depth, type) {
  const level = (t) => `{"resourceType":"Bundle","type":${JSON.stringify(t)},"entry":[{`;
  const outer = `${level(type)}${type === 'batch-response' ? '"response":{"status":"200 OK"},' : ''}"resource":`;
  const inner = `${level('searchset')}"resource":`;
  const innermost = '{"resourceType":"Bundle","type":"searchset","entry":[]}';
  if (depth === 1) return `{"resourceType":"Bundle","type":${JSON.stringify(type)},"entry":[]}`;
  return outer + inner.repeat(depth - 2) + innermost + '}]}'.repeat(depth - 1);
}

/** Wrong types in each resource of each searchset in `node`, wherever it sits (see 'wrong-types'). */
function wrongTypes(node) {
  const pending = [node];
  while (pending.length) {
    const at = pending.pop();
    if (!at || typeof at !== 'object') continue;
    if (!Array.isArray(at) && at.resourceType === 'Bundle' && at.type === 'searchset') {
      (at.entry ?? []).forEach((e, i) => garble(e?.resource, i));
    }
    pending.push(...Object.values(at));
  }
}

function garble(resource, i) {
  if (!resource || typeof resource !== 'object') return;
  if ('id' in resource) resource.id = 1000 + i;
  if ('status' in resource) resource.status = { value: resource.status };
  if ('start' in resource) resource.start = [resource.start];
  if ('description' in resource) resource.description = 42;
  if (resource.meta && typeof resource.meta === 'object' && 'lastUpdated' in resource.meta) resource.meta.lastUpdated = true;
}

/**
 * The answer a fault stands in for. `proceed()` gives the real answer;
 * `where.path` is the request's path and query, `where.elsewhere` the origin
 * of the server that stands for another host.
 */
export async function faultResponse(fault, proceed, where) {
  switch (fault.kind) {
    case '500':
      return json(500, serverError(new Error('Injected fault')));
    case '429':
      return json(429, tooManyRequests, { 'Retry-After': fault.retryAfter });
    case '412':
      return json(412, preconditionFailed);
    case 'expired-token':
      return json(401, unauthorizedTokenExpired, { 'WWW-Authenticate': WWW_EXPIRED });
    case 'invalid-grant':
      return json(400, { error: 'invalid_grant', error_description: 'Injected fault' });
    case 'malformed':
      // Valid status and content type, truncated body: a proxy cut the stream.
      return { status: 200, headers: {}, raw: '{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Appo' };
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return proceed();
    case 'no-batch':
      return json(405, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'not-supported', details: { text: 'This server does not support batch requests' } }],
      });
    case 'redirect':
      return { status: 302, headers: { Location: `${where.elsewhere}${where.path}` } };
    case 'next-elsewhere': {
      const out = await real(proceed);
      const links = (out.body?.link ?? []).filter((l) => l.relation !== 'next');
      out.body = { ...out.body, link: [...links, { relation: 'next', url: `${where.elsewhere}${where.path}` }] };
      return out;
    }
    case 'oversized': {
      const out = await proceed();
      return { status: out.status, headers: out.headers, chunks: padded(out.body, fault.bytes) };
    }
    case 'rewrite': {
      const out = await real(proceed);
      return { ...out, body: { ...out.body, ...fault.fields } };
    }
    case 'unreadable-entry': {
      const out = await real(proceed);
      spoil(out.body, fault.id);
      return out;
    }
    case 'deep': {
      const out = await proceed();
      const type = typeof out.body?.type === 'string' ? out.body.type : 'searchset';
      return { status: 200, headers: {}, raw: deepBundle(fault.depth, type), entryUrls: out.entryUrls };
    }
    case 'wrong-types': {
      const out = await real(proceed);
      wrongTypes(out.body);
      return out;
    }
    default:
      return proceed();
  }
}

// Chaos mode. Each FHIR request (the server leaves out discovery and
// /metadata) and each token request is, with probability `rate`, given one
// of the faults below instead of (or, for "slow", before) its real answer.
const CHAOS_FHIR = ['500', '429', 'slow', 'malformed', 'expired-token'];
// A precondition can only fail on a write that names a version; writes are
// few, so there it is as likely as all the other faults together.
const CHAOS_FHIR_WRITE = [...CHAOS_FHIR, ...CHAOS_FHIR.map(() => '412')];
// Never invalid-grant: that signs the member out, which is no hiccup.
const CHAOS_TOKEN = ['500', '429', 'slow', 'malformed'];

let chaos = idleChaos();

function idleChaos() {
  return { on: false, rate: 0, delayMs: 0, counts: {}, requests: 0 };
}

/** A small seeded PRNG (mulberry32): the same seed gives the same faults in the same order. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Turns chaos on from the admin API body (counts start again); returns an error text or undefined. */
export function startChaos(spec) {
  const rate = spec?.rate;
  const seed = spec?.seed ?? 1;
  const delayMs = spec?.delayMs ?? 1000;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return 'rate must be a number 0..1';
  if (!Number.isInteger(seed)) return 'seed must be an integer';
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 120_000) return 'delayMs must be 0..120000';
  chaos = { on: true, rate, delayMs, random: mulberry32(seed), counts: {}, requests: 0 };
  return undefined;
}

/** Turns chaos off; what it did stays readable until it is started again or reset. */
export function stopChaos() {
  chaos.on = false;
}

export function resetChaos() {
  chaos = idleChaos();
}

export function chaosStatus() {
  return { on: chaos.on, rate: chaos.rate, counts: { ...chaos.counts }, requests: chaos.requests };
}

/**
 * A random fault for one request on `on` ("fhir" or "token"), or undefined.
 * Chaos stands aside while a single fault is armed, so a test can still
 * aim one exactly.
 */
export function chaosFault(on, method) {
  if (!chaos.on || active || (on !== 'fhir' && on !== 'token')) return undefined;
  chaos.requests += 1;
  if (chaos.random() >= chaos.rate) return undefined;
  const kinds = on === 'token' ? CHAOS_TOKEN : method === 'PUT' || method === 'PATCH' ? CHAOS_FHIR_WRITE : CHAOS_FHIR;
  const kind = kinds[Math.floor(chaos.random() * kinds.length)];
  chaos.counts[kind] = (chaos.counts[kind] ?? 0) + 1;
  const retryAfter = kind === '429' ? String(Math.floor(chaos.random() * 2)) : '1';
  return { kind, on, retryAfter, delayMs: chaos.delayMs };
}
