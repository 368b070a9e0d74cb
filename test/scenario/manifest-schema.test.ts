// Manifests are validated as the API server validates them on `oc apply` with kubectl's default strict
// field validation, before anything is created: unknown fields, wrong types, missing required fields,
// unserved versions and namespaces that do not exist are refused with kubectl's words, at the
// manifest's FILE:LINE:COL.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../sim/cli/main.js';
import schemas from '../../sim/scenario/schema/schemas.json' with { type: 'json' };
import { servedVersions } from '../../sim/scenario/schema/validate-manifest.js';
import { HEADER, inMemoryFiles, load, problemLines } from './in-memory-files.js';

const NAMESPACES = 'apply:\n  - objects: [{apiVersion: v1, kind: Namespace, metadata: {name: web}}]\n';
const IN_WEB = `${HEADER}${NAMESPACES}  - file: web.yaml\n    namespace: web\n`;
const CLUSTER_WIDE = `${HEADER}apply:\n  - file: web.yaml\n`;
const BAD_REQUEST = 'Error from server (BadRequest): error when creating "web.yaml"';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

const CUDN = (layer2: string): string => `apiVersion: k8s.ovn.org/v1
kind: ClusterUserDefinedNetwork
metadata: {name: blue}
spec:
  namespaceSelector: {matchLabels: {net: blue}}
  network:
    topology: Layer2
    layer2:
      role: Primary
      subnets: [10.100.0.0/16]
${layer2}`;

describe('unknown fields: strict decoding, as kubectl apply --validate=strict (the default) is answered', () => {
  it.each([
    [
      'a Namespace with lables:',
      CLUSTER_WIDE,
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n  lables: {team: a}\n',
      `web.yaml:5:3: metadata.lables: ${BAD_REQUEST}: Namespace in version "v1" cannot be handled as a Namespace: strict decoding error: unknown field "metadata.lables"`,
    ],
    [
      'a Deployment with replica: 3',
      IN_WEB,
      DEPLOYMENT,
      `web.yaml:6:3: spec.replica: ${BAD_REQUEST}: Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`,
    ],
    [
      "a CUDN's layer2 with mtuu: 1400",
      CLUSTER_WIDE,
      CUDN('      mtuu: 1400\n'),
      `web.yaml:11:7: spec.network.layer2.mtuu: ${BAD_REQUEST}: ClusterUserDefinedNetwork in version "v1" cannot be handled as a ClusterUserDefinedNetwork: strict decoding error: unknown field "spec.network.layer2.mtuu"`,
    ],
    [
      "a container's imagee, with its list index",
      IN_WEB,
      DEPLOYMENT.replace('  replica: 3\n', '').replace('image: nginx', 'imagee: nginx'),
      `web.yaml:10:32: spec.template.spec.containers[0].imagee: ${BAD_REQUEST}: Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"`,
    ],
    [
      "an Istio CR's pilot.imagee (Sail's CRD schema)",
      CLUSTER_WIDE,
      'apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata: {name: default}\nspec:\n  version: v1.28.1\n  values:\n    pilot:\n      imagee: quay.io/x/pilot:1\n',
      `web.yaml:8:7: spec.values.pilot.imagee: ${BAD_REQUEST}: Istio in version "v1" cannot be handled as a Istio: strict decoding error: unknown field "spec.values.pilot.imagee"`,
    ],
  ])('refuses %s at the field, in the API server words', (_, scenario, manifest, line) => {
    expect(problemLines(scenario, { 'web.yaml': manifest })).toEqual([line]);
  });

  it('names every unknown field of one object in one message, joined by ", ", at the first', () => {
    const manifest = DEPLOYMENT.replace('  selector:', '  selectr:').replace('      containers:', '      hostNetwrk: true\n      containers:');
    expect(problemLines(IN_WEB, { 'web.yaml': manifest })).toEqual([
      `web.yaml:6:3: spec.replica: ${BAD_REQUEST}: Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ` +
        'unknown field "spec.replica", unknown field "spec.selectr", unknown field "spec.template.spec.hostNetwrk"',
    ]);
  });

  it('takes free-form maps as they are: labels, annotations, nodeSelector, the NAD config, istiod env', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {anything: goes}\n  annotations: {x/y: z}\nspec:\n  nodeSelector: {zone: a}\n  containers: [{name: c}]\n';
    const istio = 'apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata: {name: default}\nspec:\n  values:\n    pilot:\n      env: {PILOT_ENABLE_OVNK_UDN: "true"}\n';
    expect(problemLines(IN_WEB, { 'web.yaml': `${pod}---\n${istio}` })).toEqual([]);
  });
});

describe('values the API server cannot decode or refuses as invalid', () => {
  it.each([
    [
      'replicas: three (Go cannot decode a string into an int32)',
      DEPLOYMENT.replace('replica: 3', 'replicas: three'),
      `web.yaml:6:3: spec.replicas: ${BAD_REQUEST}: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`,
    ],
    [
      'replicas past int32',
      DEPLOYMENT.replace('replica: 3', 'replicas: 4294967296'),
      `web.yaml:6:3: spec.replicas: ${BAD_REQUEST}: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 4294967296 into Go struct field DeploymentSpec.spec.replicas of type int32`,
    ],
    [
      'a containers map where a list belongs',
      DEPLOYMENT.replace('  replica: 3\n', '').replace('containers: [{name: web, image: nginx}]', 'containers: {name: web}'),
      `web.yaml:10:7: spec.template.spec.containers: ${BAD_REQUEST}: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container`,
    ],
    [
      'a label value that is a number (the map key is not part of Go\'s field name)',
      DEPLOYMENT.replace('  replica: 3\n', '').replace('labels: {app: web}}', 'labels: {app: web, version: 2}}'),
      `web.yaml:8:35: spec.template.metadata.labels.version: ${BAD_REQUEST}: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string`,
    ],
  ])('refuses %s', (_, manifest, line) => {
    expect(problemLines(IN_WEB, { 'web.yaml': manifest })).toEqual([line]);
  });

  it("refuses a custom resource's wrong types, missing required fields and unsupported values, each at its field", () => {
    const manifest = CUDN('      mtu: big\n').replace('      role: Primary\n', '').replace('topology: Layer2', 'topology: Layer2\n    ').replace('layer2:\n', 'layer2:\n');
    expect(problemLines(CLUSTER_WIDE, { 'web.yaml': manifest.replace('namespaceSelector: {matchLabels: {net: blue}}', 'namespaceSelector: {matchLabels: {net: 7}}') })).toEqual([
      'web.yaml:5:37: spec.namespaceSelector.matchLabels.net: The ClusterUserDefinedNetwork "blue" is invalid: spec.namespaceSelector.matchLabels.net: Invalid value: "integer": spec.namespaceSelector.matchLabels.net in body must be of type string: "integer"',
      'web.yaml:9:5: spec.network.layer2.role: The ClusterUserDefinedNetwork "blue" is invalid: spec.network.layer2.role: Required value',
      'web.yaml:11:7: spec.network.layer2.mtu: The ClusterUserDefinedNetwork "blue" is invalid: spec.network.layer2.mtu: Invalid value: "string": spec.network.layer2.mtu in body must be of type integer: "string"',
    ]);
    expect(problemLines(CLUSTER_WIDE, { 'web.yaml': CUDN('').replace('role: Primary', 'role: Primray') })).toEqual([
      'web.yaml:9:7: spec.network.layer2.role: The ClusterUserDefinedNetwork "blue" is invalid: spec.network.layer2.role: Unsupported value: "Primray": supported values: "Primary", "Secondary"',
    ]);
  });

  it('refuses a version the API server does not serve for the kind', () => {
    const manifest = DEPLOYMENT.replace('apps/v1', 'apps/v1beta1').replace('  replica: 3\n', '');
    expect(problemLines(IN_WEB, { 'web.yaml': manifest })).toEqual([
      'web.yaml:1:1: apiVersion: resource mapping not found for name: "web" namespace: "web" from "web.yaml": no matches for kind "Deployment" in version "apps/v1beta1" (served: apps/v1)',
    ]);
    expect(servedVersions('ZTunnel')).toEqual(['sailoperator.io/v1', 'sailoperator.io/v1alpha1']);
  });

  it('reports a manifest applied to several namespaces once, not once per namespace', () => {
    const scenario = `${HEADER}apply:\n  - objects: [{apiVersion: v1, kind: Namespace, metadata: {name: a}}, {apiVersion: v1, kind: Namespace, metadata: {name: b}}]\n  - file: web.yaml\n    namespaces: [a, b]\n`;
    expect(problemLines(scenario, { 'web.yaml': DEPLOYMENT })).toHaveLength(1);
  });
});

describe('namespaces "X" not found', () => {
  const SLEEP = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sleep}\n';
  const NOT_FOUND = 'Error from server (NotFound): error when creating "sleep.yaml": namespaces "ghost" not found';

  it('refuses a file applied with -n into a namespace nothing creates, once, at the entry', () => {
    const scenario = `${HEADER}apply:\n  - file: sleep.yaml\n    namespace: ghost\n`;
    expect(problemLines(scenario, { 'sleep.yaml': `${SLEEP}---\n${SLEEP.replace('name: sleep', 'name: other')}` })).toEqual([`s.yaml:7:5: apply[0].namespace: ${NOT_FOUND}`]);
  });

  it("refuses an object naming a namespace of its own that nothing creates, at the object's namespace", () => {
    const scenario = `${HEADER}apply:\n  - file: sleep.yaml\n`;
    expect(problemLines(scenario, { 'sleep.yaml': SLEEP.replace('{name: sleep}', '{name: sleep, namespace: ghost}') })).toEqual([`sleep.yaml:3:25: metadata.namespace: ${NOT_FOUND}`]);
  });

  it.each([
    ['in an earlier entry', `  - objects: [{apiVersion: v1, kind: Namespace, metadata: {name: ghost}}]\n  - file: sleep.yaml\n    namespace: ghost\n`, []],
    ['earlier in the same file', '  - file: both.yaml\n', []],
    ['later in the same file', '  - file: reversed.yaml\n', ['reversed.yaml:7:25: metadata.namespace: ' + NOT_FOUND.replace('sleep.yaml', 'reversed.yaml')]],
    ['only at a later time', `  - file: sleep.yaml\n    namespace: ghost\n  - at: 10s\n    objects: [{apiVersion: v1, kind: Namespace, metadata: {name: ghost}}]\n`, [`s.yaml:7:5: apply[0].namespace: ${NOT_FOUND}`]],
    ['by nothing, but the namespace is one every cluster has', '  - file: sleep.yaml\n    namespace: kube-system\n', []],
  ])('accepts or refuses a namespace created %s', (_, entries, lines) => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ghost}\n';
    const own = SLEEP.replace('{name: sleep}', '{name: sleep, namespace: ghost}');
    const files = { 'sleep.yaml': SLEEP, 'both.yaml': `${namespace}---\n${own}`, 'reversed.yaml': `${namespace.replace('ghost', 'unused')}---\n${own}---\n${namespace}` };
    expect(problemLines(`${HEADER}apply:\n${entries}`, files)).toEqual(lines);
  });
});

describe('the schemas and the CLI', () => {
  it('come from the published documents named in the README, for every modelled kind', () => {
    expect(schemas.sources[0]).toMatch(/^Kubernetes 1\.32 OpenAPI/);
    expect(schemas.sources.some((source) => source.startsWith('Sail operator 1.28.1'))).toBe(true);
    expect(Object.keys(schemas.kinds)).toEqual(expect.arrayContaining(['v1/Pod', 'apps/v1/Deployment', 'k8s.ovn.org/v1/ClusterUserDefinedNetwork', 'sailoperator.io/v1/Istio']));
    const readme = readFileSync('README.md', 'utf8');
    for (const source of schemas.sources) expect(readme).toContain(source);
  });

  it('makes `sim run` exit 2 with the refusal on stderr and nothing on stdout: the object is never created', async () => {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readFile: inMemoryFiles({ 's.yaml': IN_WEB, 'web.yaml': DEPLOYMENT }) };
    expect(await main(['run', 's.yaml'], io)).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('strict decoding error: unknown field "spec.replica"');
  });

  it('loads every kind the shipped scenarios apply without a refusal (they are what users apply)', () => {
    expect(load(IN_WEB, { 'web.yaml': DEPLOYMENT.replace('  replica: 3\n', '') }).ok).toBe(true);
  });
});
