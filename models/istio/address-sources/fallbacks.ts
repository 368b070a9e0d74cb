// The fallbacks the address sources share: status.podIPs (upstream) and the network-status UDN
// entry (W-5.2: first entry with "default": true, non-empty ips and an interface other than eth0).
import { statusPodIps } from '../../kube/pods.js';
import type { Pod } from '../../kube/types.js';
import { NETWORK_STATUS_ANNOTATION } from '../../ovnk/types.js';
import { parseNetworkStatus } from '../../ovnk/network-status.js';
import type { AddressResult } from './types.js';

export function fromStatusPodIps(pod: Pod): AddressResult {
  const fromList = (pod.status?.podIPs?.length ?? 0) > 0;
  // Joined, not a template: a template's pieces stay a rope of several strings, kept per workload.
  return { addresses: statusPodIps(pod), from: ['pod ', String(pod.metadata.namespace), '/', pod.metadata.name, fromList ? ' status.podIPs' : ' status.podIP'].join('') };
}

/** All IPs of the network-status UDN entry; none when the annotation is missing or malformed. */
export function networkStatusUdnIps(pod: Pod): string[] {
  const text = pod.metadata.annotations?.[NETWORK_STATUS_ANNOTATION];
  // Decoded as strictly as the fork's typed Go struct (W-5.2: "a missing or malformed annotation: none").
  const entries = text ? parseNetworkStatus(text) : null;
  return entries?.find((e) => e.default && e.ips.length > 0 && e.interface !== 'eth0')?.ips ?? [];
}

export function fromNetworkStatus(pod: Pod): AddressResult | undefined {
  const ips = networkStatusUdnIps(pod);
  if (ips.length === 0) return undefined;
  return { addresses: ips, from: `pod ${pod.metadata.namespace}/${pod.metadata.name} annotation ${NETWORK_STATUS_ANNOTATION} (the "default": true entry that is not eth0)` };
}
