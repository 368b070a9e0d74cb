// The scenario's `cluster` and `istiod` sections with OpenShift's defaults (world.md W-1.1; the
// masquerade subnet per W-2.1/W-2.5; istiod overrides per W-5.2). Control-plane nodes carry
// OpenShift's role labels and master taint and join before the workers, as an installer brings
// them up first (so they take the first default-network host subnets, W-2.3).
import { cidrPrefixLength, describeCidrProblem, isIPv6Cidr } from './cidr.js';
import type { Reporter } from './reporter.js';
import { isYamlMap, readAs, readIntegerInRange, readList, readMap, readStringMap } from './read-fields.js';
import type { MapReader } from './read-fields.js';
import type { ClusterNetworkEntry, ClusterSettings, IstiodOverrides, NodeSpec, Path } from './types.js';
import { DEFAULT_TIMING, type Timing } from '../../models/cluster-config.js';
import { readDuration } from './duration.js';
import { LIMITS, overLimitMessage } from './limits.js';

export const DEFAULT_NODE_COUNT = 3;

export function defaultClusterSettings(): ClusterSettings {
  return {
    nodes: Array.from({ length: DEFAULT_NODE_COUNT }, (_, i) => nodeSpec(`worker-${i}`, {})),
    clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }],
    serviceNetwork: ['172.30.0.0/16'],
    clusterDomain: 'cluster.local',
    multus: true,
    udnAllowedDefaultServices: ['default/kubernetes', 'openshift-dns/dns-default'],
    machineNetwork: '10.0.0.0/16',
    masqueradeSubnet: '169.254.0.0/17',
    timing: { ...DEFAULT_TIMING },
  };
}

const CLUSTER_FIELDS = [
  'nodes', 'controlPlaneNodes', 'clusterNetwork', 'serviceNetwork', 'clusterDomain', 'multus', 'udnAllowedDefaultServices',
  'machineNetwork', 'masqueradeSubnet', 'timing',
];
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function readCluster(r: Reporter, value: unknown): ClusterSettings {
  const settings = defaultClusterSettings();
  const cluster = readMap(r, ['cluster'], value);
  if (!cluster) return settings;
  cluster.rejectUnknown(CLUSTER_FIELDS);
  const given: Partial<ClusterSettings> = {
    nodes: readAllNodes(cluster),
    clusterNetwork: readClusterNetwork(cluster),
    serviceNetwork: readCidrList(cluster, 'serviceNetwork'),
    clusterDomain: readClusterDomain(cluster),
    multus: cluster.read('multus', 'boolean'),
    udnAllowedDefaultServices: readAllowedServices(cluster),
    machineNetwork: readCidr(r, cluster.at('machineNetwork'), cluster.map['machineNetwork']),
    masqueradeSubnet: readCidr(r, cluster.at('masqueradeSubnet'), cluster.map['masqueradeSubnet']),
    timing: readTiming(cluster),
  };
  for (const [key, setting] of Object.entries(given)) {
    if (setting !== undefined) Object.assign(settings, { [key]: setting });
  }
  return settings;
}

export const NODE_ROLES = ['worker', 'control-plane'] as const;
type NodeRole = (typeof NODE_ROLES)[number];

/** OpenShift's control-plane taint: the kubelet registers masters with it (MCO's kubelet unit,
 * `--register-with-taints=node-role.kubernetes.io/master=:NoSchedule`). */
export const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' } as const;

function nodeSpec(name: string, labels: Record<string, string>, role: NodeRole = 'worker'): NodeSpec {
  if (role === 'worker') return { name, labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/worker': '', ...labels } };
  const roleLabels = { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' };
  return { name, labels: { 'kubernetes.io/hostname': name, ...roleLabels, ...labels }, taints: [{ ...CONTROL_PLANE_TAINT }] };
}

/** `controlPlaneNodes` (named master-0, …) and `nodes`, control-plane nodes first, each in order. */
function readAllNodes(cluster: MapReader): NodeSpec[] | undefined {
  const listed = readNodes(cluster);
  const count = cluster.has('controlPlaneNodes')
    ? readIntegerInRange(cluster.r, cluster.at('controlPlaneNodes'), cluster.map['controlPlaneNodes'], 0, Infinity)
    : undefined;
  if (count === undefined) return listed && joinOrder(listed);
  const workers = listed?.length ?? defaultClusterSettings().nodes.length;
  if (count + workers > LIMITS.nodes) {
    cluster.r.report(cluster.at('controlPlaneNodes'), overLimitMessage(`${count + workers} nodes`, LIMITS.nodes, 'nodes'));
    return undefined;
  }
  const masters = Array.from({ length: count }, (_, i) => nodeSpec(`master-${i}`, {}, 'control-plane'));
  const others = listed ?? defaultClusterSettings().nodes;
  const declared = Array.isArray(cluster.map['nodes']) ? (cluster.map['nodes'] as unknown[]) : [];
  for (const node of others.filter((n) => masters.some((m) => m.name === n.name))) {
    const i = declared.findIndex((item) => isYamlMap(item) && item['name'] === node.name);
    cluster.r.report(i >= 0 ? cluster.at('nodes', i, 'name') : cluster.at('controlPlaneNodes'), `duplicate node name "${node.name}"`);
  }
  return joinOrder([...masters, ...others]);
}

/** Control-plane nodes (the only ones with a taint) join first, then the workers; each kind keeps
 * the order it was given in. */
function joinOrder(nodes: NodeSpec[]): NodeSpec[] {
  return [...nodes.filter((n) => n.taints), ...nodes.filter((n) => !n.taints)];
}

function readNodes(cluster: MapReader): NodeSpec[] | undefined {
  const value = cluster.map['nodes'];
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value > LIMITS.nodes) {
      cluster.r.report(cluster.at('nodes'), overLimitMessage(`${value} nodes`, LIMITS.nodes, 'nodes'));
      return undefined;
    }
    const count = readIntegerInRange(cluster.r, cluster.at('nodes'), value, 1, Infinity);
    return count === undefined ? undefined : Array.from({ length: count }, (_, i) => nodeSpec(`worker-${i}`, {}));
  }
  if (!cluster.has('nodes')) return undefined;
  if (!Array.isArray(value)) {
    cluster.r.report(cluster.at('nodes'), 'expected a node count or a list of {name, labels, role}');
    return undefined;
  }
  if (value.length > LIMITS.nodes) {
    cluster.r.report(cluster.at('nodes', LIMITS.nodes), overLimitMessage(`${value.length} nodes`, LIMITS.nodes, 'nodes'));
    return undefined;
  }
  const nodes: NodeSpec[] = [];
  const names = new Set<string>();
  value.forEach((item, i) => {
    const node = readMap(cluster.r, cluster.at('nodes', i), item, true);
    node?.rejectUnknown(['name', 'labels', 'role']);
    const name = node?.read('name', 'string', true);
    if (!node || name === undefined) return;
    if (names.has(name)) cluster.r.report(node.at('name'), `duplicate node name "${name}"`);
    names.add(name);
    const role = node.readEnum('role', NODE_ROLES) ?? 'worker';
    nodes.push(nodeSpec(name, readStringMap(cluster.r, node.at('labels'), node.map['labels']) ?? {}, role));
  });
  return nodes;
}

/** W-7's delays in milliseconds (a number or a duration like `2s`); unset ones keep their default. */
function readTiming(cluster: MapReader): Timing | undefined {
  if (!cluster.has('timing')) return undefined;
  const timing = readMap(cluster.r, cluster.at('timing'), cluster.map['timing']);
  if (!timing) return undefined;
  const keys = Object.keys(DEFAULT_TIMING) as Array<keyof Timing>;
  timing.rejectUnknown(keys);
  const result: Timing = { ...DEFAULT_TIMING };
  for (const key of keys) {
    if (!timing.has(key)) continue;
    const delay = readDuration(timing.map[key]);
    if (delay.ok) result[key] = delay.ms;
    else cluster.r.report(timing.at(key), delay.message);
  }
  return result;
}

function readClusterNetwork(cluster: MapReader): ClusterNetworkEntry[] | undefined {
  if (!cluster.has('clusterNetwork')) return undefined;
  const entries: ClusterNetworkEntry[] = [];
  readList(cluster.r, cluster.at('clusterNetwork'), cluster.map['clusterNetwork']).forEach((item, i) => {
    const entry = readMap(cluster.r, cluster.at('clusterNetwork', i), item, true);
    entry?.rejectUnknown(['cidr', 'hostPrefix']);
    const cidr = entry && readCidr(cluster.r, entry.at('cidr'), entry.map['cidr'], true);
    const hostPrefix = entry?.read('hostPrefix', 'integer', true);
    if (!entry || cidr === undefined || hostPrefix === undefined) return;
    const maxPrefix = isIPv6Cidr(cidr) ? 128 : 32;
    if (hostPrefix <= cidrPrefixLength(cidr) || hostPrefix > maxPrefix) {
      const message = `hostPrefix must be longer than the prefix of ${cidr} and at most ${maxPrefix}`;
      cluster.r.report(entry.at('hostPrefix'), message);
      return;
    }
    entries.push({ cidr, hostPrefix });
  });
  return entries;
}

function readCidrList(cluster: MapReader, key: string): string[] | undefined {
  if (!cluster.has(key)) return undefined;
  return readList(cluster.r, cluster.at(key), cluster.map[key]).flatMap((item, i) => {
    const cidr = readCidr(cluster.r, cluster.at(key, i), item, true);
    return cidr === undefined ? [] : [cidr];
  });
}

function readCidr(r: Reporter, path: Path, value: unknown, required = false): string | undefined {
  const cidr = readAs(r, path, value, 'string', required);
  const problem = cidr === undefined ? undefined : describeCidrProblem(cidr);
  if (problem !== undefined) r.report(path, problem);
  return problem === undefined ? cidr : undefined;
}

function readClusterDomain(cluster: MapReader): string | undefined {
  const domain = cluster.read('clusterDomain', 'string');
  if (domain === undefined || DNS_NAME.test(domain)) return domain;
  cluster.r.report(cluster.at('clusterDomain'), `"${domain}" is not a DNS name`);
  return undefined;
}

function readAllowedServices(cluster: MapReader): string[] | undefined {
  const key = 'udnAllowedDefaultServices';
  if (!cluster.has(key)) return undefined;
  return readList(cluster.r, cluster.at(key), cluster.map[key]).flatMap((item, i) => {
    const text = readAs(cluster.r, cluster.at(key, i), item, 'string', true);
    if (text !== undefined && /^[^/\s]+\/[^/\s]+$/.test(text)) return [text];
    if (text !== undefined) cluster.r.report(cluster.at(key, i), `expected NAMESPACE/NAME, got "${text}"`);
    return [];
  });
}

export const AMBIENT_ADDRESS_SOURCES = [
  'status-pod-ips', 'ovn-pod-networks', 'network-status', 'mirrored-slice-first', 'mirrored-slice-strict',
] as const;
export const ENDPOINT_SLICE_SERVICE_LABELS = ['kubernetes.io/service-name', 'k8s.ovn.org/service-name'] as const;

export function readIstiod(r: Reporter, value: unknown): IstiodOverrides {
  const istiod = readMap(r, ['istiod'], value);
  if (!istiod) return {};
  istiod.rejectUnknown(['ambientAddressSource', 'endpointSliceServiceLabel']);
  const overrides: IstiodOverrides = {};
  const source = istiod.readEnum('ambientAddressSource', AMBIENT_ADDRESS_SOURCES);
  const label = istiod.readEnum('endpointSliceServiceLabel', ENDPOINT_SLICE_SERVICE_LABELS);
  if (source !== undefined) overrides.ambientAddressSource = source;
  if (label !== undefined) overrides.endpointSliceServiceLabel = label;
  return overrides;
}
