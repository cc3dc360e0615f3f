// Injected failures, so tests can see how the app copes with a clinic server
// that is down, throttled, slow, broken, rejecting its token, or hostile:
// redirecting elsewhere, linking elsewhere, answering without end, or lying
// in its SMART discovery document.
//
// A fault is armed for one place (`on`): "fhir" (FHIR requests other than
// discovery, the default), "discovery" (.well-known/smart-configuration) or
// "token" (the authorization server's token endpoint); `path`, when given,
// narrows it to requests whose URL contains it (e.g. "/Task").
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
];
const TARGETS = ['fhir', 'discovery', 'token'];
const MiB = 1024 * 1024;

let active;

/** Validates and arms a fault from the admin API body; returns an error text or undefined. */
export function armFault(spec) {
  if (!spec || !KINDS.includes(String(spec.kind))) return `kind must be one of ${KINDS.join(', ')}`;
  const on = spec.on ?? 'fhir';
  if (!TARGETS.includes(on)) return `on must be one of ${TARGETS.join(', ')}`;
  const count = spec.count ?? 1;
  if (!Number.isInteger(count) || count < 1) return 'count must be a positive integer';
  // A string of digits, too, for values past what a JSON number holds exactly.
  const retryAfter = String(spec.retryAfter ?? 1);
  const delayMs = spec.delayMs ?? 1000;
  const bytes = spec.bytes ?? 9 * MiB;
  const fields = spec.fields ?? {};
  const id = spec.id ?? null;
  const path = spec.path ?? null;
  if (path !== null && typeof path !== 'string') return 'path must be a string';
  if (!/^\d+$/.test(retryAfter)) return 'retryAfter must be a whole number of seconds';
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 120_000) return 'delayMs must be 0..120000';
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 64 * MiB) return 'bytes must be 1..67108864';
  if (typeof fields !== 'object' || Array.isArray(fields) || fields === null) return 'fields must be an object';
  if (id !== null && typeof id !== 'string') return 'id must be a string';
  active = { kind: String(spec.kind), on, remaining: count, retryAfter, delayMs, bytes, fields, id, path };
  return undefined;
}

export function clearFault() {
  active = undefined;
}

export function currentFault() {
  return active ? { ...active } : null;
}

/** Consumes one use of the fault armed for `on`, if any. */
export function takeFault(on, url = '') {
  if (active?.on !== on) return undefined;
  if (active.path && !url.includes(active.path)) return undefined;
  const fault = { ...active };
  active.remaining -= 1;
  if (active.remaining <= 0) active = undefined;
  return fault;
}

const json = (status, body, headers = {}) => ({ status, headers, body });

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
      const spoilable = (e) => e.resource?.resourceType === 'Appointment' && (fault.id === null || e.resource.id === fault.id);
      const appointment = out.body?.entry?.findLast(spoilable)?.resource;
      if (appointment) appointment.status = 0;
      return out;
    }
    default:
      return proceed();
  }
}
