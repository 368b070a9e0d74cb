// Who holds which address, per network, read from the pods' OVN-K annotations (W-2.4, W-2.5): the
// lookup every connection attempt starts from. Built once per moment a probe looks at the cluster.
import type { ClusterConfig } from '../cluster-config.js';
import type { Node, Pod } from '../kube/types.js';
import { activeNetwork } from '../ovnk/networks.js';
import { secondaryNetworksOf } from '../ovnk/secondary-networks.js';
import { parsePodNetworks } from '../ovnk/pod-annotations.js';
import { DEFAULT_NETWORK, POD_NETWORKS_ANNOTATION } from '../ovnk/types.js';
import type { StoreView } from '../store-view.js';
import { containsIp, stripPrefix } from './cidr.js';

export interface PodInterface {
  /** eth0, ovn-udn1 (primary UDN), net1… (secondary networks), or host. */
  name: string;
  network: string;
  ips: string[];
  role: 'primary' | 'infrastructure-locked' | 'secondary' | 'host';
  /** The network's subnets, routed through this interface (secondary networks). */
  subnets?: string[];
}

export interface PodNets {
  pod: Pod;
  /** The network the pod's own traffic uses: `default` or the UDN's name. */
  primaryNetwork: string;
  /** UDN subnets (for routing), when on a primary UDN. */
  udnSubnets: string[];
  interfaces: PodInterface[];
}

export interface Holder {
  nets: PodNets;
  iface: PodInterface;
}

export interface AddressBook {
  byIp: Map<string, Holder[]>;
  byPod: Map<string, PodNets>;
}

export function buildAddressBook(view: StoreView): AddressBook {
  const byIp = new Map<string, Holder[]>();
  const byPod = new Map<string, PodNets>();
  for (const pod of view.list<Pod>('Pod')) {
    const nets = podNets(pod, view);
    if (!nets) continue;
    byPod.set(`${pod.metadata.namespace}/${pod.metadata.name}`, nets);
    for (const iface of nets.interfaces) {
      for (const ip of iface.ips) {
        const list = byIp.get(ip);
        if (list) list.push({ nets, iface });
        else byIp.set(ip, [{ nets, iface }]);
      }
    }
  }
  return { byIp, byPod };
}

/** One pod's interfaces and addresses (undefined until OVN-K annotated it, or for a host-network pod on an unknown node). */
export function podNets(pod: Pod, view: StoreView): PodNets | undefined {
  if (pod.spec.hostNetwork) {
    const node = pod.spec.nodeName ? view.get<Node>('Node', pod.spec.nodeName) : undefined;
    const ip = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (!ip) return undefined;
    return { pod, primaryNetwork: DEFAULT_NETWORK, udnSubnets: [], interfaces: [{ name: 'host', network: DEFAULT_NETWORK, ips: [ip], role: 'host' }] };
  }
  const networks = parsePodNetworks(pod.metadata.annotations?.[POD_NETWORKS_ANNOTATION] ?? '');
  const defaultEntry = networks?.[DEFAULT_NETWORK];
  if (!networks || !defaultEntry) return undefined;
  const interfaces: PodInterface[] = [
    { name: 'eth0', network: DEFAULT_NETWORK, ips: defaultEntry.ip_addresses.map(stripPrefix), role: defaultEntry.role === 'primary' ? 'primary' : 'infrastructure-locked' },
  ];
  const active = activeNetwork(view, pod.metadata.namespace ?? 'default');
  const udn = active.kind === 'udn' ? networks[active.network.nadKey] : undefined;
  const onUdn = active.kind === 'udn' && udn !== undefined;
  if (onUdn) interfaces.push({ name: 'ovn-udn1', network: active.network.name, ips: udn.ip_addresses.map(stripPrefix), role: 'primary' });
  for (const { request, network } of secondaryNetworksOf(pod, view)) {
    const entry = networks[`${request.namespace}/${request.name}`];
    if (entry) interfaces.push({ name: request.interface, network: network.name, ips: entry.ip_addresses.map(stripPrefix), role: 'secondary', subnets: network.subnets.map((s) => s.cidr) });
  }
  if (onUdn) return { pod, primaryNetwork: active.network.name, udnSubnets: active.network.subnets.map((s) => s.cidr), interfaces };
  return { pod, primaryNetwork: DEFAULT_NETWORK, udnSubnets: [], interfaces };
}

/** The pod's routing table (W-2.5): on a primary UDN the cluster network and 100.64.0.0/16 leave
 * via eth0, everything else (UDN subnet, services, 100.65.0.0/16, default route) via ovn-udn1. */
export function routeFor(nets: PodNets, dstIp: string, cluster: ClusterConfig): PodInterface {
  const first = nets.interfaces[0]!;
  const secondary = nets.interfaces.find((i) => i.role === 'secondary' && containsIp(i.subnets ?? [], dstIp));
  if (secondary) return secondary;
  const udn = nets.interfaces.find((i) => i.name === 'ovn-udn1');
  if (!udn) return first;
  if (containsIp(nets.udnSubnets, dstIp)) return udn;
  if (containsIp([...cluster.clusterNetwork.map((c) => c.cidr), '100.64.0.0/16'], dstIp)) return first;
  return udn;
}

/** The source address a socket gets when it connects to `dstIp` from this pod. */
export function sourceIpFor(nets: PodNets, dstIp: string, cluster: ClusterConfig): string {
  const iface = routeFor(nets, dstIp, cluster);
  const v6 = dstIp.includes(':');
  return iface.ips.find((ip) => ip.includes(':') === v6) ?? iface.ips[0] ?? '';
}
