import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { formatProblem } from '../../sim/scenario/format-problem.js';
import { HEADER, inMemoryFiles, load, problemLines } from './in-memory-files.js';

const DNS_LABEL_RULE = 'is not a DNS label (lowercase letters, digits and "-", at most 63 characters)';
const DURATION_HINT = 'expected a duration like 500ms, 30s, 2m or 1m30s (or a number of milliseconds)';

describe('scenario problems: header, cluster and istiod', () => {
  it.each([
    ['a wrong apiVersion', 'apiVersion: udnsim/v1\nkind: Scenario\nmetadata: {name: a}\n', 's.yaml:1:1: apiVersion: expected apiVersion udnsim/v1alpha1, got "udnsim/v1"'],
    ['a wrong kind', 'apiVersion: udnsim/v1alpha1\nkind: Scenaro\nmetadata: {name: a}\n', 's.yaml:2:1: kind: expected kind Scenario, got "Scenaro"'],
    ['a missing name', 'apiVersion: udnsim/v1alpha1\nkind: Scenario\nmetadata:\n  description: x\n', 's.yaml:3:1: metadata.name: metadata.name is required'],
    ['a name that is no DNS label', 'apiVersion: udnsim/v1alpha1\nkind: Scenario\nmetadata:\n  name: Demo_1\n', `s.yaml:4:3: metadata.name: "Demo_1" ${DNS_LABEL_RULE}`],
    ['a scenario that is not a map', '- a\n', 's.yaml:1:1: expected a map'],
    ['an unknown top-level field', `${HEADER}sed: 1\n`, 's.yaml:5:1: sed: unknown field "sed"'],
    ['an unknown metadata field', `${HEADER}  labels: {}\n`, 's.yaml:5:3: metadata.labels: unknown field "labels"'],
    ['a description that is no string', `${HEADER}  description: [a]\n`, 's.yaml:5:3: metadata.description: expected a string'],
    ['a seed that is no integer', `${HEADER}seed: 1.5\n`, 's.yaml:5:1: seed: expected an integer'],
    ['a negative seed', `${HEADER}seed: -1\n`, 's.yaml:5:1: seed: expected a non-negative integer'],
    ['a start time that is no RFC 3339 time', `${HEADER}startTime: yesterday\n`, 's.yaml:5:1: startTime: expected an RFC 3339 time like 2025-12-22T15:26:00Z, got "yesterday"'],
    ['a cluster that is not a map', `${HEADER}cluster: 3\n`, 's.yaml:5:1: cluster: expected a map'],
    ['an unknown cluster field', `${HEADER}cluster:\n  node: 3\n`, 's.yaml:6:3: cluster.node: unknown field "node"'],
    ['no nodes', `${HEADER}cluster:\n  nodes: 0\n`, 's.yaml:6:3: cluster.nodes: must be greater than or equal to 1'],
    ['nodes that are neither a count nor a list', `${HEADER}cluster:\n  nodes: three\n`, 's.yaml:6:3: cluster.nodes: expected a node count or a list of {name, labels, role}'],
    ['a node without a name', `${HEADER}cluster:\n  nodes:\n    - labels: {a: b}\n`, 's.yaml:7:7: cluster.nodes[0].name: cluster.nodes[0].name is required'],
    ['two nodes with one name', `${HEADER}cluster:\n  nodes: [{name: a}, {name: a}]\n`, 's.yaml:6:23: cluster.nodes[1].name: duplicate node name "a"'],
    ['a node label that is no string', `${HEADER}cluster:\n  nodes: [{name: a, labels: {gpu: true}}]\n`, 's.yaml:6:30: cluster.nodes[0].labels.gpu: expected a string'],
    ['a CIDR with host bits set', `${HEADER}cluster:\n  serviceNetwork: [172.30.0.1/16]\n`, 's.yaml:6:20: cluster.serviceNetwork[0]: "172.30.0.1/16" is not a valid CIDR'],
    ['an IPv6 CIDR with host bits set', `${HEADER}cluster:\n  serviceNetwork: ['fd02::1/112']\n`, 's.yaml:6:20: cluster.serviceNetwork[0]: "fd02::1/112" is not a valid CIDR'],
    ['a CIDR that is no CIDR', `${HEADER}cluster:\n  machineNetwork: ten\n`, 's.yaml:6:3: cluster.machineNetwork: "ten" is not a CIDR: Cidr notation should be in the form [ip number]/[range]'],
    ['a hostPrefix no longer than its CIDR', `${HEADER}cluster:\n  clusterNetwork: [{cidr: 10.128.0.0/14, hostPrefix: 14}]\n`, 's.yaml:6:42: cluster.clusterNetwork[0].hostPrefix: hostPrefix must be longer than the prefix of 10.128.0.0/14 and at most 32'],
    ['an IPv4 hostPrefix beyond 32', `${HEADER}cluster:\n  clusterNetwork: [{cidr: 10.128.0.0/14, hostPrefix: 33}]\n`, 's.yaml:6:42: cluster.clusterNetwork[0].hostPrefix: hostPrefix must be longer than the prefix of 10.128.0.0/14 and at most 32'],
    ['a cluster network without hostPrefix', `${HEADER}cluster:\n  clusterNetwork: [{cidr: 10.128.0.0/14}]\n`, 's.yaml:6:20: cluster.clusterNetwork[0].hostPrefix: cluster.clusterNetwork[0].hostPrefix is required'],
    ['multus that is no boolean', `${HEADER}cluster:\n  multus: yes\n`, 's.yaml:6:3: cluster.multus: expected a boolean'],
    ['an allowed service that is no NAMESPACE/NAME', `${HEADER}cluster:\n  udnAllowedDefaultServices: [kubernetes]\n`, 's.yaml:6:31: cluster.udnAllowedDefaultServices[0]: expected NAMESPACE/NAME, got "kubernetes"'],
    ['a cluster domain that is no DNS name', `${HEADER}cluster:\n  clusterDomain: Cluster_Local\n`, 's.yaml:6:3: cluster.clusterDomain: "Cluster_Local" is not a DNS name'],
    ['an unknown ambient address source', `${HEADER}istiod:\n  ambientAddressSource: pod-ips\n`, 's.yaml:6:3: istiod.ambientAddressSource: unsupported value "pod-ips": supported values: "status-pod-ips", "ovn-pod-networks", "network-status", "mirrored-slice-first", "mirrored-slice-strict"'],
    ['an unknown EndpointSlice service label', `${HEADER}istiod:\n  endpointSliceServiceLabel: app\n`, 's.yaml:6:3: istiod.endpointSliceServiceLabel: unsupported value "app": supported values: "kubernetes.io/service-name", "k8s.ovn.org/service-name"'],
    ['an unknown istiod field', `${HEADER}istiod:\n  pilotVersion: 1\n`, 's.yaml:6:3: istiod.pilotVersion: unknown field "pilotVersion"'],
  ])('reports %s', (_, text, line) => {
    expect(problemLines(text)).toEqual([line]);
  });
});

describe('scenario problems: apply entries and inline objects', () => {
  it.each([
    ['apply that is not a list', 'apply: {file: a}\n', 's.yaml:5:1: apply: expected a list'],
    ['an entry with both file and objects', 'apply:\n  - file: a.yaml\n    objects: []\n', 's.yaml:6:5: apply[0]: give either file or objects, not both'],
    ['an entry with neither file nor objects', 'apply:\n  - namespace: x\n', 's.yaml:6:5: apply[0]: file or objects is required'],
    ['an unknown entry field', 'apply:\n  - objects: []\n    labels: x\n', 's.yaml:7:5: apply[0].labels: unknown field "labels"'],
    ['an entry time that is no duration', 'apply:\n  - objects: []\n    at: soon\n', `s.yaml:7:5: apply[0].at: ${DURATION_HINT}`],
    ['an inline object that is not a map', 'apply:\n  - objects: [hello]\n', 's.yaml:6:15: apply[0].objects[0]: expected a map'],
    ['an inline object without apiVersion', 'apply:\n  - objects: [{kind: Namespace, metadata: {name: a}}]\n', 's.yaml:6:15: apply[0].objects[0].apiVersion: apiVersion is required'],
    ['an inline object with only generateName', 'apply:\n  - objects: [{apiVersion: v1, kind: Pod, metadata: {generateName: p-}}]\n', 's.yaml:6:43: apply[0].objects[0].metadata.name: metadata.name is required'],
  ])('reports %s', (_, text, line) => {
    expect(problemLines(`${HEADER}${text}`)).toEqual([line]);
  });
});

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector: {}\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n';
const CUDN = 'apiVersion: k8s.ovn.org/v1\nkind: ClusterUserDefinedNetwork\nmetadata:\n  name: net\nspec:\n';
const UDN = 'apiVersion: k8s.ovn.org/v1\nkind: UserDefinedNetwork\nmetadata:\n  name: net\nspec:\n';
const TEMPLATE = '  template:\n    spec:\n      containers:\n';
const SLEEP_NAMESPACE = 'apply:\n  - objects: [{apiVersion: v1, kind: Namespace, metadata: {name: sleep}}]\n';

describe('manifest problems, at their position in the manifest file', () => {
  it.each([
    ['a namespace that differs from the entry namespace', `${POD}  namespace: other\nspec: {containers: [{name: c}]}\n`,
      `m.yaml:5:3: metadata.namespace: the namespace from the provided object "other" does not match the namespace "sleep". You must pass '--namespace=other' to perform this operation.`],
    ['a label that is no string', `${POD}  labels:\n    version: 2\nspec: {containers: [{name: c}]}\n`, 'm.yaml:6:5: metadata.labels.version: Error from server (BadRequest): error when creating "m.yaml": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['an annotation that is no string', `${POD}  annotations: {sidecar.istio.io/inject: false}\nspec: {containers: [{name: c}]}\n`, 'm.yaml:5:17: metadata.annotations.sidecar.istio.io/inject: Error from server (BadRequest): error when creating "m.yaml": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.annotations of type string'],
    ['a pod without spec', POD, 'm.yaml:1:1: spec: spec is required'],
    ['a pod without containers', `${POD}spec:\n  containers: []\n`, 'm.yaml:6:3: spec.containers: expected at least one container'],
    ['a container without a name', `${POD}spec:\n  containers:\n    - image: curl\n`, 'm.yaml:7:7: spec.containers[0].name: The Pod "p" is invalid: spec.containers[0].name: Required value'],
    ['a containerPort out of range', `${POD}spec:\n  containers:\n    - name: c\n      ports: [{containerPort: 0}]\n`, 'm.yaml:8:16: spec.containers[0].ports[0].containerPort: must be between 1 and 65535, inclusive'],
    ['negative replicas', `${DEPLOYMENT}  replicas: -1\n${TEMPLATE}        - name: c\n`, 'm.yaml:7:3: spec.replicas: must be greater than or equal to 0'],
    ['replicas that are no integer', `${DEPLOYMENT}  replicas: two\n${TEMPLATE}        - name: c\n`, 'm.yaml:7:3: spec.replicas: Error from server (BadRequest): error when creating "m.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['a deployment without selector', `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n${TEMPLATE}        - name: c\n`, 'm.yaml:4:1: spec.selector: The Deployment "d" is invalid: spec.selector: Required value'],
    ['a template container without a name', `${DEPLOYMENT}${TEMPLATE}        - {image: x}\n`, 'm.yaml:10:11: spec.template.spec.containers[0].name: The Deployment "d" is invalid: spec.template.spec.containers[0].name: Required value'],
    ['a service port out of range', `${SERVICE}  ports:\n    - port: 70000\n`, 'm.yaml:7:7: spec.ports[0].port: must be between 1 and 65535, inclusive'],
    ['a service port without port', `${SERVICE}  ports:\n    - name: http\n`, 'm.yaml:7:7: spec.ports[0].port: The Service "s" is invalid: spec.ports[0].port: Required value'],
    ['a targetPort out of range', `${SERVICE}  ports:\n    - port: 80\n      targetPort: 0\n`, 'm.yaml:8:7: spec.ports[0].targetPort: must be between 1 and 65535, inclusive'],
    ['a targetPort that is neither integer nor string', `${SERVICE}  ports:\n    - port: 80\n      targetPort: true\n`, 'm.yaml:8:7: spec.ports[0].targetPort: Error from server (BadRequest): error when creating "m.yaml": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type intstr.IntOrString'],
    ['a selector value that is no string', `${SERVICE}  selector: {app: 1}\n  ports: [{port: 80}]\n`, 'm.yaml:6:14: spec.selector.app: Error from server (BadRequest): error when creating "m.yaml": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number into Go struct field ServiceSpec.spec.selector of type string'],
    ['a CUDN without namespaceSelector', `${CUDN}  network: {topology: Layer3}\n`, 'm.yaml:5:1: spec.namespaceSelector: The ClusterUserDefinedNetwork "net" is invalid: spec.namespaceSelector: Required value'],
    ['a CUDN without topology', `${CUDN}  namespaceSelector: {}\n  network: {}\n`, 'm.yaml:7:3: spec.network.topology: The ClusterUserDefinedNetwork "net" is invalid: spec.network.topology: Required value'],
    ['a CUDN with an unknown topology', `${CUDN}  namespaceSelector: {}\n  network: {topology: Layer4}\n`, 'm.yaml:7:13: spec.network.topology: The ClusterUserDefinedNetwork "net" is invalid: spec.network.topology: Unsupported value: "Layer4": supported values: "Layer2", "Layer3", "Localnet"'],
    ['a UDN without topology', `${UDN}  layer3: {role: Primary, subnets: [{cidr: 10.1.0.0/16}]}\n`, 'm.yaml:5:1: spec.topology: The UserDefinedNetwork "net" is invalid: spec.topology: Required value'],
  ])('reports %s', (_, manifest, line) => {
    expect(problemLines(`${HEADER}${SLEEP_NAMESPACE}  - file: m.yaml\n    namespace: sleep\n`, { 'm.yaml': manifest })).toEqual([line]);
  });

  // A network's CIDRs are the API server's to judge when the step applies them (models/ovnk/udn-validation.ts,
  // W-2.1: it refuses 3.3.0.0/33 with `CIDR is invalid`, and takes 10.100.0.1/16 as CEL's isCIDR does).
  it.each([
    ['a CUDN with an invalid layer3 CIDR', `${CUDN}  namespaceSelector: {}\n  network:\n    topology: Layer3\n    layer3:\n      role: Primary\n      subnets:\n        - cidr: 3.3.0.0/33\n`],
    ['a UDN with a layer2 CIDR whose host bits are set', `${UDN}  topology: Layer2\n  layer2:\n    role: Primary\n    subnets: [10.100.0.1/16]\n`],
  ])('loads %s, leaving it to the API server at apply time', (_, manifest) => {
    const result = load(`${HEADER}${SLEEP_NAMESPACE}  - file: m.yaml\n    namespace: sleep\n`, { 'm.yaml': manifest });
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });
});

const NAMESPACE_SLEEP = '{apiVersion: v1, kind: Namespace, metadata: {name: sleep}}';

describe('scenario problems: probes', () => {
  const apply = `apply:\n  - objects:\n      - ${NAMESPACE_SLEEP}\n`;
  it.each([
    ['probes that are not a list', 'probes: {}\n', 's.yaml:9:1: probes: expected a list'],
    ['a probe without name', 'probes:\n  - exec: {namespace: sleep, target: pod/p, command: id}\n', 's.yaml:10:5: probes[0].name: name is required'],
    ['a probe without exec', 'probes:\n  - name: p\n', 's.yaml:10:5: probes[0].exec: exec is required'],
    ['a probe without command', 'probes:\n  - name: p\n    exec: {namespace: sleep, target: pod/p}\n', 's.yaml:11:5: probes[0].exec.command: exec.command is required'],
    ['an empty command', "probes:\n  - name: p\n    exec: {namespace: sleep, target: pod/p, command: ' '}\n", 's.yaml:11:45: probes[0].exec.command: expected a non-empty command'],
    ['a probe without namespace', 'probes:\n  - name: p\n    exec: {target: pod/p, command: id}\n', 's.yaml:11:5: probes[0].exec.namespace: exec.namespace is required'],
    ['a target of another form', 'probes:\n  - name: p\n    exec: {namespace: sleep, target: svc/p, command: id}\n', 's.yaml:11:30: probes[0].exec.target: expected deploy/NAME or pod/NAME, got "svc/p"'],
    ['an unknown probe field', 'probes:\n  - name: p\n    exec: {namespace: sleep, target: pod/p, command: id}\n    when: now\n', 's.yaml:12:5: probes[0].when: unknown field "when"'],
    ['an unknown exec field', 'probes:\n  - name: p\n    exec: {namespace: sleep, target: pod/p, command: id, tty: true}\n', 's.yaml:11:58: probes[0].exec.tty: unknown field "tty"'],
    ['a probe time that is no duration', 'probes:\n  - name: p\n    exec: {namespace: sleep, target: pod/p, command: id}\n    at: later\n', `s.yaml:12:5: probes[0].at: ${DURATION_HINT}`],
    ['an unknown expectation', 'probes:\n  - name: p\n    exec: {namespace: sleep, target: pod/p, command: id}\n    expect: {exit: 0}\n', 's.yaml:12:14: probes[0].expect.exit: unknown field "exit"'],
    ['an exit code that is no integer', 'probes:\n  - name: p\n    exec: {namespace: sleep, target: pod/p, command: id}\n    expect: {exitCode: "56"}\n', 's.yaml:12:14: probes[0].expect.exitCode: expected an integer'],
    ['an unknown verdict', 'probes:\n  - name: p\n    exec: {namespace: sleep, target: pod/p, command: id}\n    expect: {verdict: dropped}\n', 's.yaml:12:14: probes[0].expect.verdict: unsupported value "dropped": supported values: "delivered", "unreachable", "refused", "timeout", "dns-failure", "no-endpoint", "denied"'],
  ])('reports %s', (_, text, line) => {
    const withPod = `${apply}      - {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: sleep}, spec: {containers: [{name: c}]}}\n`;
    expect(problemLines(`${HEADER}${withPod}${text}`)).toEqual([line]);
  });

  it('reports two probes with one name', () => {
    const probe = '  - name: p\n    exec: {namespace: default, target: pod/x, command: id}\n';
    const lines = problemLines(`${HEADER}apply:\n  - objects: [{apiVersion: v1, kind: Pod, metadata: {name: x}, spec: {containers: [{name: c}]}}]\nprobes:\n${probe}${probe}`);
    expect(lines).toEqual(['s.yaml:10:5: probes[1].name: duplicate probe name "p"']);
  });

  it.each([
    ['deploy/sleep', 's.yaml:10:30: probes[0].exec.target: deployment "sleep" not found in namespace "sleep"'],
    ['pod/sleep-1', 's.yaml:10:30: probes[0].exec.target: pod "sleep-1" not found in namespace "sleep"'],
  ])('reports a target %s that no applied object declares', (target, line) => {
    const probes = `probes:\n  - name: p\n    exec: {namespace: sleep, target: ${target}, command: id}\n`;
    expect(problemLines(`${HEADER}${apply}${probes}`)).toEqual([line]);
  });

  it('reports a namespace that no applied Namespace declares', () => {
    const pod = '{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: web}, spec: {containers: [{name: c}]}}';
    const probes = 'probes:\n  - name: p\n    exec: {namespace: web, target: pod/p, command: id}\n';
    expect(problemLines(`${HEADER}apply:\n  - objects: [${pod}]\n${probes}`)).toEqual([
      's.yaml:6:63: apply[0].objects[0].metadata.namespace: Error from server (NotFound): error when creating "s.yaml": namespaces "web" not found',
      's.yaml:9:12: probes[0].exec.namespace: namespace "web" not found',
    ]);
  });
});

describe('scenario problems: files and syntax', () => {
  it('reports a manifest file that cannot be read at its file field, and skips probe targets', () => {
    const text = `${HEADER}apply:\n  - file: manifests/missing.yaml\nprobes:\n  - name: p\n    exec: {namespace: sleep, target: deploy/sleep, command: id}\n`;
    expect(problemLines(text)).toEqual([
      's.yaml:6:5: apply[0].file: cannot read file "manifests/missing.yaml": ENOENT: no such file or directory',
    ]);
  });

  it('reports a scenario file that cannot be read', () => {
    expect(loadScenario('scenarios/nope.yaml', [], inMemoryFiles({}))).toEqual({
      ok: false,
      problems: [
        { file: 'scenarios/nope.yaml', line: 1, col: 1, path: '', severity: 'error', message: 'cannot read file "scenarios/nope.yaml": ENOENT: no such file or directory' },
      ],
    });
  });

  it('reports a YAML syntax error in the scenario at its position, with the first line of the parser message', () => {
    expect(problemLines(`${HEADER}apply:\n  - file: a.yaml\n   namespace: x\n`)).toEqual(['s.yaml:7:1: Sequence item without - indicator']);
  });

  it.each([
    ['a duplicate key', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n', ['m.yaml:5:3: Map keys must be unique']],
    ['an unclosed flow list', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: [a}\n', [
      'm.yaml:3:20: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'm.yaml:3:21: Flow map in block collection must be sufficiently indented and end with a }',
    ]],
  ])('reports a YAML syntax error in a manifest (%s) at its position in the manifest file', (_, manifest, lines) => {
    expect(problemLines(`${HEADER}apply:\n  - file: m.yaml\n`, { 'm.yaml': manifest })).toEqual(lines);
  });

  it('reports a scenario file holding two documents at the second', () => {
    expect(problemLines(`${HEADER}---\n${HEADER}`)).toEqual(['s.yaml:6:1: a scenario file holds one YAML document']);
  });

  it('reports every problem at once, sorted by file, line and column', () => {
    const text = `${HEADER}seed: x\ncluster:\n  nodes: 0\napply:\n  - file: m.yaml\n    namespace: sleep\n  - objects: [{apiVersion: v1, kind: Secret, metadata: {name: s}}]\n`;
    const manifest = `${SERVICE}  ports: [{port: 0}]\n---\n${POD}  namespace: web\nspec: {containers: []}\n`;
    expect(problemLines(text, { 'm.yaml': manifest }, ['istiod.x=1'])).toEqual([
      '--set:1:1: istiod.x: unknown field "x"',
      'm.yaml:6:12: spec.ports[0].port: must be between 1 and 65535, inclusive',
      `m.yaml:12:3: metadata.namespace: the namespace from the provided object "web" does not match the namespace "sleep". You must pass '--namespace=web' to perform this operation.`,
      'm.yaml:13:8: spec.containers: expected at least one container',
      's.yaml:5:1: seed: expected an integer',
      's.yaml:7:3: cluster.nodes: must be greater than or equal to 1',
      's.yaml:10:5: apply[0].namespace: Error from server (NotFound): error when creating "m.yaml": namespaces "sleep" not found',
      's.yaml:11:32: apply[1].objects[0].kind: note: kind Secret does not affect the network; accepted and ignored',
    ]);
  });

  it('fails only on errors: warnings and notes leave the scenario loadable', () => {
    const result = load(`${HEADER}apply:\n  - objects: [{apiVersion: v1, kind: Secret, metadata: {name: s}}]\n`);
    expect(result.ok && result.scenario.notes.map((note) => note.severity)).toEqual(['note']);
  });
});

describe('apply entries with several namespaces', () => {
  it('applies the same objects once per namespace listed, and refuses namespace beside namespaces', () => {
    const ok = load(`${HEADER}apply:\n  - objects: [{apiVersion: v1, kind: Namespace, metadata: {name: a}}, {apiVersion: v1, kind: Namespace, metadata: {name: b}}]\n  - namespaces: [a, b]\n    objects:\n      - {apiVersion: v1, kind: ConfigMap2, metadata: {name: x}}\n      - {apiVersion: v1, kind: Service, metadata: {name: s}, spec: {ports: [{port: 80}]}}\n`);
    expect(ok.ok && ok.scenario.objects.map((o) => o.object.metadata.namespace)).toEqual([undefined, undefined, 'a', 'b']);
    const bad = load(`${HEADER}apply:\n  - namespace: a\n    namespaces: [b]\n    objects: []\n`);
    expect(bad.ok ? [] : bad.problems.map((p) => p.message)).toEqual(['give either namespace or namespaces, not both']);
  });
});
