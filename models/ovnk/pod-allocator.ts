// OVN-K's pod IPAM and annotation (W-2.4, W-2.5): each scheduled pod gets its default-network
// address from its node's subnet and, on a primary UDN, its UDN address, in `k8s.ovn.org/pod-networks`.
// Allocators live in memory as in ovnkube; a pod that found no address waits in pod-retry.ts.
import { controller, NO_KEYS } from '../controller.js';
import type { LogRecord, ReconcileResult } from '../controller.js';
import type { ClusterConfig } from '../cluster-config.js';
import type { StoreView } from '../store-view.js';
import { POD_NODE_INDEX } from '../kube/scheduler.js';
import type { Node, Pod } from '../kube/types.js';
import { activeNetwork, type ActiveNetwork, type NetworkInfo } from './networks.js';
import { PodNetworksTemplate } from './pod-networks-template.js';
import { buildDefaultEntry, buildLayer2PrimaryEntry, buildLayer3PrimaryEntry, buildSecondaryEntry, formatPodNetworks, type PodNetworkEntry } from './pod-annotations.js';
import { secondaryNetworksOf } from './secondary-networks.js';
import { PodIpAllocator, type PodIpReservation } from './pod-ip-allocator.js';
import { fnv32a } from '../kube/names.js';
import { macForIpv4Number } from './mac.js';
import { DEFAULT_NETWORK, POD_NETWORKS_ANNOTATION } from './types.js';
import { nodeSubnets } from './node-subnet-controller.js';
import { dueRetry, forgetRetry, retryLater, type PodRetries } from './pod-retry.js';

interface Held {
  allocator: PodIpAllocator;
  ip: string;
}

interface State {
  /** network → node ('*' for a network-wide range) → range → its allocator. */
  allocators: Map<string, Map<string, Map<string, PodIpAllocator>>>;
  /** What each live pod holds, to release on deletion. */
  held: Map<string, Held[]>;
  tunnelIds: Map<string, number>;
  /** Annotation templates by node subnets and network (templatesFor). */
  templates: WeakMap<Record<string, string[]>, Map<string, PodNetworksTemplate[]>>;
  /** Pods whose allocation failed, by key: when the retry loop tries them again. */
  retries: PodRetries;
}

export const podAllocator = controller<State>({
  name: 'ovnk-pod-allocator',
  delayMs: 0,
  watches: [
    { kind: 'Pod', keys: (e) => (e.type === 'DELETED' || ((e.object as Pod).spec.nodeName && !e.object.metadata.annotations?.[POD_NETWORKS_ANNOTATION]) ? [e.key] : NO_KEYS) },
    { kind: 'Node', keys: (e, view) => view.byIndex<Pod>('Pod', POD_NODE_INDEX, e.key).filter((p) => !p.metadata.annotations?.[POD_NETWORKS_ANNOTATION]).map((p) => `${p.metadata.namespace}/${p.metadata.name}`) },
    { kind: 'NetworkAttachmentDefinition', keys: (e, view) => view.list<Pod>('Pod', e.object.metadata.namespace).filter((p) => p.spec.nodeName && !p.metadata.annotations?.[POD_NETWORKS_ANNOTATION]).map((p) => `${p.metadata.namespace}/${p.metadata.name}`) },
  ],
  initialState: () => ({ allocators: new Map(), held: new Map(), tunnelIds: new Map(), templates: new WeakMap(), retries: new Map() }),
  reconcile: (key, view, ctx) => {
    const retry = dueRetry(ctx.state.retries, key, ctx.nowMs);
    if (retry.dropped) return retry.dropped;
    const result = allocatePod(key, view, ctx.state, ctx.cluster);
    if (!result.failed) {
      forgetRetry(ctx.state.retries, key);
      return result;
    }
    return retryLater(ctx.state.retries, key, ctx.nowMs, ctx.rng, retry.periodic, result.failed);
  },
});

/** What a reconcile did; `failed` when the pod found no address (upstream: AddResource's error). */
type Allocation = ReconcileResult & { failed?: LogRecord };

function allocatePod(key: string, view: StoreView, state: State, cluster: ClusterConfig): Allocation {
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
  // What the pod holds, looked up once for all its networks' addresses.
  let held = state.held.get(key);
  if (!held) state.held.set(key, (held = []));
  const defaultIps = allocateFrom(state, held, key, DEFAULT_NETWORK, pod.spec.nodeName, subnets[DEFAULT_NETWORK] ?? [], 'layer3-node');
  if (!defaultIps.ok) {
    // All or nothing, as upstream's AllocateNextIPs: a family that got an address gives it back.
    releasePod(state, key);
    return { failed: defaultIps.log };
  }
  let udnIps: string[] | undefined;
  if (active.kind === 'udn') {
    const ips = allocateUdn(state, held, key, pod.spec.nodeName, active.network, subnets);
    if (!ips.ok) {
      releasePod(state, key);
      return { failed: ips.log };
    }
    udnIps = ips.ips;
  }
  const secondaries = secondaryNetworksOf(pod, view);
  const keys = active.kind === 'udn' ? [DEFAULT_NETWORK, active.network.nadKey] : [DEFAULT_NETWORK];
  const addresses = udnIps ? [...defaultIps.ips, ...udnIps] : defaultIps.ips;
  const templates = secondaries.length === 0 && addresses.length === keys.length ? templatesFor(state, subnets, active) : undefined;
  let text = templates?.find((t) => t.fits(keys))?.format(keys, addresses);
  if (text === undefined) {
    const entries: Record<string, PodNetworkEntry> = {
      [DEFAULT_NETWORK]: buildDefaultEntry({
        podIps: defaultIps.ips,
        clusterSubnets: cluster.clusterNetwork.map((c) => c.cidr),
        serviceCidrs: cluster.serviceNetwork,
        masqueradeSubnets: [cluster.masqueradeSubnet],
        onPrimaryUdn: active.kind === 'udn',
      }),
    };
    if (active.kind === 'udn') entries[active.network.nadKey] = buildUdnEntry(state, active.network, udnIps!, cluster);
    for (const { request, network } of secondaries) {
      const secondary = secondaryEntry(state, held, key, pod.spec.nodeName, network, subnets);
      if (!secondary.ok) {
        releasePod(state, key);
        return { failed: secondary.log };
      }
      entries[`${request.namespace}/${request.name}`] = secondary.entry;
    }
    text = formatPodNetworks(entries);
    if (templates) {
      const made = PodNetworksTemplate.from(entries);
      if (made) templates.push(made);
    }
  }
  const annotations = Object.assign({}, pod.metadata.annotations); // not a spread: see kubelet's startPod
  annotations[POD_NETWORKS_ANNOTATION] = text;
  // Often the pod's first annotation: a spread copy of its metadata would then add a key (V8's slow path).
  const metadata = Object.assign({}, pod.metadata);
  metadata.annotations = annotations;
  return { writes: [{ op: 'update', object: { ...pod, metadata } }] };
}

/**
 * The annotation templates for pods on this node (by its parsed subnets, one object per stored
 * version of the node) in this namespace's kind of network: the default network's entry only, or
 * with a primary UDN's, the same for every namespace of a CUDN. One per order the keys sort in.
 */
function templatesFor(state: State, subnets: Record<string, string[]>, active: ActiveNetwork & { kind: 'default' | 'udn' }): PodNetworksTemplate[] {
  let byNetwork = state.templates.get(subnets);
  if (!byNetwork) state.templates.set(subnets, (byNetwork = new Map()));
  const network = active.kind === 'udn' ? networkSignature(active.network) : '';
  let templates = byNetwork.get(network);
  if (!templates) byNetwork.set(network, (templates = []));
  return templates;
}

/** What a primary UDN's entry is built from besides the pod's address (the NAD key is a slot). */
const signatures = new WeakMap<NetworkInfo, string>();

function networkSignature(network: NetworkInfo): string {
  let signature = signatures.get(network);
  if (signature === undefined) {
    signature = JSON.stringify([network.name, network.topology, network.subnets, network.joinSubnets]);
    signatures.set(network, signature);
  }
  return signature;
}

type UdnResult = { ok: true; entry: PodNetworkEntry } | { ok: false; log: LogRecord };

/** A primary UDN's addresses: Layer3 from the node's subnet of it, Layer2 from the network's. */
function allocateUdn(state: State, held: Held[], podKey: string, nodeName: string, network: NetworkInfo, subnets: Record<string, string[]>): Allocated {
  const layer3 = network.topology === 'layer3';
  const range = layer3 ? (subnets[network.name] ?? []) : network.subnets.map((s) => s.cidr);
  return allocateFrom(state, held, podKey, network.name, layer3 ? nodeName : '*', range, layer3 ? 'layer3-node' : 'layer2-primary');
}

function buildUdnEntry(state: State, network: NetworkInfo, ips: string[], cluster: ClusterConfig): PodNetworkEntry {
  const joinSubnets = network.joinSubnets.length ? network.joinSubnets : undefined;
  return network.topology === 'layer3'
    ? buildLayer3PrimaryEntry({ podIps: ips, clusterSubnets: network.subnets.map((s) => s.cidr), serviceCidrs: cluster.serviceNetwork, ...(joinSubnets ? { joinSubnets } : {}) })
    : buildLayer2PrimaryEntry({ podIps: ips, serviceCidrs: cluster.serviceNetwork, tunnelId: nextTunnelId(state, network.name), ...(joinSubnets ? { joinSubnets } : {}) });
}

/** W-2.1/W-2.5: a secondary entry — Layer3 from the node's subnet of that network, Layer2 from the
 * network's subnet with nothing reserved (or no address at all when IPAM is off). */
function secondaryEntry(state: State, held: Held[], podKey: string, nodeName: string, network: NetworkInfo, subnets: Record<string, string[]>): UdnResult {
  const layer3 = network.topology === 'layer3';
  const ranges = layer3 ? (subnets[network.name] ?? []) : network.subnets.map((s) => s.cidr);
  if (!layer3 && ranges.length === 0) {
    // OVN-K picks a random MAC here; a hash of the pod and network keeps runs identical.
    const mac = macForIpv4Number(fnv32a(`${podKey}|${network.name}`));
    return { ok: true, entry: buildSecondaryEntry({ topology: 'Layer2', podIps: [], macAddress: mac }) };
  }
  const ips = allocateFrom(state, held, podKey, network.name, layer3 ? nodeName : '*', ranges, layer3 ? 'layer3-node' : 'none');
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
function allocateFrom(state: State, held: Held[], podKey: string, network: string, node: string, ranges: readonly string[], reserve: PodIpReservation): Allocated {
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
    held.push({ allocator, ip });
    ips.push(`${ip}/${allocator.prefixLength}`);
  }
  return { ok: true, ips };
}

function releasePod(state: State, podKey: string): void {
  for (const { allocator, ip } of state.held.get(podKey) ?? []) allocator.release(ip);
  state.held.delete(podKey);
}
