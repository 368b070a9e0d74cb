// What the API server answers to `oc apply` of a UserDefinedNetwork or ClusterUserDefinedNetwork
// (world.md W-2.1): the CRD's structural schema, then its CEL rules, every violation collected, in the
// words kubectl prints (apiextensions-apiserver registry/customresource/strategy.go; apimachinery field/errors.go).
import type { KubeObject } from '../kube/types.js';
import { NETWORK_SCHEMAS, type JsonMap, type SchemaNode } from './udn-cel-rules.js';

export type FieldPath = Array<string | number>;

type ErrorType = 'Required' | 'Invalid' | 'TypeInvalid' | 'NotSupported' | 'TooMany' | 'TooLong';

interface FieldError {
  /** null renders as `<nil>`, like the API server's note about rules it skipped. */
  path: FieldPath | null;
  type: ErrorType;
  value?: unknown;
  detail: string;
}

/** Schema errors that stop the API server from running any CEL rule (strategy.go hasBlockingErr). */
const BLOCKING: ReadonlySet<ErrorType> = new Set(['Required', 'NotSupported', 'TooLong', 'TooMany', 'TypeInvalid']);
const SKIPPED_RULES = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

export function validateNetworkApply(object: KubeObject, existing: KubeObject | undefined): { message: string; path: Array<string | number> } | undefined {
  const schema = NETWORK_SCHEMAS[object.kind];
  if (!schema) return undefined;
  const errors = networkApplyErrors(schema, object, existing?.kind === object.kind ? existing : undefined);
  const first = errors[0];
  if (!first) return undefined;
  return { message: formatInvalid(object.kind, object.metadata.name, errors), path: first.path ?? [] };
}

function networkApplyErrors(schema: SchemaNode, object: KubeObject, existing: KubeObject | undefined): FieldError[] {
  const newBody: JsonMap = { spec: object.spec };
  const errors: FieldError[] = [];
  checkSchema(schema, newBody, [], errors);
  if (errors.some((error) => BLOCKING.has(error.type))) {
    errors.push({ path: null, type: 'Invalid', value: null, detail: SKIPPED_RULES });
    return errors;
  }
  checkRules(schema, newBody, existing ? { spec: existing.spec } : undefined, [], errors);
  return errors;
}

/** The OpenAPI schema pass (kube-openapi validate/schema.go): type, then string/number/list limits, enum, object. */
function checkSchema(node: SchemaNode, value: unknown, path: FieldPath, errors: FieldError[]): void {
  const actual = jsonType(value);
  const typeOk = actual === node.type || (node.type === 'object' && actual === 'map');
  if (!typeOk) {
    const shown = actual === 'map' ? 'object' : actual;
    errors.push({ path, type: 'TypeInvalid', value: shown, detail: `${formatPath(path)} in body must be of type ${node.type}: "${shown}"` });
  }
  if (typeOk && typeof value === 'string' && node.maxLength !== undefined && [...value].length > node.maxLength) {
    errors.push({ path, type: 'TooLong', detail: `may not be more than ${node.maxLength} bytes` });
  }
  if (typeOk && typeof value === 'number') checkRange(node, value, path, errors);
  if (typeOk && Array.isArray(value)) checkList(node, value, path, errors);
  if (node.enum && !node.enum.includes(value as string)) {
    errors.push({ path, type: 'NotSupported', value, detail: `supported values: ${node.enum.map((v) => JSON.stringify(v)).join(', ')}` });
  }
  if (typeOk && actual === 'map') checkObject(node, value as JsonMap, path, errors);
}

function checkRange(node: SchemaNode, value: number, path: FieldPath, errors: FieldError[]): void {
  const name = formatPath(path);
  if (node.maximum !== undefined && value > node.maximum) {
    errors.push({ path, type: 'Invalid', value, detail: `${name} in body should be less than or equal to ${node.maximum}` });
  }
  if (node.minimum !== undefined && value < node.minimum) {
    errors.push({ path, type: 'Invalid', value, detail: `${name} in body should be greater than or equal to ${node.minimum}` });
  }
}

function checkList(node: SchemaNode, items: unknown[], path: FieldPath, errors: FieldError[]): void {
  if (node.items) items.forEach((item, i) => checkSchema(node.items as SchemaNode, item, [...path, i], errors));
  if (node.minItems !== undefined && items.length < node.minItems) {
    errors.push({ path, type: 'Invalid', value: items.length, detail: `${formatPath(path)} in body should have at least ${node.minItems} items` });
  }
  if (node.maxItems !== undefined && items.length > node.maxItems) {
    errors.push({ path, type: 'TooMany', value: items.length, detail: `must have at most ${node.maxItems} item${node.maxItems === 1 ? '' : 's'}` });
  }
}

// The API server walks properties in Go map order, which is random; this model takes the CRD's order.
function checkObject(node: SchemaNode, map: JsonMap, path: FieldPath, errors: FieldError[]): void {
  if (node.minProperties !== undefined && Object.keys(map).length < node.minProperties) {
    // kube-openapi reports the minimum as the value (errors.TooFewProperties) and skips the children.
    errors.push({ path, type: 'Invalid', value: node.minProperties, detail: `${formatPath(path)} in body should have at least ${node.minProperties} properties` });
    return;
  }
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (map[key] !== undefined) checkSchema(child, map[key], [...path, key], errors);
  }
  if (node.additionalProperties) {
    for (const [key, value] of Object.entries(map)) {
      if (!node.properties?.[key]) checkSchema(node.additionalProperties, value, [...path, key], errors);
    }
  }
  for (const key of node.required ?? []) {
    if (map[key] === undefined) errors.push({ path: [...path, key], type: 'Required', detail: '' });
  }
}

/**
 * The CEL pass (apiextensions-apiserver schema/cel/validation.go): a node's rules, then its children's.
 * Old values follow object keys only: items of a plain list never meet their old selves, so no
 * transition rule runs inside one.
 */
function checkRules(node: SchemaNode, value: unknown, old: unknown, path: FieldPath, errors: FieldError[]): void {
  if (value === undefined || value === null) return;
  for (const rule of node.rules ?? []) {
    if (rule.transition && (old === undefined || old === null)) continue;
    if (!rule.holds(value, old)) errors.push({ path, type: 'Invalid', value: node.type, detail: rule.message });
  }
  const oldMap = jsonType(old) === 'map' ? (old as JsonMap) : undefined;
  if (jsonType(value) === 'map') {
    const map = value as JsonMap;
    for (const [key, child] of Object.entries(node.properties ?? {})) checkRules(child, map[key], oldMap?.[key], [...path, key], errors);
  } else if (Array.isArray(value) && node.items) {
    value.forEach((item, i) => checkRules(node.items as SchemaNode, item, undefined, [...path, i], errors));
  }
}

function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'map' : typeof value;
}

/** field.Path.String(): `spec.layer3.subnets[0].cidr`. */
function formatPath(path: FieldPath | null): string {
  if (path === null) return '<nil>';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** field.Error.ErrorBody() as apimachinery of Kubernetes 1.31/1.32 (OpenShift 4.18/4.19) renders it. */
function formatErrorBody(error: FieldError): string {
  const detail = error.detail ? `: ${error.detail}` : '';
  switch (error.type) {
    case 'Required':
      return `Required value${detail}`;
    case 'TooLong':
      return `Too long${detail}`;
    case 'TooMany':
      return `Too many: ${formatValue(error.value)}${detail}`;
    case 'NotSupported':
      return `Unsupported value: ${formatValue(error.value)}${detail}`;
    default:
      return `Invalid value: ${formatValue(error.value)}${detail}`;
  }
}

/** Go's `%v` for numbers and booleans, `%q` for strings; a nil value prints as the string "null". */
function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * kubectl's rendering of a 422 Invalid status (kubectl cmd/util/helpers.go checkErr + MultilineError):
 * one cause on the title line, several as a `* ` list under it (the title keeps its trailing space);
 * identical lines are printed once.
 */
function formatInvalid(kind: string, name: string, errors: readonly FieldError[]): string {
  const title = `The ${kind} "${name}" is invalid: `;
  const lines = [...new Set(errors.map((error) => `${formatPath(error.path)}: ${formatErrorBody(error)}`))];
  if (lines.length === 1) return `${title}${lines[0]}`;
  return [title, ...lines.map((line) => `* ${line}`)].join('\n');
}
