// OVN-K's pod IPAM and annotation (W-2.4, W-2.5): each scheduled pod gets its default-network
// address from its node's subnet and, in a primary-UDN namespace, its UDN address too, written
// as `k8s.ovn.org/pod-networks`. Allocators live in memory, as in ovnkube (round-robin cursors).
import { controller } from '../controller.js';
import type { LogRecord, ReconcileResult } from '../controller.js';
import type { ClusterConfig } from '../cluster-config.js';
import type { StoreView } from '../store-view.js';
import { POD_NODE_INDEX } from '../kube/scheduler.js';
import type { Node, Pod } from '../kube/types.js';
import { activeNetwork, type NetworkInfo } from './networks.js';
import { buildDefaultEntry, buildLayer2PrimaryEntry, buildLayer3PrimaryEntry, buildSecondaryEntry, formatPodNetworks, type PodNetworkEntry } from './pod-annotations.js';
import { secondaryNetworksOf } from './secondary-networks.js';
import { PodIpAllocator, type PodIpReservation } from './pod-ip-allocator.js';
import { fnv32a } from '../kube/names.js';
import { macForIpv4Number } from './mac.js';
import { DEFAULT_NETWORK, POD_NETWORKS_ANNOTATION } from './types.js';
import { nodeSubnets } from './node-subnet-controller.js';

interface State {
  /** network → node ('*' for a network-wide range) → range → its allocator. */
  allocators: Map<string, Map<string, Map<string, PodIpAllocator>>>;
  /** What each live pod holds, to release on deletion. */
  held: Map<string, Array<{ allocator: PodIpAllocator; ip: string }>>;
  tunnelIds: Map<string, number>;
}

export const podAllocator = controller<State>({
  name: 'ovnk-pod-allocator',
  delayMs: 0,
  watches: [
    { kind: 'Pod', keys: (e) => (e.type === 'DELETED' || ((e.object as Pod).spec.nodeName && !e.object.metadata.annotations?.[POD_NETWORKS_ANNOTATION]) ? [e.key] : []) },
    { kind: 'Node', keys: (e, view) => view.byIndex<Pod>('Pod', POD_NODE_INDEX, e.key).filter((p) => !p.metadata.annotations?.[POD_NETWORKS_ANNOTATION]).map((p) => `${p.metadata.namespace}/${p.metadata.name}`) },
    { kind: 'NetworkAttachmentDefinition', keys: (e, view) => view.list<Pod>('Pod', e.object.metadata.namespace).filter((p) => p.spec.nodeName && !p.metadata.annotations?.[POD_NETWORKS_ANNOTATION]).map((p) => `${p.metadata.namespace}/${p.metadata.name}`) },
  ],
  initialState: () => ({ allocators: new Map(), held: new Map(), tunnelIds: new Map() }),
  reconcile: (key, view, ctx) => allocatePod(key, view, ctx.state, ctx.cluster),
});

function allocatePod(key: string, view: StoreView, state: State, cluster: ClusterConfig): ReconcileResult {
  const pod = view.get<Pod>('Pod', key);
  if (!pod) {
    releasePod(state, key);
    return {};
  }
  if (!pod.spec.nodeName || pod.spec.hostNetwork || pod.metadata.annotations?.[POD_NETWORKS_ANNOTATION]) return {};
  const node = view.get<Node>('Node', pod.spec.nodeName);
  if (!node) return {};
  const ns = pod.metadata.namespace ?? 'default';
  const active = activeNetwork(view, ns);
  if (active.kind === 'missing') {
    return { logs: [{ component: 'ovnkube-controller', level: 'error', message: `failed to allocate pod ${key}: ${active.reason}` }] };
  }
  const subnets = nodeSubnets(node);
  const defaultIps = allocateFrom(state, key, DEFAULT_NETWORK, pod.spec.nodeName, subnets[DEFAULT_NETWORK] ?? [], 'layer3-node');
  if (!defaultIps.ok) return { logs: [defaultIps.log] };
  const entries: Record<string, PodNetworkEntry> = {
    [DEFAULT_NETWORK]: buildDefaultEntry({
      podIps: defaultIps.ips,
      clusterSubnets: cluster.clusterNetwork.map((c) => c.cidr),
      serviceCidrs: cluster.serviceNetwork,
      masqueradeSubnets: [cluster.masqueradeSubnet],
      onPrimaryUdn: active.kind === 'udn',
    }),
  };
  if (active.kind === 'udn') {
    const udn = udnEntry(state, key, pod.spec.nodeName, active.network, subnets, cluster);
    if (!udn.ok) {
      releasePod(state, key);
      return { logs: [udn.log] };
    }
    entries[active.network.nadKey] = udn.entry;
  }
  for (const { request, network } of secondaryNetworksOf(pod, view)) {
    const secondary = secondaryEntry(state, key, pod.spec.nodeName, network, subnets);
    if (!secondary.ok) {
      releasePod(state, key);
      return { logs: [secondary.log] };
    }
    entries[`${request.namespace}/${request.name}`] = secondary.entry;
  }
  const annotations = { ...(pod.metadata.annotations ?? {}), [POD_NETWORKS_ANNOTATION]: formatPodNetworks(entries) };
  return { writes: [{ op: 'update', object: { ...pod, metadata: { ...pod.metadata, annotations } } }] };
}

type UdnResult = { ok: true; entry: PodNetworkEntry } | { ok: false; log: LogRecord };

function udnEntry(state: State, podKey: string, nodeName: string, network: NetworkInfo, subnets: Record<string, string[]>, cluster: ClusterConfig): UdnResult {
  const layer3 = network.topology === 'layer3';
  const range = layer3 ? (subnets[network.name] ?? []) : network.subnets.map((s) => s.cidr);
  const allocatorNode = layer3 ? nodeName : '*';
  const ips = allocateFrom(state, podKey, network.name, allocatorNode, range, layer3 ? 'layer3-node' : 'layer2-primary');
  if (!ips.ok) return ips;
  const joinSubnets = network.joinSubnets.length ? network.joinSubnets : undefined;
  const entry = layer3
    ? buildLayer3PrimaryEntry({ podIps: ips.ips, clusterSubnets: network.subnets.map((s) => s.cidr), serviceCidrs: cluster.serviceNetwork, ...(joinSubnets ? { joinSubnets } : {}) })
    : buildLayer2PrimaryEntry({ podIps: ips.ips, serviceCidrs: cluster.serviceNetwork, tunnelId: nextTunnelId(state, network.name), ...(joinSubnets ? { joinSubnets } : {}) });
  return { ok: true, entry };
}

/** W-2.1/W-2.5: a secondary entry — Layer3 from the node's subnet of that network, Layer2 from the
 * network's subnet with nothing reserved (or no address at all when IPAM is off). */
function secondaryEntry(state: State, podKey: string, nodeName: string, network: NetworkInfo, subnets: Record<string, string[]>): UdnResult {
  const layer3 = network.topology === 'layer3';
  const ranges = layer3 ? (subnets[network.name] ?? []) : network.subnets.map((s) => s.cidr);
  if (!layer3 && ranges.length === 0) {
    // OVN-K picks a random MAC here; a hash of the pod and network keeps runs identical.
    const mac = macForIpv4Number(fnv32a(`${podKey}|${network.name}`));
    return { ok: true, entry: buildSecondaryEntry({ topology: 'Layer2', podIps: [], macAddress: mac }) };
  }
  const ips = allocateFrom(state, podKey, network.name, layer3 ? nodeName : '*', ranges, layer3 ? 'layer3-node' : 'none');
  if (!ips.ok) return ips;
  return {
    ok: true,
    entry: layer3
      ? buildSecondaryEntry({ topology: 'Layer3', podIps: ips.ips, clusterSubnets: network.subnets.map((s) => s.cidr) })
      : buildSecondaryEntry({ topology: 'Layer2', podIps: ips.ips, tunnelId: nextTunnelId(state, network.name) }),
  };
}

/** Layer2 pods get a per-network tunnel id, handed out from 1 (assumed). */
function nextTunnelId(state: State, network: string): number {
  const next = (state.tunnelIds.get(network) ?? 0) + 1;
  state.tunnelIds.set(network, next);
  return next;
}

type Allocated = { ok: true; ips: string[] } | { ok: false; log: LogRecord };

/** One address per subnet (one subnet per IP family), each with the subnet's prefix. */
function allocateFrom(state: State, podKey: string, network: string, node: string, ranges: readonly string[], reserve: PodIpReservation): Allocated {
  if (ranges.length === 0) {
    return { ok: false, log: { component: 'ovnkube-controller', level: 'error', message: `failed to allocate pod ${podKey}: node ${node} has no subnet of network ${network} yet` } };
  }
  const ips: string[] = [];
  let byNode = state.allocators.get(network);
  if (!byNode) state.allocators.set(network, (byNode = new Map()));
  let byRange = byNode.get(node);
  if (!byRange) byNode.set(node, (byRange = new Map()));
  for (const range of ranges) {
    let allocator = byRange.get(range);
    if (!allocator) byRange.set(range, (allocator = new PodIpAllocator(range, reserve)));
    const ip = allocator.allocate();
    if (!ip) {
      return { ok: false, log: { component: 'ovnkube-controller', level: 'error', message: `failed to allocate IPs for pod ${podKey} on network ${network}: subnet ${range}: range is full` } };
    }
    const held = state.held.get(podKey) ?? [];
    held.push({ allocator, ip });
    state.held.set(podKey, held);
    ips.push(`${ip}/${allocator.prefixLength}`);
  }
  return { ok: true, ips };
}

function releasePod(state: State, podKey: string): void {
  for (const { allocator, ip } of state.held.get(podKey) ?? []) allocator.release(ip);
  state.held.delete(podKey);
}
