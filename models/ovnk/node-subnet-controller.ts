// ovnkube-cluster-manager's node subnet allocation (W-2.3): for every node, one host subnet per
// Layer3 network (the default network and each Layer3 UDN), next-fit, in `k8s.ovn.org/node-subnets`
// as JSON keyed by network name (keys sorted, as Go marshals maps).
import { controller, NO_KEYS } from '../controller.js';
import type { LogRecord, ReconcileResult, Rng, Write } from '../controller.js';
import { recordEvent } from '../kube/events.js';
import { isoAt } from '../kube/time.js';
import type { ClusterConfig } from '../cluster-config.js';
import type { StoreView } from '../store-view.js';
import type { Node } from '../kube/types.js';
import { HostSubnetAllocator } from './host-subnet-allocator.js';
import { parseCidr } from '../net/cidr.js';
import { allNetworks, networkOfNad, type NetworkInfo } from './networks.js';
import { DEFAULT_NETWORK, NODE_SUBNETS_ANNOTATION, type NetworkAttachmentDefinition } from './types.js';

type State = Map<string, HostSubnetAllocator | { error: string }>;

/** A network's key: its controller starting (node keys are node names, which have no colon). */
const NETWORK_KEY_PREFIX = 'network:';

interface WantedNetwork {
  name: string;
  ranges: Array<{ cidr: string; hostSubnetLength?: number }>;
  owner?: NetworkInfo['owner'];
}

/**
 * A node that joins gets its subnets when it is added (node_allocator.go HandleAddUpdateNodeEvent),
 * so nodes take the default network's subnets in the order they join. A network created later
 * visits the nodes that exist in its informer's order (network_cluster_controller.go Start → the
 * retry framework's WatchResource → factory initialAddFunc: the cache's list, a Go map, spread over
 * parallel queues), which follows no rule: the simulator draws it from the seeded stream.
 */
export const nodeSubnetController = controller<State>({
  name: 'ovnk-node-subnets',
  delayMs: 0,
  watches: [
    { kind: 'Node', keys: (e) => (e.type === 'ADDED' ? [e.key] : NO_KEYS) },
    { kind: 'NetworkAttachmentDefinition', keys: (e) => networkKeyOf(e.object as NetworkAttachmentDefinition) },
  ],
  initialState: () => new Map(),
  reconcile: (key, view, ctx) => {
    const nowIso = isoAt(ctx.cluster.epochMs, ctx.nowMs);
    return key.startsWith(NETWORK_KEY_PREFIX)
      ? allocateNetworkSubnets(key.slice(NETWORK_KEY_PREFIX.length), view, ctx.state, ctx.rng, nowIso)
      : allocateNodeSubnets(key, view, ctx.state, ctx.cluster, nowIso);
  },
});

function networkKeyOf(nad: NetworkAttachmentDefinition): readonly string[] {
  const network = networkOfNad(nad);
  return network?.topology === 'layer3' ? [`${NETWORK_KEY_PREFIX}${network.name}`] : NO_KEYS;
}

function wantedOf(network: NetworkInfo): WantedNetwork {
  return { name: network.name, owner: network.owner, ranges: network.subnets.map((s) => ({ cidr: s.cidr, ...(s.hostSubnet ? { hostSubnetLength: s.hostSubnet } : {}) })) };
}

/** A node that joined: its subnet of the default network and of every Layer3 network there is. */
function allocateNodeSubnets(nodeName: string, view: StoreView, state: State, cluster: ClusterConfig, nowIso: string): ReconcileResult {
  const node = view.get<Node>('Node', nodeName);
  if (!node) return {};
  const wanted: WantedNetwork[] = [
    { name: DEFAULT_NETWORK, ranges: cluster.clusterNetwork.map((c) => ({ cidr: c.cidr, hostSubnetLength: c.hostPrefix })) },
    ...allNetworks(view).filter((n) => n.topology === 'layer3').map(wantedOf),
  ];
  return allocateOnNode(node, wanted, view, state, nowIso);
}

/** A new Layer3 network's controller: every node without a subnet of it, in an order of no meaning. */
function allocateNetworkSubnets(networkName: string, view: StoreView, state: State, rng: Rng, nowIso: string): ReconcileResult {
  const network = allNetworks(view).find((n) => n.name === networkName && n.topology === 'layer3');
  if (!network) return {};
  const waiting = view
    .list<Node>('Node')
    .filter((n) => !nodeSubnets(n)[networkName]?.length)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const writes: Write[] = [];
  const logs: LogRecord[] = [];
  for (const node of shuffled(waiting, rng)) {
    const result = allocateOnNode(node, [wantedOf(network)], view, state, nowIso);
    writes.push(...(result.writes ?? []));
    logs.push(...(result.logs ?? []));
  }
  return { writes, logs };
}

/** Fisher–Yates with the controller's own stream. */
function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function allocateOnNode(node: Node, wanted: readonly WantedNetwork[], view: StoreView, state: State, nowIso: string): ReconcileResult {
  const nodeName = node.metadata.name;
  const current = nodeSubnets(node);
  const next: Record<string, string[]> = { ...current };
  const logs: LogRecord[] = [];
  const events: Write[] = [];
  for (const network of wanted) {
    if (current[network.name]?.length) continue;
    const allocator = allocatorFor(state, network.name, network.ranges);
    const subnets = 'error' in allocator ? null : allocator.allocate(nodeName);
    if (subnets) next[network.name] = subnets;
    else {
      const why = 'error' in allocator ? allocator.error : 'no subnets available';
      const error = `error allocating network for node ${nodeName}, network name ${network.name}: ${why}`;
      logs.push({ component: 'ovnkube-cluster-manager', level: 'error', message: error });
      const owner = network.owner && view.get(network.owner.kind, network.owner.key);
      if (owner) events.push(recordEvent(view, { involved: owner, type: 'Warning', reason: 'NetworkAllocationFailed', message: `Error occurred for node ${nodeName}: ${error}`, component: 'ovnkube-cluster-manager', nowIso }));
    }
  }
  const text = JSON.stringify(Object.fromEntries(Object.entries(next).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  if (text === (node.metadata.annotations?.[NODE_SUBNETS_ANNOTATION] ?? '{}')) return { logs, writes: events };
  const annotations = { ...(node.metadata.annotations ?? {}), [NODE_SUBNETS_ANNOTATION]: text };
  return { writes: [{ op: 'update', object: { ...node, metadata: { ...node.metadata, annotations } } }, ...events], logs };
}

function allocatorFor(state: State, name: string, ranges: Array<{ cidr: string; hostSubnetLength?: number }>): HostSubnetAllocator | { error: string } {
  let allocator = state.get(name);
  if (!allocator) {
    try {
      allocator = new HostSubnetAllocator(ranges);
    } catch (error) {
      allocator = { error: error instanceof Error ? error.message : String(error) };
    }
    state.set(name, allocator);
  }
  return allocator;
}

/** A node's `k8s.ovn.org/node-subnets`, keyed by network name ({} when absent or malformed). */
export function nodeSubnets(node: Node): Record<string, string[]> {
  // Read for every pod allocation: parsed once per stored version of the node.
  const hit = parsedSubnets.get(node);
  if (hit) return hit;
  let parsed: unknown;
  try {
    parsed = JSON.parse(node.metadata.annotations?.[NODE_SUBNETS_ANNOTATION] ?? '{}');
  } catch {
    parsed = {};
  }
  const subnets = wellFormedSubnets(parsed);
  parsedSubnets.set(node, subnets);
  return subnets;
}

/**
 * OVN-K's ParseNodeHostSubnetAnnotation (go-controller pkg/util/subnet_annotations.go) takes a network's
 * value as a list of CIDRs or, in the older single-stack form, one CIDR string; anything else (a
 * number, an object, a text that is no CIDR — a hand-written Node can carry one) gives no subnet.
 */
function wellFormedSubnets(parsed: unknown): Record<string, string[]> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const subnets: Record<string, string[]> = {};
  for (const [network, value] of Object.entries(parsed)) {
    const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    const cidrs = list.filter((cidr): cidr is string => typeof cidr === 'string' && parseCidr(cidr) !== null);
    if (cidrs.length > 0 && cidrs.length === list.length) subnets[network] = cidrs;
  }
  return subnets;
}

const parsedSubnets = new WeakMap<Node, Record<string, string[]>>();
