// Injected failures, so tests can see how the app copes with a clinic server
// that is down, throttled, slow, broken or rejecting its token.
import { preconditionFailed, serverError, tooManyRequests, unauthorizedTokenExpired } from '@medplum/core';

const KINDS = ['500', '429', 'slow', 'malformed', 'expired-token', '412'];

let active;

/** Validates and arms a fault from the admin API body; returns an error text or undefined. */
export function armFault(spec) {
  if (!spec || !KINDS.includes(String(spec.kind))) return `kind must be one of ${KINDS.join(', ')}`;
  const count = spec.count ?? 1;
  if (!Number.isInteger(count) || count < 1) return 'count must be a positive integer';
  const retryAfter = spec.retryAfter ?? 1;
  const delayMs = spec.delayMs ?? 1000;
  if (!Number.isInteger(retryAfter) || retryAfter < 0) return 'retryAfter must be a whole number of seconds';
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 120_000) return 'delayMs must be 0..120000';
  active = { kind: String(spec.kind), remaining: count, retryAfter, delayMs };
  return undefined;
}

export function clearFault() {
  active = undefined;
}

export function currentFault() {
  return active ? { ...active } : null;
}

/** Consumes one use of the armed fault, if any. */
export function takeFault() {
  if (!active) return undefined;
  const fault = { ...active };
  active.remaining -= 1;
  if (active.remaining <= 0) active = undefined;
  return fault;
}

const json = (status, body, headers = {}) => ({ status, headers, body });

export const WWW_EXPIRED = 'Bearer realm="alongside-test-clinic", error="invalid_token", error_description="The access token expired"';

/**
 * The response a fault stands in for, or undefined when the request should
 * carry on normally (after waiting, for "slow").
 */
export async function faultResponse(fault) {
  switch (fault.kind) {
    case '500':
      return json(500, serverError(new Error('Injected fault')));
    case '429':
      return json(429, tooManyRequests, { 'Retry-After': String(fault.retryAfter) });
    case '412':
      return json(412, preconditionFailed);
    case 'expired-token':
      return json(401, unauthorizedTokenExpired, { 'WWW-Authenticate': WWW_EXPIRED });
    case 'malformed':
      // Valid status and content type, truncated body: a proxy cut the stream.
      return { status: 200, headers: {}, raw: '{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Appo' };
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return undefined;
    default:
      return undefined;
  }
}
