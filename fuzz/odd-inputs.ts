// Whole odd inputs the mutations add: probes with bogus commands and targets, sparse or strange
// objects of every modelled kind, durations and manifest paths that a loader must refuse calmly.
import type { Prng } from './prng.js';
import { extremeNumber, strangeString } from './values.js';

export const ODD_OBJECT_KINDS = [
  'Namespace', 'Node', 'Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Service', 'ServiceAccount',
  'EndpointSlice', 'ClusterUserDefinedNetwork', 'UserDefinedNetwork', 'NetworkAttachmentDefinition', 'Istio', 'IstioCNI', 'ZTunnel',
] as const;

const COMMANDS = [
  'curl -s httpbin.httpbin.svc.cluster.local:8000/get', 'curl -s httpbin.httpbin:8000/get', 'curl -sS -m 1e308 httpbin.httpbin:8000/get',
  'curl --max-time 1e-9 httpbin.httpbin:8000/get', 'curl --connect-timeout 1e300 http://10.0.0.1:1/', 'curl -m 0.0001 3.3.0.5:8000',
  'curl -m -1 x', 'curl -m NaN x', 'curl -m Infinity httpbin.httpbin:8000/get', 'curl -s http://[::1]:8000/', 'curl -s http://[fd00::1]:65535/get',
  'curl http://[zz::1]:80/', 'curl http://127.0.0.1:0/', 'curl http://a:99999/', 'curl -s httpbin.httpbin.svc.cluster.local.:8000/get',
  'curl https://httpbin.httpbin:8000/get', 'curl -X DELETE -H "X-A: b" -w "%{http_code}" -o /dev/null httpbin.httpbin:8000/get',
  'curl -H bad httpbin.httpbin:8000/get', 'curl -H ":x" x', 'curl -w', 'curl -H', 'curl -m', 'curl', 'curl ""', "curl '", 'curl "unterminated',
  'curl a b', 'curl -Z x', 'curl --data x y', 'wget http://x/', 'kubectl get pods', '', '   ', 'curl\u0000 x', 'curl \u2028x', 'curl -s 😀:80',
  `curl -s ${'a'.repeat(5000)}:80/`, `curl -s httpbin.httpbin:8000/${'p/'.repeat(3000)}`, 'curl -s 172.30.0.1:443', 'curl -s kubernetes.default:443',
  'curl -s dns-default.openshift-dns:53', 'curl -s 10.128.0.1:15008', 'curl -s 169.254.0.1:80', 'curl -s 0.0.0.0:8000', 'curl -s 255.255.255.255:8000',
  'curl -s sleep.sleep:80', 'curl -sI httpbin.httpbin:8000/get', 'curl -s -- httpbin.httpbin:8000/get', 'curl \\', 'curl -s "a\\"b"',
];
const TARGETS = [
  'deploy/sleep', 'deploy/httpbin', 'deployment/sleep', 'deployment.apps/sleep', 'pod/sleep', 'deploy/', 'pod/', '/sleep', 'sleep', 'svc/sleep',
  'deploy/a/b', 'deploy/nope', 'pod/sleep-0', 'pod/web-0', 'deploy/client', 'deploy/Sleep', 'deploy/😀', '', 'deploy/sleep\n',
];
const NAMESPACES = ['sleep', 'httpbin', 'default', 'kube-system', 'app-0000', 'app-0001', 'web', 'nope', '', 'Sleep', 'a/b', 'x'.repeat(300)];

export function bogusProbe(prng: Prng): { probe: Record<string, unknown>; description: string } {
  const command = prng.pick(COMMANDS);
  const exec: Record<string, unknown> = { namespace: prng.pick(NAMESPACES), target: prng.pick(TARGETS), command };
  if (prng.chance(0.15)) delete exec[prng.pick(['namespace', 'target', 'command'])];
  if (prng.chance(0.1)) exec[prng.pick(['namespace', 'target', 'command'])] = prng.pick<unknown>([1, null, [], {}, true]);
  const probe: Record<string, unknown> = { name: prng.pick(['p', 'sleep-to-httpbin', '', 'x'.repeat(300), 'π', 'p\np']), exec };
  if (prng.chance(0.3)) probe['at'] = prng.chance(0.5) ? extremeNumber(prng) : weirdDuration(prng);
  if (prng.chance(0.3)) {
    probe['expect'] = prng.pick<unknown>([
      { exitCode: 0 }, { exitCode: -1 }, { exitCode: 1e308 }, { httpStatus: 200 }, { verdict: 'nope' }, { verdict: 'delivered' },
      { stdoutContains: '' }, { logContains: '\u0000' }, { dialedNetwork: 'default' }, { unknown: 1 }, [], 'x', null,
    ]);
  }
  const shown = command.length > 60 ? `${command.slice(0, 30)}…(${command.length})` : command;
  return { probe, description: `${String(exec['namespace'])}/${String(exec['target'])}: ${JSON.stringify(shown)}` };
}

/** A duration text that is odd, too large, fractional or not one at all. */
export function weirdDuration(prng: Prng): string {
  return prng.pick([
    '0', '0s', '0.5ms', '1.5ms', '0.0001s', '1e400s', '99999999999999999999h', '1m1m', '-1s', '', ' 30s ', '30 s', '30S', '1d',
    '2562047h', '9007199254740993ms', '.5s', '1.s', 'NaN', 'Infinity', '∞', '30s\n',
  ]);
}

/** A manifest path the loader must refuse or read: a directory, a missing file, the scenario itself, odd bytes. */
export function weirdFilePath(prng: Prng): string {
  return prng.pick([
    '', '.', './', '..', '/', 'manifests', 'manifests/', 'scenario.yaml', './scenario.yaml', '../scenario.yaml', 'missing.yaml',
    '/dev/null', 'nul\u0000.yaml', 'https://example.com/x.yaml', '~/x.yaml', 'a'.repeat(5000), 'manifests/../scenario.yaml',
    'MANIFESTS/x.yaml', '😀.yaml', 'x\ny.yaml', '/dev/zero', 'fifo.yaml',
  ]);
}

/** A sparse or strange object of a modelled kind (a name, maybe a namespace, and little else that makes sense). */
export function oddObject(prng: Prng): { object: Record<string, unknown>; description: string } {
  const kind = prng.pick(ODD_OBJECT_KINDS);
  const metadata: Record<string, unknown> = { name: prng.pick(['odd', 'sleep', 'httpbin', 'worker-0', 'default', 'kube-system', 'net-0']) };
  if (prng.chance(0.6)) metadata['namespace'] = prng.pick(NAMESPACES.slice(0, 8));
  if (prng.chance(0.3)) metadata['labels'] = prng.pick<unknown>([{ app: 'sleep' }, { 'k8s.ovn.org/primary-user-defined-network': '' }, { 'istio.io/dataplane-mode': 'ambient' }, { a: 1 }, []]);
  if (prng.chance(0.3)) metadata['annotations'] = prng.pick<unknown>([
    { 'k8s.ovn.org/pod-networks': '{"default":{"ip_addresses":["x"]}}' }, { 'k8s.ovn.org/pod-networks': 'not json' },
    { 'k8s.v1.cni.cncf.io/networks': '[{"name":"x"}]' }, { 'k8s.v1.cni.cncf.io/networks': '{' }, { 'k8s.ovn.org/open-default-ports': '- port: 1e9' },
    { 'sidecar.istio.io/inject': 'true' }, { 'k8s.ovn.org/node-subnets': '{"default":"10.128.0.0/23"}' }, { 'ambient.istio.io/redirection': 'enabled' },
  ]);
  const object: Record<string, unknown> = { apiVersion: prng.pick(['v1', 'apps/v1', 'k8s.ovn.org/v1', 'sailoperator.io/v1', 'discovery.k8s.io/v1', 'nope/v9']), kind, metadata };
  const spec = oddSpec(kind, prng);
  if (spec !== undefined) object[prng.chance(0.9) ? 'spec' : 'status'] = spec;
  if (kind === 'EndpointSlice') Object.assign(object, oddEndpointSlice(prng));
  return { object, description: `${kind} ${String(metadata['name'])}` };
}

function oddSpec(kind: string, prng: Prng): unknown {
  const replicas = prng.pick<unknown>([0, 1, 2, -1, 0.5, null, 'two']);
  const selector = prng.pick<unknown>([{ matchLabels: { app: 'odd' } }, { matchLabels: {} }, {}, { matchExpressions: [{ key: 'app', operator: 'In', values: ['odd'] }] }, null]);
  const template = prng.pick<unknown>([
    { metadata: { labels: { app: 'odd' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: prng.pick([0, 8000, 70000, -1]) }] }] } },
    { metadata: { labels: { app: 'other' } }, spec: { containers: [] } }, {}, { spec: { nodeName: 'worker-9', hostNetwork: true, containers: [{ name: 'c' }] } },
  ]);
  switch (kind) {
    case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet':
      return { replicas, selector, template, serviceName: 'odd' };
    case 'Pod':
      return prng.pick<unknown>([{ containers: [{ name: 'c', image: 'x' }] }, { nodeName: prng.pick(['worker-0', 'worker-99', '']), containers: [] }, { hostNetwork: true }, {}]);
    case 'Service':
      return prng.pick<unknown>([
        { selector: { app: 'sleep' }, ports: [{ port: prng.pick([80, 0, 65536, -1]), targetPort: prng.pick<unknown>([8000, 'http', 0]) }] },
        { clusterIP: prng.pick(['None', '172.30.0.1', '10.0.0.1', 'x', '']), ports: [] }, { type: 'LoadBalancer' }, { ipFamilies: ['IPv6'], ports: [{ port: 1 }] },
      ]);
    case 'ClusterUserDefinedNetwork': case 'UserDefinedNetwork': {
      const topology = prng.pick(['Layer3', 'Layer2', 'Localnet', 'x']);
      const subnets = prng.pick<unknown>([[{ cidr: '3.3.0.0/16', hostSubnet: 24 }], [{ cidr: '10.128.0.0/14', hostSubnet: 23 }], [{ cidr: '3.3.0.0/31', hostSubnet: 32 }], ['fd00::/48'], ['3.3.0.0/30'], [], [{ cidr: '::/0', hostSubnet: 127 }], [{ cidr: '0.0.0.0/0', hostSubnet: 31 }]]);
      const network = { topology, [topology.toLowerCase()]: { role: prng.pick(['Primary', 'Secondary', 'x']), subnets } };
      return kind === 'UserDefinedNetwork' ? network : { namespaceSelector: prng.pick<unknown>([{ matchLabels: { a: 'b' } }, {}, null]), network };
    }
    case 'NetworkAttachmentDefinition':
      return { config: prng.pick(['{}', 'not json', '{"cniVersion":"0.3.1","type":"ovn-k8s-cni-overlay","topology":"layer2","subnets":"3.4.0.0/16","netAttachDefName":"x/y"}', '']) };
    case 'Node':
      return prng.pick<unknown>([{ podCIDR: '10.128.0.0/23' }, { taints: [{ key: 'x', effect: 'NoSchedule' }] }, { unschedulable: true }, {}]);
    case 'Istio': case 'IstioCNI': case 'ZTunnel':
      return { version: prng.pick(['v1.28.1', 'v0.0.0', 'latest', '']), namespace: prng.pick(['istio-system', 'nope', '']), profile: prng.pick(['ambient', 'default', 'x']), values: prng.pick<unknown>([{}, { pilot: { env: { X: 1 } } }, null]) };
    default:
      return prng.chance(0.5) ? undefined : { whatever: strangeString('', prng) };
  }
}

function oddEndpointSlice(prng: Prng): Record<string, unknown> {
  return {
    addressType: prng.pick(['IPv4', 'IPv6', 'FQDN', 'x']),
    endpoints: prng.pick<unknown>([[{ addresses: ['3.3.0.5'] }], [{ addresses: [] }], [{ addresses: ['not-an-ip'], conditions: { ready: 'yes' } }], [], null]),
    ports: prng.pick<unknown>([[{ name: 'http', port: 8000 }], [{ port: -1 }], null]),
  };
}

/** Annotations and labels the models read, each with values of the wrong shape, format or type. */
const ODD_METADATA: ReadonlyArray<{ key: string; label?: boolean; values: readonly unknown[] }> = [
  { key: 'k8s.ovn.org/node-subnets', values: ['{"default":"10.128.0.0/23"}', '{"default":{}}', '{"default":[1]}', '{"default":["10.128.0.0/33"]}', '{"x":["::/0"]}', '{"default":["10.128.0.0/23","fd00::/64"]}', 'null', '[]', '1'] },
  { key: 'k8s.ovn.org/pod-networks', values: ['{"default":{"ip_addresses":"10.128.0.5/23","role":"primary"}}', '{"default":{"ip_addresses":[1]}}', '{"default":null}', '{"default":{"ip_address":"x","mac_address":1}}', 'null', '[]', '{"a/b":{"role":"x"}}'] },
  { key: 'k8s.v1.cni.cncf.io/networks', values: ['x', 'x/y', 'ns/net@eth1', '[{"name":"x"}]', '[{"name":1}]', '[1]', '{}', '[{"namespace":"a"}]', 'a,b,,c', '@', '/'] },
  { key: 'k8s.v1.cni.cncf.io/network-status', values: ['[{"name":"x","ips":"1"}]', '[{}]', 'null', '{', '[{"name":"ovn-kubernetes","interface":"eth0","ips":[1],"default":true}]'] },
  { key: 'k8s.ovn.org/open-default-ports', values: ['- protocol: tcp\n  port: 99999', '{}', '- port: "80"', '- protocol: udp', '[[]]', 'null', '- protocol: tcp\n  port: -1', '- protocol: tcp\n  port: 1.5', '- protocol: TCP\n  port: 80', '- &a [*a]', '!!binary x'] },
  { key: 'sidecar.istio.io/inject', values: ['true', 'false', 'maybe', '', true] },
  { key: 'sidecar.istio.io/status', values: ['{}', '{"containers":1}', 'x', 'null'] },
  { key: 'istio.io/rev', values: ['default', '', 'x'] },
  { key: 'ambient.istio.io/redirection', values: ['enabled', 'disabled', 'x', ''] },
  { key: 'ambient.istio.io/dns-capture', values: ['true', 'false', 'x'] },
  { key: 'k8s.ovn.org/source-endpointslice', label: true, values: ['x', '', 'httpbin-abcde'] },
  { key: 'k8s.ovn.org/endpointslice-network', label: true, values: ['x', '', 'default', 'cluster_udn_x'] },
  { key: 'k8s.ovn.org/service-name', label: true, values: ['httpbin', '', 'x'] },
  { key: 'kubernetes.io/service-name', label: true, values: ['httpbin', '', 'x'] },
  { key: 'endpointslice.kubernetes.io/managed-by', label: true, values: ['endpointslice-controller.k8s.io', 'endpointslice-mirroring-controller.k8s.ovn.org', 'x'] },
  { key: 'istio.io/dataplane-mode', label: true, values: ['ambient', 'none', 'x', ''] },
  { key: 'k8s.ovn.org/primary-user-defined-network', label: true, values: ['', 'x'] },
  { key: 'istio-injection', label: true, values: ['enabled', 'disabled', ''] },
  { key: 'kubernetes.io/hostname', label: true, values: ['worker-0', 'worker-9', ''] },
  { key: 'kubernetes.io/metadata.name', label: true, values: ['default', 'x'] },
];

/** An annotation or label the models read, with an odd value. */
export function oddMetadata(prng: Prng): { section: 'annotations' | 'labels'; key: string; value: unknown } {
  const entry = prng.pick(ODD_METADATA);
  return { section: entry.label ? 'labels' : 'annotations', key: entry.key, value: prng.pick(entry.values) };
}

/** CIDRs that parse but sit at an edge: tiny, huge, special-purpose, the other family, or overlapping a default. */
const ODD_CIDRS = [
  '10.0.0.0/32', '10.0.0.0/31', '10.0.0.0/30', '0.0.0.0/0', '0.0.0.0/1', '::/0', 'fd00::/127', 'fd00::/128', 'fd00::/48', 'fd00::/64',
  '3.3.0.0/16', '10.128.0.0/14', '172.30.0.0/16', '169.254.0.0/17', '100.64.0.0/16', '224.0.0.0/4', '127.0.0.0/8', '255.255.255.255/32',
  'fe80::/10', '::ffff:0:0/96', '10.1.2.3/16', '3.3.0.0/24',
];

/** A CIDR-valued field of the cluster or of a (C)UDN, set to an edge-case CIDR or prefix length. */
export function oddCidrValue(prng: Prng, wantsPrefix: boolean): unknown {
  if (wantsPrefix) return prng.pick([0, 1, 8, 16, 23, 24, 31, 32, 33, 48, 64, 65, 126, 127, 128, 129]);
  const cidr = prng.pick(ODD_CIDRS);
  return prng.chance(0.15) ? [cidr, prng.pick(ODD_CIDRS)] : cidr;
}

/** Keys whose value is a CIDR, a list of them, or a prefix length. */
export const CIDR_KEYS = new Set(['cidr', 'subnets', 'joinSubnets', 'excludeSubnets', 'serviceNetwork', 'machineNetwork', 'masqueradeSubnet', 'clusterNetwork']);
export const PREFIX_KEYS = new Set(['hostSubnet', 'hostPrefix', 'mtu']);
