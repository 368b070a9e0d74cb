// The controller's overlap check (W-2.1): a UDN's subnets and join subnets against the cluster's
// internal subnets, first hit wins, with OpenShift 4.18/4.19's message.
import type { ClusterConfig } from '../cluster-config.js';
import { cidrsOverlap, parseCidr } from '../net/cidr.js';
import { DEFAULT_JOIN_SUBNETS } from './types.js';

const PREFIX =
  'failed to generate NetworkAttachmentDefinition: failed to render CNI network config: invalid subnet configuration: pod or join subnet overlaps with already configured internal subnets: illegal network configuration: ';

interface Named {
  kind: string;
  cidr: string;
}

/** The error text, or undefined when nothing overlaps. */
export function checkSubnetOverlap(cluster: ClusterConfig, subnets: readonly string[], joinSubnets: readonly string[]): string | undefined {
  const internal: Named[] = [
    ...cluster.clusterNetwork.map((c) => ({ kind: 'cluster subnet', cidr: c.cidr })),
    ...cluster.serviceNetwork.map((cidr) => ({ kind: 'service subnet', cidr })),
    { kind: 'built-in join subnet', cidr: DEFAULT_JOIN_SUBNETS[0]! },
    { kind: 'masquerade subnet', cidr: cluster.masqueradeSubnet },
  ];
  const own: Named[] = [
    ...subnets.map((cidr) => ({ kind: 'user defined subnet', cidr })),
    ...joinSubnets.map((cidr) => ({ kind: 'user defined join subnet', cidr })),
  ];
  for (const mine of own) {
    const against = mine.kind === 'user defined subnet' ? [...internal, ...joinSubnets.map((cidr) => ({ kind: 'user defined join subnet', cidr }))] : internal;
    for (const other of against) {
      const a = parseCidr(mine.cidr);
      const b = parseCidr(other.cidr);
      if (a && b && cidrsOverlap(a, b)) return `${PREFIX}${mine.kind} "${mine.cidr}" overlaps ${other.kind} "${other.cidr}"`;
    }
  }
  return undefined;
}
