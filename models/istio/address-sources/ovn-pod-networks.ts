// A candidate fix (W-5.2, no known build): the `k8s.ovn.org/pod-networks` entry with role
// primary, else status IPs.
import { stripPrefix } from '../../net/cidr.js';
import { POD_NETWORKS_ANNOTATION } from '../../ovnk/types.js';
import { fromStatusPodIps } from './fallbacks.js';
import type { AddressSource } from './types.js';

export const ovnPodNetworksSource: AddressSource = (pod) => {
  const text = pod.metadata.annotations?.[POD_NETWORKS_ANNOTATION];
  if (text) {
    try {
      const networks = JSON.parse(text) as Record<string, { ip_addresses?: unknown; role?: unknown }>;
      for (const [nadKey, entry] of Object.entries(networks)) {
        if (entry.role !== 'primary' || !Array.isArray(entry.ip_addresses) || entry.ip_addresses.length === 0) continue;
        return {
          addresses: entry.ip_addresses.map((a) => stripPrefix(String(a))),
          from: `pod ${pod.metadata.namespace}/${pod.metadata.name} annotation ${POD_NETWORKS_ANNOTATION}["${nadKey}"] (role primary)`,
        };
      }
    } catch {
      // malformed: fall back like a missing annotation
    }
  }
  return fromStatusPodIps(pod);
};
