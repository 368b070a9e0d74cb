// The fallbacks the address sources share: status.podIPs (upstream) and the network-status UDN
// entry (W-5.2: first entry with "default": true, non-empty ips and an interface other than eth0).
import { statusPodIps } from '../../kube/pods.js';
import type { Pod } from '../../kube/types.js';
import { NETWORK_STATUS_ANNOTATION } from '../../ovnk/types.js';
import type { AddressResult } from './types.js';

export function fromStatusPodIps(pod: Pod): AddressResult {
  const fromList = (pod.status?.podIPs?.length ?? 0) > 0;
  return { addresses: statusPodIps(pod), from: `pod ${pod.metadata.namespace}/${pod.metadata.name} status.${fromList ? 'podIPs' : 'podIP'}` };
}

interface StatusEntry {
  interface: string;
  ips: string[];
  default: boolean;
}

/** Decodes like the fork's typed Go struct: a wrongly typed field fails the whole annotation;
 * a `null` element decodes to an empty entry. */
function decodeNetworkStatus(text: string): StatusEntry[] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(raw)) return null;
  const entries: StatusEntry[] = [];
  for (const item of raw as unknown[]) {
    if (item === null) {
      entries.push({ interface: '', ips: [], default: false });
      continue;
    }
    if (typeof item !== 'object' || Array.isArray(item)) return null;
    const e = item as Record<string, unknown>;
    const ips = e['ips'] ?? [];
    if (!optional(e['interface'], 'string') || !optional(e['default'], 'boolean') || !optional(e['name'], 'string')) return null;
    if (!Array.isArray(ips) || !ips.every((ip) => typeof ip === 'string')) return null;
    entries.push({ interface: (e['interface'] as string | undefined) ?? '', ips: ips as string[], default: e['default'] === true });
  }
  return entries;
}

const optional = (value: unknown, type: 'string' | 'boolean') => value === undefined || value === null || typeof value === type;

/** All IPs of the network-status UDN entry; none when the annotation is missing or malformed. */
export function networkStatusUdnIps(pod: Pod): string[] {
  const text = pod.metadata.annotations?.[NETWORK_STATUS_ANNOTATION];
  const entries = text ? decodeNetworkStatus(text) : null;
  return entries?.find((e) => e.default && e.ips.length > 0 && e.interface !== 'eth0')?.ips ?? [];
}

export function fromNetworkStatus(pod: Pod): AddressResult | undefined {
  const ips = networkStatusUdnIps(pod);
  if (ips.length === 0) return undefined;
  return { addresses: ips, from: `pod ${pod.metadata.namespace}/${pod.metadata.name} annotation ${NETWORK_STATUS_ANNOTATION} (the "default": true entry that is not eth0)` };
}
