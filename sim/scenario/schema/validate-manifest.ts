// What the API server answers to `oc apply` of a manifest before anything is stored (kubectl's default
// `--validate=strict`): decoding against the kind's schema (Kubernetes 1.32's OpenAPI document for
// built-in kinds, the CRDs' own schemas for UDN/CUDN, NAD and Sail's kinds; tools/build-schemas.mjs
// builds schemas.json from them), then the schema's required fields and enums. Value rules (ranges,
// CEL) are checked at apply time by the models (models/ovnk/udn-validation.ts).
import schemas from './schemas.json' with { type: 'json' };
import type { Path } from '../types.js';

export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  $ref?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

interface KindSchema extends Schema {
  source: 'builtin' | 'crd';
}

const KINDS = schemas.kinds as unknown as Record<string, KindSchema>;
const DEFINITIONS = schemas.definitions as unknown as Record<string, Schema>;

/** The API server's answer, in kubectl's words, and the field it is about. */
export interface ManifestRefusal {
  path: Path;
  message: string;
}

/** What kubectl names the object by in its messages. */
export interface ManifestContext {
  apiVersion: string;
  kind: string;
  name: string;
  /** The file as kubectl would name it (`error when creating "FILE"`). */
  file: string;
  namespace: string | undefined;
}

/** The `apiVersion`s the API server serves for a modelled kind (for the "no matches" message). */
export function servedVersions(kind: string): string[] {
  return Object.keys(KINDS)
    .filter((key) => key.slice(key.lastIndexOf('/') + 1) === kind)
    .map((key) => key.slice(0, key.lastIndexOf('/')))
    .sort();
}

/**
 * Every refusal the API server would give for this manifest, in the order it meets them: a kind it
 * does not serve; a value it cannot decode (built-in kinds); unknown fields; then the schema's
 * required fields, types (custom resources) and enums. Empty when the manifest is accepted.
 */
export function validateManifest(object: Record<string, unknown>, context: ManifestContext): ManifestRefusal[] {
  const schema = KINDS[`${context.apiVersion}/${context.kind}`];
  if (!schema) return [noMatch(context)];
  const walk: Walk = { builtin: schema.source === 'builtin', unknown: [], undecodable: undefined, invalid: [] };
  visit(walk, object, schema, [], schema.source === 'builtin' ? context.kind : undefined, []);
  const creating = `error when creating "${context.file}"`;
  const cannotHandle = `${context.kind} in version "${versionOf(context.apiVersion)}" cannot be handled as a ${context.kind}`;
  if (walk.undecodable) {
    return [{ path: walk.undecodable.path, message: `Error from server (BadRequest): ${creating}: ${cannotHandle}: ${walk.undecodable.message}` }];
  }
  if (walk.unknown.length > 0) {
    const fields = walk.unknown.map((path) => `unknown field "${formatFieldPath(path)}"`).join(', ');
    return [{ path: walk.unknown[0]!, message: `Error from server (BadRequest): ${creating}: ${cannotHandle}: strict decoding error: ${fields}` }];
  }
  return walk.invalid.map(({ path, body }) => ({ path, message: `The ${context.kind} "${context.name}" is invalid: ${formatFieldPath(path)}: ${body}` }));
}

interface Walk {
  builtin: boolean;
  unknown: Path[];
  /** The first value Go's JSON decoding refuses (built-in kinds stop there). */
  undecodable: { path: Path; message: string } | undefined;
  invalid: Array<{ path: Path; body: string }>;
}

function noMatch(context: ManifestContext): ManifestRefusal {
  return {
    path: ['apiVersion'],
    message:
      `resource mapping not found for name: "${context.name}" namespace: "${context.namespace ?? ''}" from "${context.file}": ` +
      `no matches for kind "${context.kind}" in version "${context.apiVersion}" (served: ${servedVersions(context.kind).join(', ')})`,
  };
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
}

function resolve(schema: Schema): { schema: Schema; struct: string | undefined } {
  if (!schema.$ref) return { schema, struct: undefined };
  const target = DEFINITIONS[schema.$ref];
  if (!target) throw new Error(`schemas.json has no definition ${schema.$ref}`);
  return { schema: target, struct: schema.$ref.slice(schema.$ref.lastIndexOf('.') + 1) };
}

/**
 * Walks a value against its schema. `struct` is the Go struct the value's fields belong to (built-in
 * kinds: for decoding messages, `Go struct field DeploymentSpec.spec.replicas`); `goPath` the field
 * names from the root without list indexes, as Go's decoder names them.
 */
function visit(walk: Walk, value: unknown, declared: Schema, path: Path, struct: string | undefined, goPath: string[]): void {
  // YAML `key:` with nothing after it is null: Go decodes it to the zero value, the API server prunes it.
  if (value === null || value === undefined) return;
  const { schema, struct: own } = resolve(declared);
  if (!typeMatches(schema, value)) {
    refuseType(walk, value, declared, schema, path, struct, goPath);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    walk.invalid.push({ path, body: `Unsupported value: ${goValue(value)}: supported values: ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}` });
  }
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => visit(walk, item, schema.items!, [...path, i], struct, goPath));
    return;
  }
  if (typeof value === 'object') visitObject(walk, value as Record<string, unknown>, schema, path, own ?? struct, goPath);
}

function visitObject(walk: Walk, map: Record<string, unknown>, schema: Schema, path: Path, struct: string | undefined, goPath: string[]): void {
  const properties = schema.properties;
  const extra = schema.additionalProperties;
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true || extra === true || (!properties && extra === undefined);
  for (const key of Object.keys(map)) {
    const field = properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
    // Go's decoder names struct fields in its messages, not map keys (`ObjectMeta.metadata.labels`).
    if (field) visit(walk, map[key], field, [...path, key], struct, [...goPath, key]);
    else if (typeof extra === 'object') visit(walk, map[key], extra, [...path, key], struct, goPath);
    else if (!open) walk.unknown.push([...path, key]);
  }
  for (const key of schema.required ?? []) {
    if (map[key] === undefined || map[key] === null) walk.invalid.push({ path: [...path, key], body: 'Required value' });
  }
}

function typeMatches(schema: Schema, value: unknown): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  switch (schema.type) {
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && fitsFormat(value, schema.format);
    default:
      return true;
  }
}

function fitsFormat(value: number, format: string | undefined): boolean {
  if (format === 'int32') return value >= -(2 ** 31) && value < 2 ** 31;
  return true;
}

function refuseType(walk: Walk, value: unknown, declared: Schema, schema: Schema, path: Path, struct: string | undefined, goPath: string[]): void {
  if (walk.builtin) {
    // Go's decoder reports the first value it cannot decode and the request fails there.
    if (walk.undecodable) return;
    const field = struct && goPath.length > 0 ? `Go struct field ${struct}.${goPath.join('.')}` : 'Go value';
    walk.undecodable = { path, message: `json: cannot unmarshal ${jsonValueName(value, schema)} into ${field} of type ${goType(declared)}` };
    return;
  }
  const actual = jsonTypeName(value);
  const expected = schema['x-kubernetes-int-or-string'] ? 'integer,string' : (schema.type ?? 'object');
  walk.invalid.push({ path, body: `Invalid value: "${actual}": ${formatFieldPath(path)} in body must be of type ${expected}: "${actual}"` });
}

/** encoding/json's UnmarshalTypeError.Value: the JSON kind, with the literal for a number that does not fit. */
function jsonValueName(value: unknown, schema: Schema): string {
  if (typeof value === 'number') return schema.type === 'integer' ? `number ${goNumber(value)}` : 'number';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

/** The JSON type names of OpenAPI validation (`must be of type integer: "string"`). */
function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** The number as its JSON literal reads (Go quotes the literal it could not fit). */
function goNumber(value: number): string {
  return String(value);
}

/** The Go type a schema decodes into, as the decoder prints it (`int32`, `[]v1.Container`, `map[string]string`). */
function goType(schema: Schema): string {
  if (schema['x-kubernetes-int-or-string']) return 'intstr.IntOrString';
  if (schema.$ref) {
    const parts = schema.$ref.split('.');
    return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  }
  switch (schema.type) {
    case 'integer':
      return schema.format === 'int64' ? 'int64' : schema.format === 'int32' ? 'int32' : 'int';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : 'string';
    case 'array':
      return `[]${schema.items ? goType(schema.items) : 'interface {}'}`;
    default:
      return typeof schema.additionalProperties === 'object' ? `map[string]${goType(schema.additionalProperties)}` : 'map[string]interface {}';
  }
}

/** Go's `%v`/`%q` of a field value in an Invalid-value message. */
function goValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** field.Path's text: `spec.template.spec.containers[0].name`. */
export function formatFieldPath(path: Path): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text;
}
