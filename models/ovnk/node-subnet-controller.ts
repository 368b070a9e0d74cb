// ovnkube-cluster-manager's node subnet allocation (W-2.3): for every node, one host subnet per
// Layer3 network (the default network and each Layer3 UDN), next-fit in node-event order, written
// to `k8s.ovn.org/node-subnets` as JSON keyed by network name (keys sorted, as Go marshals maps).
import { controller } from '../controller.js';
import type { LogRecord, ReconcileResult, Write } from '../controller.js';
import { recordEvent } from '../kube/events.js';
import { isoAt } from '../kube/time.js';
import type { ClusterConfig } from '../cluster-config.js';
import type { StoreView } from '../store-view.js';
import type { Node } from '../kube/types.js';
import { HostSubnetAllocator } from './host-subnet-allocator.js';
import { allNetworks, type NetworkInfo } from './networks.js';
import { DEFAULT_NETWORK, NODE_SUBNETS_ANNOTATION } from './types.js';

type State = Map<string, HostSubnetAllocator | { error: string }>;

export const nodeSubnetController = controller<State>({
  name: 'ovnk-node-subnets',
  delayMs: 0,
  watches: [
    { kind: 'Node', keys: (e) => (e.type === 'ADDED' ? [e.key] : []) },
    { kind: 'NetworkAttachmentDefinition', keys: (_e, view) => view.list('Node').map((n) => n.metadata.name).sort() },
  ],
  initialState: () => new Map(),
  reconcile: (key, view, ctx) => allocateNodeSubnets(key, view, ctx.state, ctx.cluster, isoAt(ctx.cluster.epochMs, ctx.nowMs)),
});

function allocateNodeSubnets(nodeName: string, view: StoreView, state: State, cluster: ClusterConfig, nowIso: string): ReconcileResult {
  const node = view.get<Node>('Node', nodeName);
  if (!node) return {};
  const wanted: Array<{ name: string; ranges: Array<{ cidr: string; hostSubnetLength?: number }>; owner?: NetworkInfo['owner'] }> = [
    { name: DEFAULT_NETWORK, ranges: cluster.clusterNetwork.map((c) => ({ cidr: c.cidr, hostSubnetLength: c.hostPrefix })) },
    ...allNetworks(view)
      .filter((n) => n.topology === 'layer3')
      .map((n) => ({ name: n.name, owner: n.owner, ranges: n.subnets.map((s) => ({ cidr: s.cidr, ...(s.hostSubnet ? { hostSubnetLength: s.hostSubnet } : {}) })) })),
  ];
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
  let subnets: Record<string, string[]>;
  try {
    subnets = JSON.parse(node.metadata.annotations?.[NODE_SUBNETS_ANNOTATION] ?? '{}') as Record<string, string[]>;
  } catch {
    subnets = {};
  }
  parsedSubnets.set(node, subnets);
  return subnets;
}

const parsedSubnets = new WeakMap<Node, Record<string, string[]>>();
