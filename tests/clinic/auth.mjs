// SMART App Launch sign-in (standalone patient launch, public client, PKCE
// S256). oauth2-mock-server holds the signing keys, serves JWKS and issues
// authorization codes; this module adds the checks a real authorization
// server makes and the SMART token response.
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';
import { send } from './respond.mjs';

export const CLIENT_ID = 'alongside';
const CODE_TTL_MS = 5 * 60_000;
const MAX_BODY = 64 * 1024;
const JSON_TYPE = 'application/json';

const oauthError = (status, error, description) => ({
  status,
  body: { error, ...(description ? { error_description: description } : {}) },
});

function isLoopbackRedirect(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && !url.hash;
  } catch {
    return false;
  }
}

const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

/** `scope` (space-separated) without the scopes in `withheld`. */
const without = (scope, withheld) =>
  scope
    .split(' ')
    .filter((s) => s && !withheld.includes(s))
    .join(' ');

/**
 * Whether a token's `scope` claim lets the client do `letter` (a SMART v2
 * permission: c, r, u, d or s) on `resourceType`: `patient/` or `user/`
 * scopes naming the type or `*`, with v2 letters (`.cu`) or v1 `read`,
 * `write` or `*`.
 */
export function scopeAllows(scope, resourceType, letter) {
  return String(scope ?? '')
    .split(/\s+/)
    .some((one) => {
      const match = /^(?:patient|user)\/([A-Za-z]+|\*)\.(\w+|\*)$/.exec(one);
      if (!match || (match[1] !== '*' && match[1] !== resourceType)) return false;
      const perms = match[2];
      if (perms === '*') return true;
      if (perms === 'read') return 'rs'.includes(letter);
      if (perms === 'write') return 'cud'.includes(letter);
      return /^[cruds]+$/.test(perms) && perms.includes(letter);
    });
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/**
 * Starts the authorization server on its own loopback port.
 * `fhirBase()` is the audience; `currentPatient()` the id put in the launch context;
 * `withheldScopes()` the scopes no token is granted, however asked for;
 * `withFault("token", path, proceed)` gives the token endpoint's answer (or a fault's);
 * `track(res)` is told of each token request until it is answered.
 */
export async function startAuth({
  port = 0,
  fhirBase,
  currentPatient,
  withheldScopes = () => [],
  tokenTtl = 3600,
  withFault = (_on, _path, proceed) => proceed(),
  track = () => {},
}) {
  const issuer = new OAuth2Issuer(false);
  await issuer.keys.generate('RS256');
  const service = new OAuth2Service(issuer);
  const jwks = createLocalJWKSet({ keys: issuer.keys.toJSON() });

  const pendingCodes = new Map(); // code -> { challenge, redirectUri, clientId, scope, expires }
  // Refresh tokens rotate on every use, as RFC 9700 asks of public clients:
  // refresh token -> { clientId, scope granted at sign-in, family, used }.
  // Using one a second time revokes its whole family (every token descended
  // from that sign-in), so a client that races itself is signed out.
  const refreshTokens = new Map();
  const revokedFamilies = new Set();
  let reused = 0;

  // The mock server mints the code; remember what it was issued for so the
  // token endpoint can check PKCE, redirect_uri and single use.
  service.on('beforeAuthorizeRedirect', ({ url }, req) => {
    const code = url.searchParams.get('code');
    const p = new URL(req.url, 'http://127.0.0.1').searchParams;
    if (!code) return;
    pendingCodes.set(code, {
      challenge: p.get('code_challenge'),
      redirectUri: p.get('redirect_uri'),
      clientId: p.get('client_id'),
      scope: p.get('scope') ?? '',
      expires: Date.now() + CODE_TTL_MS,
    });
  });

  /** Why an authorization request is refused, or undefined to go ahead. */
  function authorizeRefusal(query) {
    const p = Object.fromEntries(query);
    if (p.response_type !== 'code') return oauthError(400, 'unsupported_response_type', 'response_type must be code');
    if (p.client_id !== CLIENT_ID) return oauthError(400, 'unauthorized_client', 'unknown client_id');
    if (!isLoopbackRedirect(p.redirect_uri)) {
      return oauthError(400, 'invalid_request', 'redirect_uri must be http://127.0.0.1 or http://localhost');
    }
    if (!p.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(p.code_challenge)) {
      return oauthError(400, 'invalid_request', 'code_challenge (S256) is required');
    }
    if (p.code_challenge_method !== 'S256') return oauthError(400, 'invalid_request', 'code_challenge_method must be S256');
    if ((p.aud ?? '').replace(/\/$/, '') !== fhirBase()) return oauthError(400, 'invalid_request', 'aud must be the FHIR base URL');
    if (!p.state) return oauthError(400, 'invalid_request', 'state is required');
    return undefined;
  }

  function authorize(req, res, query) {
    const refusal = authorizeRefusal(query);
    if (refusal) return send(res, refusal, JSON_TYPE);
    // Auto-approve: the mock answers 302 to redirect_uri?code=...&state=...
    service.requestHandler(req, res);
  }

  async function issueTokens({ clientId, scope }, refreshToken) {
    const patient = currentPatient();
    const base = fhirBase();
    const accessToken = await issuer.buildToken({
      expiresIn: tokenTtl,
      scopesOrTransform: (_header, payload) =>
        Object.assign(payload, {
          aud: base,
          sub: `Patient/${patient}`,
          client_id: clientId,
          scope,
          patient,
          fhirUser: `${base}/Patient/${patient}`,
          jti: randomUUID(),
        }),
    });
    const body = { access_token: accessToken, token_type: 'Bearer', expires_in: tokenTtl, scope, refresh_token: refreshToken, patient };
    if (scope.split(' ').includes('openid')) {
      body.id_token = await issuer.buildToken({
        expiresIn: tokenTtl,
        scopesOrTransform: (_header, payload) =>
          Object.assign(payload, { aud: clientId, sub: `Patient/${patient}`, fhirUser: `${base}/Patient/${patient}` }),
      });
    }
    return { status: 200, headers: { Pragma: 'no-cache' }, body };
  }

  /** The token endpoint's answer, as { status, headers, body }. */
  async function token(req) {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'use application/x-www-form-urlencoded');
    }
    const form = await readForm(req);
    const grant = form.get('grant_type');
    const clientId = form.get('client_id');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const issued = pendingCodes.get(code);
      pendingCodes.delete(code); // single use, whatever happens next
      const verifier = form.get('code_verifier') ?? '';
      if (
        !issued ||
        issued.expires < Date.now() ||
        issued.clientId !== clientId ||
        issued.redirectUri !== form.get('redirect_uri') ||
        !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
        s256(verifier) !== issued.challenge
      ) {
        return oauthError(400, 'invalid_grant');
      }
      const granted = { clientId, scope: without(issued.scope, withheldScopes()) };
      const refreshToken = randomUUID();
      refreshTokens.set(refreshToken, { ...granted, family: randomUUID(), used: false });
      return issueTokens(granted, refreshToken);
    }
    if (grant === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      const grantInfo = refreshTokens.get(refreshToken);
      if (!grantInfo || grantInfo.clientId !== clientId || revokedFamilies.has(grantInfo.family)) {
        return oauthError(400, 'invalid_grant');
      }
      if (grantInfo.used) {
        revokedFamilies.add(grantInfo.family);
        reused += 1;
        return oauthError(400, 'invalid_grant', 'refresh token reused; the sign-in is revoked');
      }
      grantInfo.used = true;
      const rotated = randomUUID();
      refreshTokens.set(rotated, { ...grantInfo, used: false });
      // A refresh never widens the sign-in's grant, and a scope withheld
      // since then is dropped from it.
      return issueTokens({ clientId, scope: without(grantInfo.scope, withheldScopes()) }, rotated);
    }
    return oauthError(400, 'unsupported_grant_type');
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const done = (err) => {
      if (!err) return;
      process.stderr.write(`clinic auth: ${err.message}\n`);
      if (!res.headersSent) send(res, oauthError(500, 'server_error'), JSON_TYPE);
    };
    if (req.method === 'GET' && url.pathname === '/authorize') return done(authorize(req, res, url.searchParams));
    if (req.method === 'POST' && url.pathname === '/token') {
      track(res);
      return withFault('token', req.url, () => token(req)).then((out) => send(res, out, JSON_TYPE), done);
    }
    // JWKS, OpenID discovery and the rest come straight from the mock.
    service.requestHandler(req, res);
  });
  await new Promise((resolve, reject) => server.listen(port, '127.0.0.1', resolve).on('error', reject));
  issuer.url = `http://127.0.0.1:${server.address().port}`;

  /** Checks a bearer token from a FHIR request. Returns { ok, claims } or { ok:false, expired }. */
  async function verify(authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, missing: true };
    try {
      const { payload } = await jwtVerify(match[1], jwks, { issuer: issuer.url, audience: fhirBase(), algorithms: ['RS256'] });
      return { ok: true, claims: payload };
    } catch (err) {
      return { ok: false, expired: err instanceof joseErrors.JWTExpired };
    }
  }

  return {
    server,
    /** How many times a spent refresh token came back (each revoked a sign-in). */
    reuses: () => reused,
    /** Ends every sign-in, as a clinic's administrator would: each refresh token fails from now on. */
    revokeAll: () => {
      for (const info of refreshTokens.values()) revokedFamilies.add(info.family);
    },
    issuerUrl: issuer.url,
    endpoints: { authorize: `${issuer.url}/authorize`, token: `${issuer.url}/token`, jwks: `${issuer.url}/jwks` },
    verify,
  };
}
