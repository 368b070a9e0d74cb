// `sim generate`'s parameters and presets: cluster size, how namespaces split across networks and
// data-plane modes, and how many probes to sample. `seed-limit` is the seed's network at its limit:
// 3.3.0.0/16 with /24 host subnets over 250 nodes, 200 pods per node, 5 000 Services.
import { parseCidrAddress } from '../../models/net/cidr.js';
import { LIMITS, overLimitMessage } from '../scenario/limits.js';
import { defaultClusterSettings } from '../scenario/read-cluster.js';
import { HostSubnetAllocator } from '../../models/ovnk/host-subnet-allocator.js';
import { PodIpAllocator, type PodIpReservation } from '../../models/ovnk/pod-ip-allocator.js';

export interface GenerateParams {
  name: string;
  seed: number;
  nodes: number;
  namespaces: number;
  /** Share of namespaces on a primary UDN (0–1). */
  udnShare: number;
  /** How many CUDNs the UDN namespaces are spread over (all with the same CIDR: allowed, and isolated). */
  networks: number;
  topology: 'Layer3' | 'Layer2';
  cidr: string;
  hostSubnet: number;
  deploymentsPerNamespace: number;
  replicas: number;
  /** Share of namespaces in ambient mode, and in sidecar mode (the rest: no mesh). */
  ambientShare: number;
  sidecarShare: number;
  probes: number;
  /** Install Istio (Sail CRs) at all. */
  istio: boolean;
}

const BASE: GenerateParams = {
  name: 'generated',
  seed: 1,
  nodes: 3,
  namespaces: 4,
  udnShare: 0.5,
  networks: 1,
  topology: 'Layer3',
  cidr: '3.3.0.0/16',
  hostSubnet: 24,
  deploymentsPerNamespace: 3,
  replicas: 2,
  ambientShare: 0.5,
  sidecarShare: 0.25,
  probes: 8,
  istio: true,
};

export const PRESETS: Record<string, GenerateParams> = {
  small: { ...BASE, name: 'generated-small' },
  medium: { ...BASE, name: 'generated-medium', nodes: 25, namespaces: 25, deploymentsPerNamespace: 20, replicas: 10, udnShare: 1, ambientShare: 1, sidecarShare: 0, probes: 100 },
  'seed-limit': { ...BASE, name: 'seed-limit', nodes: 250, namespaces: 250, deploymentsPerNamespace: 20, replicas: 10, udnShare: 1, ambientShare: 1, sidecarShare: 0, probes: 1000 },
};

/** Problems with a parameter set, in words (empty when usable). The network's CIDR and host subnet
 * are held to what the ClusterUserDefinedNetwork's own validation admits (W-2.1), so that a
 * generated file is never one `oc apply` refuses. */
export function checkParams(p: GenerateParams): string[] {
  const problems: string[] = [];
  const positive = ['nodes', 'namespaces', 'networks', 'deploymentsPerNamespace', 'replicas'] as const;
  for (const key of positive) if (!Number.isInteger(p[key]) || p[key] < 1) problems.push(`--${key} must be a positive integer`);
  for (const key of ['udnShare', 'ambientShare', 'sidecarShare'] as const) if (!(p[key] >= 0 && p[key] <= 1)) problems.push(`--${key} must be between 0 and 1`);
  if (p.ambientShare + p.sidecarShare > 1) problems.push('--ambientShare plus --sidecarShare must not exceed 1');
  if (!Number.isInteger(p.probes) || p.probes < 0) problems.push('--probes must be a non-negative integer');
  problems.push(...sizeProblems(p));
  if (!Number.isSafeInteger(p.seed)) problems.push('--seed must be an integer');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name)) problems.push('--name must be a DNS label');
  const cidr = parseCidrAddress(p.cidr);
  if (cidr === null) problems.push(`--cidr must be a CIDR such as 3.3.0.0/16, not "${p.cidr}"`);
  else if (p.topology === 'Layer3') {
    const most = cidr.family === 4 ? 31 : 127;
    if (!Number.isInteger(p.hostSubnet) || p.hostSubnet <= cidr.prefixLength || p.hostSubnet > most) {
      problems.push(`--hostSubnet must be a prefix length longer than the CIDR's /${cidr.prefixLength} and at most /${most} for IPv${cidr.family}, not ${p.hostSubnet}`);
    } else if (cidr.family === 6 && p.hostSubnet !== 64) {
      // OVN-K's cluster manager refuses any other (W-2.1: `IPv6 only supports /64 host subnets`).
      problems.push(`--hostSubnet must be 64 for an IPv6 CIDR (OVN-K: IPv6 only supports /64 host subnets), not ${p.hostSubnet}`);
    }
  }
  return problems;
}

/** The sizes the scenario loader would refuse (README "Limits"), refused before anything is generated. */
function sizeProblems(p: GenerateParams): string[] {
  const counts = [p.nodes, p.namespaces, p.networks, p.deploymentsPerNamespace, p.replicas, p.probes];
  if (!counts.every((n) => Number.isInteger(n) && n >= 0)) return [];
  const problems: string[] = [];
  if (p.nodes > LIMITS.nodes) problems.push(`--nodes: ${overLimitMessage(`${p.nodes} nodes`, LIMITS.nodes, 'nodes')}`);
  const pods = p.namespaces * p.deploymentsPerNamespace * p.replicas + (p.istio ? 2 * Math.min(p.nodes, LIMITS.nodes) : 0);
  if (pods > LIMITS.pods) problems.push(`--namespaces × --deploymentsPerNamespace × --replicas: ${overLimitMessage(`${pods} pods`, LIMITS.pods, 'pods')}`);
  if (p.probes > LIMITS.probes) problems.push(`--probes: ${overLimitMessage(`${p.probes} probes`, LIMITS.probes, 'probes')}`);
  if (p.networks > LIMITS.objects) problems.push(`--networks: ${overLimitMessage(`${p.networks} ClusterUserDefinedNetworks`, LIMITS.objects, 'objects')}`);
  return problems;
}

/**
 * What the cluster will run out of, in words (empty when nothing): generating past a limit is
 * allowed — the seed's network at its limit is the point of `seed-limit` — but the user should know
 * before a run shows pods that never start. Counts the pods as the generator places them (an even
 * share per node, the mesh's two agents per node on the first network), against OVN-K's per-node
 * host subnets (Layer3: two addresses reserved for the gateway and management port, W-2.4), the
 * network-wide subnet (Layer2), and the default network's (OpenShift's default cluster network).
 */
export function capacityWarnings(p: GenerateParams): string[] {
  const warnings: string[] = [];
  if (checkParams(p).length > 0) return warnings;
  const udnNamespaces = Math.round(p.udnShare * p.namespaces);
  const podsPerNamespace = p.deploymentsPerNamespace * p.replicas;
  const agents = p.istio ? 2 : 0;
  if (udnNamespaces > 0 && p.topology === 'Layer3') {
    const hostSubnets = new HostSubnetAllocator([{ cidr: p.cidr, hostSubnetLength: p.hostSubnet }]);
    const subnets = hostSubnets.capacity()[0]!;
    if (p.nodes > subnets) {
      warnings.push(`${p.nodes} nodes, but ${p.cidr} holds ${subnets} /${p.hostSubnet} host subnets: ${p.nodes - subnets} nodes get none, and pods of the UDN namespaces scheduled there never start (W-2.3)`);
    }
    const perNode = Math.ceil((Math.ceil(udnNamespaces / p.networks) * podsPerNamespace) / p.nodes) + agents;
    const room = podAddresses(hostSubnets, 'layer3-node');
    if (perNode > room) {
      warnings.push(`about ${perNode} pods per node on a network, but a /${p.hostSubnet} host subnet has addresses for ${room}: the rest stay without an address (W-2.4)`);
    }
  }
  if (udnNamespaces > 0 && p.topology === 'Layer2') {
    const pods = Math.ceil(udnNamespaces / p.networks) * podsPerNamespace + agents * p.nodes;
    const room = new PodIpAllocator(p.cidr, 'layer2-primary').freeCount();
    if (pods > room) warnings.push(`about ${pods} pods on a network, but ${p.cidr} has addresses for ${room}: the rest stay without an address (W-2.4)`);
  }
  // The generated scenario leaves the cluster network at OpenShift's default.
  const { cidr: clusterCidr, hostPrefix } = defaultClusterSettings().clusterNetwork[0]!;
  const nodeSubnets = new HostSubnetAllocator([{ cidr: clusterCidr, hostSubnetLength: hostPrefix }]);
  const defaultSubnets = nodeSubnets.capacity()[0]!;
  if (p.nodes > defaultSubnets) {
    warnings.push(`${p.nodes} nodes, but the default network ${clusterCidr} holds ${defaultSubnets} /${hostPrefix} host subnets: ${p.nodes - defaultSubnets} nodes get none (W-2.3)`);
  }
  const perNodeDefault = Math.ceil((p.namespaces * podsPerNamespace) / p.nodes) + agents;
  const defaultRoom = podAddresses(nodeSubnets, 'layer3-node');
  if (perNodeDefault > defaultRoom) {
    warnings.push(`about ${perNodeDefault} pods per node, but a /${hostPrefix} default-network host subnet has addresses for ${defaultRoom}: the rest stay without an address (W-2.4)`);
  }
  return warnings;
}

/** The pod addresses of one host subnet, as OVN-K's allocators hand them out (W-2.3, W-2.4). */
function podAddresses(hostSubnets: HostSubnetAllocator, reserve: PodIpReservation): number {
  const subnet = hostSubnets.allocate('capacity')?.[0];
  return subnet === undefined ? 0 : new PodIpAllocator(subnet, reserve).freeCount();
}
