import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { HEADER, inMemoryFiles, loadOk } from './in-memory-files.js';

const workerLabels = (name: string): Record<string, string> => ({
  'kubernetes.io/hostname': name,
  'node-role.kubernetes.io/worker': '',
});

describe('loadScenario: defaults', () => {
  it("fills the cluster with OpenShift's defaults (W-1.1)", () => {
    expect(loadOk(HEADER).cluster).toEqual({
      nodes: ['worker-0', 'worker-1', 'worker-2'].map((name) => ({ name, labels: workerLabels(name) })),
      clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }],
      serviceNetwork: ['172.30.0.0/16'],
      clusterDomain: 'cluster.local',
      multus: true,
      udnAllowedDefaultServices: ['default/kubernetes', 'openshift-dns/dns-default'],
      machineNetwork: '10.0.0.0/16',
      masqueradeSubnet: '169.254.0.0/17',
      timing: { sandboxMs: 300, readyAfterStartMs: 1500, mirrorDelayMs: 100, istiodDebounceMs: 100, istiodDebounceMaxMs: 10_000, pushDelayMs: 50 },
    });
  });

  it('takes W-7 timing overrides as milliseconds or durations, keeping the other defaults', () => {
    const cluster = loadOk(`${HEADER}cluster:\n  timing:\n    mirrorDelayMs: 3s\n    pushDelayMs: 75\n`).cluster;
    expect(cluster.timing).toMatchObject({ mirrorDelayMs: 3000, pushDelayMs: 75, sandboxMs: 300 });
  });

  it('starts at seed 1 and 2025-12-22T15:26:00Z with nothing applied or probed', () => {
    const scenario = loadOk(HEADER);
    expect(scenario).toMatchObject({ file: 's.yaml', name: 'demo', description: '', seed: 1, startTime: '2025-12-22T15:26:00Z' });
    expect(scenario).toMatchObject({ istiod: {}, objects: [], probes: [], notes: [], sets: [] });
  });

  it('takes the description, seed, start time and istiod overrides as written', () => {
    const scenario = loadOk(
      `${HEADER}  description: The seed POC\nseed: 42\nstartTime: '2026-01-02T03:04:05+01:00'\n` +
        'istiod:\n  ambientAddressSource: ovn-pod-networks\n  endpointSliceServiceLabel: k8s.ovn.org/service-name\n',
    );
    expect(scenario).toMatchObject({ description: 'The seed POC', seed: 42, startTime: '2026-01-02T03:04:05+01:00' });
    expect(scenario.istiod).toEqual({ ambientAddressSource: 'ovn-pod-networks', endpointSliceServiceLabel: 'k8s.ovn.org/service-name' });
  });

  it("takes upstream OVN-K's networks when a scenario sets them", () => {
    const cluster = loadOk(
      `${HEADER}cluster:\n  clusterNetwork: [{cidr: 10.128.0.0/14, hostPrefix: 23}, {cidr: 'fd01::/48', hostPrefix: 64}]\n` +
        '  serviceNetwork: [172.16.1.0/24]\n  multus: false\n',
    ).cluster;
    expect(cluster.clusterNetwork).toEqual([
      { cidr: '10.128.0.0/14', hostPrefix: 23 },
      { cidr: 'fd01::/48', hostPrefix: 64 },
    ]);
    expect(cluster).toMatchObject({ serviceNetwork: ['172.16.1.0/24'], multus: false, clusterDomain: 'cluster.local' });
  });
});

describe('loadScenario: nodes', () => {
  it('names a count of nodes worker-0, worker-1, …', () => {
    const nodes = loadOk(`${HEADER}cluster:\n  nodes: 2\n`).cluster.nodes;
    expect(nodes).toEqual([
      { name: 'worker-0', labels: workerLabels('worker-0') },
      { name: 'worker-1', labels: workerLabels('worker-1') },
    ]);
  });

  it('adds the hostname and worker-role labels to a list of named nodes', () => {
    const nodes = loadOk(
      `${HEADER}cluster:\n  nodes:\n    - name: ip-10-0-1-7\n      labels: {topology.kubernetes.io/zone: us-east-1a}\n    - name: ip-10-0-2-9\n`,
    ).cluster.nodes;
    expect(nodes).toEqual([
      { name: 'ip-10-0-1-7', labels: { ...workerLabels('ip-10-0-1-7'), 'topology.kubernetes.io/zone': 'us-east-1a' } },
      { name: 'ip-10-0-2-9', labels: workerLabels('ip-10-0-2-9') },
    ]);
  });
});

const NAMESPACES = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sleep\n';
const SLEEP = [
  '---', //                                  1
  '', //                                     2
  '---', //                                  3
  'apiVersion: v1', //                       4
  'kind: ServiceAccount', //                 5
  'metadata:', //                            6
  '  name: sleep', //                        7
  '---', //                                  8
  'apiVersion: apps/v1', //                  9
  'kind: Deployment', //                    10
  'metadata:', //                           11
  '  name: sleep', //                       12
  'spec:', //                               13
  '  selector: {matchLabels: {app: sleep}}', // 14
  '  template:', //                         15
  '    metadata: {labels: {app: sleep}}', // 16
  '    spec:', //                           17
  '      containers: [{name: sleep, image: curl}]', // 18
  '---', //                                 19
  '~', //                                   20
].join('\n');

describe('loadScenario: apply', () => {
  const files = { 'manifests/ns.yaml': NAMESPACES, 'manifests/sleep.yaml': SLEEP };
  const scenarioText = `${HEADER}apply:\n  - file: manifests/ns.yaml\n  - file: manifests/sleep.yaml\n    namespace: sleep\n    at: 1m30s\n`;

  it('reads every non-empty document of a multi-document file, in order, with its step and time', () => {
    const objects = loadOk(scenarioText, files).objects;
    expect(objects.map(({ object, step, atMs }) => [object.kind, object.metadata.name, step, atMs])).toEqual([
      ['Namespace', 'sleep', 0, 0],
      ['ServiceAccount', 'sleep', 1, 90_000],
      ['Deployment', 'sleep', 1, 90_000],
    ]);
  });

  it('records where each document starts and locates fields inside it', () => {
    const [, account, deployment] = loadOk(scenarioText, files).objects;
    expect(account?.source).toEqual({ file: 'manifests/sleep.yaml', line: 4, col: 1 });
    expect(deployment?.source).toEqual({ file: 'manifests/sleep.yaml', line: 9, col: 1 });
    expect(deployment?.locate(['spec', 'template', 'spec', 'containers', 0])).toEqual({ file: 'manifests/sleep.yaml', line: 18, col: 20 });
  });

  it('resolves manifest paths against the directory of the scenario file', () => {
    const readFile = inMemoryFiles({ 'scenarios/demo/scenario.yaml': scenarioText, 'scenarios/demo/manifests/ns.yaml': NAMESPACES, 'scenarios/demo/manifests/sleep.yaml': SLEEP });
    const result = loadScenario('scenarios/demo/scenario.yaml', [], readFile);
    expect(result.ok && result.scenario.objects[2]?.source.file).toBe('scenarios/demo/manifests/sleep.yaml');
  });

  it.each([
    ['an entry namespace to objects without one', '    namespace: sleep\n', '', 'sleep'],
    ['an object its own namespace without an entry namespace', '', '  namespace: web\n', 'web'],
    ['an object the default namespace without either', '', '', 'default'],
    ['an object its own namespace when it matches the entry namespace', '    namespace: web\n', '  namespace: web\n', 'web'],
  ])('gives %s (W-1.3)', (_, entryNamespace, ownNamespace, expected) => {
    const object = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n${ownNamespace}`;
    const namespaces = '  - objects: [{apiVersion: v1, kind: Namespace, metadata: {name: sleep}}, {apiVersion: v1, kind: Namespace, metadata: {name: web}}]\n';
    const scenario = loadOk(`${HEADER}apply:\n${namespaces}  - file: sa.yaml\n${entryNamespace}`, { 'sa.yaml': object });
    expect(scenario.objects[2]?.object.metadata.namespace).toBe(expected);
  });

  it('never gives a cluster-scoped object a namespace', () => {
    const cudn = 'apiVersion: k8s.ovn.org/v1\nkind: ClusterUserDefinedNetwork\nmetadata: {name: net, namespace: x}\n' +
      'spec:\n  namespaceSelector: {}\n  network: {topology: Layer3, layer3: {role: Primary, subnets: [{cidr: 3.3.0.0/16, hostSubnet: 24}]}}\n';
    const scenario = loadOk(`${HEADER}apply:\n  - file: c.yaml\n    namespace: sleep\n  - file: ns.yaml\n`, { 'c.yaml': cudn, 'ns.yaml': NAMESPACES });
    expect(scenario.objects.map(({ object }) => object.metadata.namespace)).toEqual([undefined, undefined]);
  });

  it('applies inline objects and locates them in the scenario file', () => {
    const scenario = loadOk(`${HEADER}apply:\n  - objects:\n      - apiVersion: v1\n        kind: Namespace\n        metadata: {name: extra}\n`);
    const [applied] = scenario.objects;
    expect(applied?.object).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'extra' } });
    expect(applied?.source).toEqual({ file: 's.yaml', line: 7, col: 9 });
    expect(applied?.locate(['metadata', 'name'])).toEqual({ file: 's.yaml', line: 9, col: 20 });
  });

  it('keeps the later of two objects with the same kind, namespace and name, like oc apply', () => {
    const scenario = loadOk(
      `${HEADER}apply:\n  - objects:\n      - {apiVersion: v1, kind: Namespace, metadata: {name: a, labels: {v: '1'}}}\n` +
        "      - {apiVersion: v1, kind: Namespace, metadata: {name: a, labels: {v: '2'}}}\n",
    );
    expect(scenario.objects.map(({ object }) => object.metadata.labels)).toEqual([{ v: '2' }]);
  });

  it('applies the items of a List', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n  - {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n';
    const scenario = loadOk(`${HEADER}apply:\n  - file: list.yaml\n`, { 'list.yaml': list });
    expect(scenario.objects.map(({ object, source }) => [object.metadata.name, source.line])).toEqual([['a', 4], ['b', 5]]);
  });

  it('drops ignored and unknown kinds, keeping a note and a warning', () => {
    const scenario = loadOk(
      `${HEADER}apply:\n  - objects:\n      - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n` +
        '      - {apiVersion: route.openshift.io/v1, kind: Route, metadata: {name: r}}\n',
    );
    expect(scenario.objects).toEqual([]);
    expect(scenario.notes).toEqual([
      { file: 's.yaml', line: 7, col: 26, path: 'apply[0].objects[0].kind', severity: 'note', message: 'kind ConfigMap does not affect the network; accepted and ignored' },
      { file: 's.yaml', line: 8, col: 45, path: 'apply[0].objects[1].kind', severity: 'warning', message: 'unknown kind Route (apiVersion route.openshift.io/v1); ignored' },
    ]);
  });
});

describe('loadScenario: probes', () => {
  const objects = `apply:\n  - file: ns.yaml\n  - file: sleep.yaml\n    namespace: sleep\n`;
  const files = { 'ns.yaml': NAMESPACES, 'sleep.yaml': SLEEP };

  it.each([
    ['deploy/sleep', { kind: 'deploy', name: 'sleep' }],
    ['deployment/sleep', { kind: 'deploy', name: 'sleep' }],
    ['deployment.apps/sleep', { kind: 'deploy', name: 'sleep' }],
  ])('reads target %s', (target, expected) => {
    const probes = `probes:\n  - name: p\n    exec: {namespace: sleep, target: ${target}, command: curl -s x}\n`;
    expect(loadOk(`${HEADER}${objects}${probes}`, files).probes[0]?.target).toEqual(expected);
  });

  it('reads the command, the time and every expectation', () => {
    const probes =
      'probes:\n  - name: sleep-to-httpbin\n    exec:\n      namespace: sleep\n      target: deploy/sleep\n' +
      '      command: curl -s httpbin.httpbin.svc.cluster.local:8000/get\n    at: 60s\n    expect:\n      exitCode: 56\n' +
      `      logContains: 'error="io error: No route to host (os error 113)"'\n      dialedNetwork: default\n      verdict: unreachable\n`;
    const [probe] = loadOk(`${HEADER}${objects}${probes}`, files).probes;
    expect(probe).toMatchObject({
      name: 'sleep-to-httpbin',
      namespace: 'sleep',
      command: 'curl -s httpbin.httpbin.svc.cluster.local:8000/get',
      atMs: 60_000,
      expect: { exitCode: 56, logContains: 'error="io error: No route to host (os error 113)"', dialedNetwork: 'default', verdict: 'unreachable' },
    });
    expect(probe?.locate(['exec', 'target'])).toEqual({ file: 's.yaml', line: 13, col: 7 });
  });

  it('leaves the time undefined when the probe has none (once the cluster has settled)', () => {
    const probes = 'probes:\n  - name: p\n    exec: {namespace: sleep, target: deploy/sleep, command: id}\n';
    expect(loadOk(`${HEADER}${objects}${probes}`, files).probes[0]?.atMs).toBeUndefined();
  });
});
