// The Sail CRDs' structural schema for the fields the operator model reads (W-5.1): a wrong type is
// refused by the API server on `oc apply`, with kubectl's message, instead of reaching the operator.
import type { KubeObject } from '../kube/types.js';

type Expect = 'string' | 'object' | 'string-map';

const FIELDS: Record<string, Array<[path: string[], expect: Expect]>> = {
  Istio: [
    [['spec'], 'object'], [['spec', 'version'], 'string'], [['spec', 'namespace'], 'string'], [['spec', 'profile'], 'string'],
    [['spec', 'updateStrategy'], 'object'], [['spec', 'updateStrategy', 'type'], 'string'],
    [['spec', 'values'], 'object'], [['spec', 'values', 'pilot'], 'object'], [['spec', 'values', 'pilot', 'image'], 'string'],
    [['spec', 'values', 'pilot', 'env'], 'object'], [['spec', 'values', 'pilot', 'podAnnotations'], 'string-map'],
    [['spec', 'values', 'pilot', 'trustedZtunnelNamespace'], 'string'], [['spec', 'values', 'meshConfig'], 'object'],
  ],
  IstioCNI: [
    [['spec'], 'object'], [['spec', 'version'], 'string'], [['spec', 'namespace'], 'string'], [['spec', 'profile'], 'string'],
    [['spec', 'values'], 'object'], [['spec', 'values', 'cni'], 'object'], [['spec', 'values', 'cni', 'image'], 'string'],
    [['spec', 'values', 'cni', 'ambient'], 'object'],
  ],
  ZTunnel: [[['spec'], 'object'], [['spec', 'version'], 'string'], [['spec', 'namespace'], 'string'], [['spec', 'values'], 'object']],
};

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return value === null ? 'null' : typeof value;
}

function check(value: unknown, expect: Expect): string | undefined {
  const wanted = expect === 'string' ? 'string' : 'object';
  if (typeName(value) !== wanted) return wanted;
  if (expect === 'string-map' && Object.values(value as object).some((v) => typeof v !== 'string')) return 'string-map';
  return undefined;
}

export function validateSailApply(object: KubeObject): { message: string; path: string[] } | undefined {
  for (const [path, expect] of FIELDS[object.kind] ?? []) {
    let value: unknown = object;
    for (const key of path) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || (value === null && path.length > 1)) continue;
    const wrong = check(value, expect);
    if (!wrong) continue;
    const field = path.join('.');
    const detail = wrong === 'string-map' ? `${field} values in body must be of type string` : `${field} in body must be of type ${wrong}: "${typeName(value)}"`;
    return { message: `The ${object.kind} "${object.metadata.name}" is invalid: ${field}: Invalid value: "${typeName(value)}": ${detail}`, path };
  }
  return undefined;
}
