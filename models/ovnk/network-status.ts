// Multus' `k8s.v1.cni.cncf.io/network-status` (W-2.5): what it records for a pod from OVN-K's
// pod-networks entries, written as Go's json.MarshalIndent writes it, and read back as Go decodes it.
import { isStringList, pushGoString } from './go-json.js';
import type { PodNetworkEntry } from './pod-annotations.js';

export interface NetworkStatusEntry {
  name: string;
  interface: string;
  ips: string[];
  mac: string;
  default?: boolean;
  dns: Record<string, never>;
}

/** One entry as Go's json.MarshalIndent(entry, "", "    ") writes it (empty fields omitted), its
 * pieces added to `parts`: the whole annotation is joined once into one flat string (a chain of
 * concatenations allocates a node per piece, and the rope stays in the stored pod). */
function pushStatusEntry(parts: string[], entry: NetworkStatusEntry): void {
  parts.push('{\n    "name": ');
  pushGoString(parts, entry.name);
  if (entry.interface) {
    parts.push(',\n    "interface": ');
    pushGoString(parts, entry.interface);
  }
  if (entry.ips.length > 0) {
    parts.push(',\n    "ips": [');
    for (let i = 0; i < entry.ips.length; i++) {
      parts.push(i > 0 ? ',\n        ' : '\n        ');
      pushGoString(parts, entry.ips[i]!);
    }
    parts.push('\n    ]');
  }
  if (entry.mac) {
    parts.push(',\n    "mac": ');
    pushGoString(parts, entry.mac);
  }
  if (entry.default) parts.push(',\n    "default": true');
  parts.push(',\n    "dns": {}\n}');
}

/** Multus indents each entry on its own and joins them with `,` inside `[…]`: `[{\n…\n},{\n…\n}]`. */
export function formatNetworkStatus(entries: NetworkStatusEntry[]): string {
  const parts = ['['];
  for (let i = 0; i < entries.length; i++) {
    if (i > 0) parts.push(',');
    pushStatusEntry(parts, entries[i]!);
  }
  parts.push(']');
  return parts.join('');
}

/** One entry decoded the way Go decodes it into a typed struct: a missing or null field is its zero
 * value, a null entry is an empty one, a field of the wrong type fails the whole annotation. */
function parseStatusEntry(raw: unknown): NetworkStatusEntry | null {
  if (raw === null) return { name: '', interface: '', ips: [], mac: '', dns: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const ips = r.ips ?? [];
  const optional = (value: unknown): value is string | undefined | null => value === undefined || value === null || typeof value === 'string';
  if (!optional(r.name) || !optional(r.interface) || !optional(r.mac) || !isStringList(ips)) return null;
  if (r.default !== undefined && r.default !== null && typeof r.default !== 'boolean') return null;
  const entry: NetworkStatusEntry = { name: r.name ?? '', interface: r.interface ?? '', ips, mac: r.mac ?? '', dns: {} };
  if (r.default === true) entry.default = true;
  return entry;
}

/** Reads a network-status value (any JSON spacing); null when malformed. DNS details are dropped. */
export function parseNetworkStatus(text: string): NetworkStatusEntry[] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(raw)) return null;
  const entries = raw.map(parseStatusEntry);
  return entries.every((e): e is NetworkStatusEntry => e !== null) ? entries : null;
}

function addressesOf(entry: PodNetworkEntry): string[] {
  return entry.ip_addresses.map((ip) => (ip.includes('/') ? ip.slice(0, ip.indexOf('/')) : ip));
}

/**
 * What Multus records for a pod from its pod-networks entries: the UDN result is merged into the
 * default one, so a primary-UDN pod shows eth0 then `ovn-udn1` (the default), both under the
 * cluster network's name. Secondary networks (net1, …) are not modelled here.
 */
export function networkStatusEntriesFor(podNetworks: Record<string, PodNetworkEntry>, clusterNetworkName = 'ovn-kubernetes'): NetworkStatusEntry[] {
  const eth0 = podNetworks['default'];
  if (eth0 === undefined) return [];
  const udn = primaryUdnEntry(podNetworks);
  // Literals in one shape rather than a spread that adds `default` (V8's slow path, ≈ 2 µs a pod).
  if (udn === undefined) return [{ name: clusterNetworkName, interface: 'eth0', ips: addressesOf(eth0), mac: eth0.mac_address, default: true, dns: {} }];
  return [
    { name: clusterNetworkName, interface: 'eth0', ips: addressesOf(eth0), mac: eth0.mac_address, dns: {} },
    { name: clusterNetworkName, interface: 'ovn-udn1', ips: addressesOf(udn), mac: udn.mac_address, default: true, dns: {} },
  ];
}

/** The pod's primary UDN entry, if it has one (the first such key, should there be several): OVN-K's
 * CNI sets its interface up in the same ADD as eth0 and returns both in one result. */
export function primaryUdnEntry(podNetworks: Record<string, PodNetworkEntry>): PodNetworkEntry | undefined {
  let udnKey: string | undefined;
  for (const key in podNetworks) {
    if (key !== 'default' && podNetworks[key]!.role === 'primary' && (udnKey === undefined || key < udnKey)) udnKey = key;
  }
  return udnKey === undefined ? undefined : podNetworks[udnKey];
}
