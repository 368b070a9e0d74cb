// Builds sim/scenario/schema/*.json, the schemas the scenario loader validates manifests against,
// from the published documents (a maintainer's tool: not run by the build or the tests):
//   node tools/build-schemas.mjs 'LABEL=KUBERNETES_SWAGGER_JSON' 'LABEL=CRD_YAML'...
// KUBERNETES_SWAGGER_JSON is Kubernetes' OpenAPI v2 document (api/openapi-spec/swagger.json of a
// release branch); each CRD_YAML a CustomResourceDefinition as its project publishes it; each LABEL
// says where the file came from (project, version), kept in the output's `sources`. Only what
// validation needs is kept: types, formats, properties, required, items, maps, enums and the
// x-kubernetes markers; descriptions, defaults and examples are dropped.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const inputs = process.argv.slice(2).map((arg) => ({ label: arg.slice(0, arg.indexOf('=')), path: arg.slice(arg.indexOf('=') + 1) }));
if (inputs.length < 2 || inputs.some((input) => !input.label)) {
  console.error('usage: node tools/build-schemas.mjs LABEL=SWAGGER_JSON LABEL=CRD_YAML...');
  process.exit(2);
}
const [swaggerInput, ...crdInputs] = inputs;
const swaggerPath = swaggerInput.path;
const crdPaths = crdInputs.map((input) => input.path);

/** The built-in kinds the simulator models, as apiVersion/kind → OpenAPI definition. */
const BUILTIN_ROOTS = {
  'v1/Namespace': 'io.k8s.api.core.v1.Namespace',
  'v1/Node': 'io.k8s.api.core.v1.Node',
  'v1/Pod': 'io.k8s.api.core.v1.Pod',
  'v1/Service': 'io.k8s.api.core.v1.Service',
  'v1/ServiceAccount': 'io.k8s.api.core.v1.ServiceAccount',
  'apps/v1/Deployment': 'io.k8s.api.apps.v1.Deployment',
  'apps/v1/ReplicaSet': 'io.k8s.api.apps.v1.ReplicaSet',
  'apps/v1/StatefulSet': 'io.k8s.api.apps.v1.StatefulSet',
  'apps/v1/DaemonSet': 'io.k8s.api.apps.v1.DaemonSet',
  'discovery.k8s.io/v1/EndpointSlice': 'io.k8s.api.discovery.v1.EndpointSlice',
};
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** Types whose JSON form is a number or a string (their Go types decode both). */
const INT_OR_STRING = new Set(['io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'io.k8s.apimachinery.pkg.api.resource.Quantity']);
const KEPT = ['type', 'format', 'required', 'enum', 'nullable', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource'];

function trim(schema) {
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    return INT_OR_STRING.has(name) ? { 'x-kubernetes-int-or-string': true } : { $ref: name };
  }
  if (schema.allOf?.length === 1 && schema.allOf[0].$ref) return trim(schema.allOf[0]);
  for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
  if (schema.properties) out.properties = Object.fromEntries(Object.keys(schema.properties).sort().map((k) => [k, trim(schema.properties[k])]));
  if (schema.items) out.items = trim(schema.items);
  if (schema.additionalProperties !== undefined) out.additionalProperties = typeof schema.additionalProperties === 'object' ? trim(schema.additionalProperties) : schema.additionalProperties;
  // The API server fills in a field's default before it checks required fields (CRD defaulting).
  if (out.required) out.required = out.required.filter((key) => schema.properties?.[key]?.default === undefined).sort();
  if (out.required?.length === 0) delete out.required;
  return out;
}

const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8'));
const definitions = {};
function collect(name) {
  if (definitions[name] || INT_OR_STRING.has(name)) return;
  const source = swagger.definitions[name];
  if (!source) throw new Error(`no definition ${name}`);
  definitions[name] = trim(source);
  JSON.stringify(source, (key, value) => {
    if (key === '$ref') collect(value.replace('#/definitions/', ''));
    return value;
  });
}
for (const name of Object.values(BUILTIN_ROOTS)) collect(name);
collect(OBJECT_META);

const kinds = Object.fromEntries(Object.entries(BUILTIN_ROOTS).map(([gvk, name]) => [gvk, { source: 'builtin', $ref: name }]));
for (const path of crdPaths) {
  for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const root = trim(version.schema.openAPIV3Schema);
      // The API server checks a custom resource's metadata as ObjectMeta, whatever the CRD says.
      root.properties = { ...root.properties, metadata: { $ref: OBJECT_META } };
      kinds[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = { source: 'crd', scope: crd.spec.scope, ...root };
    }
  }
}
writeFileSync('sim/scenario/schema/schemas.json', `${JSON.stringify({ sources: inputs.map((input) => input.label), kinds: sortKeys(kinds), definitions: sortKeys(definitions) })}\n`);
console.log(`wrote sim/scenario/schema/schemas.json: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions`);

function sortKeys(map) {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
}
