// The `k8s.ovn.org/pod-networks` text of a node's pods, from a template: on one node, pods on the
// same networks get entries that differ only in their address, the MAC derived from it and (for a
// CUDN, whose NAD is in every namespace) the NAD key (W-2.4: gateways and routes come from the
// node's subnets and the network). The first pod's entries, formatted with markers in place of those,
// are cut around the markers; a later pod's text is the pieces with its own values in between, and
// its parsed form a copy of the template's with the same fields set. A test holds both equal to
// what formatPodNetworks writes and parsing gives.
import { goString } from './go-json.js';
import { macForIpv4Number } from './mac.js';
import { formatPodNetworksText, podNetworkKeys, readBackPodNetworks, rememberPodNetworks, type PodNetworkEntry } from './pod-annotations.js';
import { parseIpv4Cidr } from '../net/cidr.js';

type Field = 'key' | 'ip' | 'mac';

interface Slot {
  field: Field;
  /** Which entry, in the order the template was made with. */
  entry: number;
}

const MARKER = /#(key|ip|mac)(\d+)#/;

/** A NAD key as it stands inside the quotes (Go's escaping): a handful of keys, for every pod. */
function escapedKey(key: string): string {
  let escaped = escapedKeys.get(key);
  if (escaped === undefined) {
    if (escapedKeys.size >= 10_000) escapedKeys.clear();
    escapedKeys.set(key, (escaped = goString(key).slice(1, -1)));
  }
  return escaped;
}

const escapedKeys = new Map<string, string>();

export class PodNetworksTemplate {
  private constructor(
    /** The entries in annotation order, as positions in the order the values are given. */
    private readonly order: readonly number[],
    private readonly pieces: readonly string[],
    private readonly slots: readonly Slot[],
    /** The parsed form with markers, in annotation order. */
    private readonly parsed: readonly PodNetworkEntry[],
  ) {}

  /**
   * A template from one pod's entries, or undefined when they are not of the shape it handles: one
   * IPv4 address per entry (ip_addresses and ip_address both that address), its MAC, no tunnel id.
   */
  static from(entries: Record<string, PodNetworkEntry>): PodNetworksTemplate | undefined {
    const keys = Object.keys(entries);
    const marked: Record<string, PodNetworkEntry> = {};
    for (const [i, key] of keys.entries()) {
      const entry = entries[key]!;
      const ip = entry.ip_addresses[0];
      if (entry.ip_addresses.length !== 1 || ip === undefined || entry.ip_address !== ip || entry.tunnel_id !== undefined || entry.ipv6_lla_gateway_ip !== undefined) return undefined;
      const v4 = parseIpv4Cidr(ip);
      if (v4 === null || entry.mac_address !== macForIpv4Number(v4.address)) return undefined;
      marked[`#key${i}#`] = { ...entry, ip_addresses: [`#ip${i}#`], ip_address: `#ip${i}#`, mac_address: `#mac${i}#` };
    }
    // Entries are written in the order of their real keys.
    const order = podNetworkKeys(entries).map((key) => keys.indexOf(key));
    const markedKeys = order.map((i) => `#key${i}#`);
    const parts = formatPodNetworksText(markedKeys, marked).split(MARKER);
    const pieces: string[] = [];
    const slots: Slot[] = [];
    for (let i = 0; i < parts.length; i += 3) {
      pieces.push(parts[i]!);
      if (i + 2 < parts.length) slots.push({ field: parts[i + 1] as Field, entry: Number(parts[i + 2]) });
    }
    const parsed = readBackPodNetworks(markedKeys, marked);
    if (parsed === null) return undefined;
    return new PodNetworksTemplate(order, pieces, slots, markedKeys.map((key) => parsed[key]!));
  }

  /** Whether entries under these keys (in the template's order) are written in the template's order. */
  fits(keys: readonly string[]): boolean {
    for (let i = 1; i < this.order.length; i++) if (!(keys[this.order[i - 1]!]! < keys[this.order[i]!]!)) return false;
    return keys.length === this.order.length;
  }

  /** The text for a pod with these keys and addresses (`10.129.2.15/23`), one each per entry in the
   * template's order; what parsing it gives is remembered, as formatPodNetworks does. */
  format(keys: readonly string[], addresses: readonly string[]): string {
    if (!this.fits(keys) || addresses.length !== keys.length) throw new Error(`pod-networks template does not fit ${keys.join(', ')}`);
    // The markers sit inside the quotes: a key goes in as its escaped text.
    const macs: string[] = [];
    for (const ip of addresses) {
      const v4 = parseIpv4Cidr(ip);
      if (v4 === null) throw new Error(`pod-networks template given ${ip}, not an IPv4 address with its prefix`);
      macs.push(macForIpv4Number(v4.address));
    }
    const values: Record<Field, readonly string[]> = { key: keys.map(escapedKey), ip: addresses, mac: macs };
    // Joined in one go: the text is a cache key (hashed whole), and a flat string needs no
    // flattening first, as a chain of concatenations would.
    const parts: string[] = [this.pieces[0]!];
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      parts.push(values[slot.field][slot.entry]!, this.pieces[i + 1]!);
    }
    const text = parts.join('');
    const parsed: Record<string, PodNetworkEntry> = {};
    for (let i = 0; i < this.order.length; i++) {
      const at = this.order[i]!;
      const ip = addresses[at]!;
      parsed[keys[at]!] = { ...this.parsed[i]!, ip_addresses: [ip], mac_address: macs[at]!, ip_address: ip };
    }
    rememberPodNetworks(text, parsed);
    return text;
  }
}
