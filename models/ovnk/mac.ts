// Pod MAC addresses, W-2.4: OVN-K derives them from the pod IP (`0a:58:` + the address's last four
// bytes), so the same IP always gets the same MAC.
import { parseIpAddress } from '../net/cidr.js';

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The MAC for the low 32 bits of an address given as a number. */
export function macForIpv4Number(value: number): string {
  // Joined, not a template: a template's pieces stay a rope (a MAC per pod and network is kept).
  return ['0a:58:', HEX_BYTES[value >>> 24], ':', HEX_BYTES[(value >>> 16) & 255], ':', HEX_BYTES[(value >>> 8) & 255], ':', HEX_BYTES[value & 255]].join('');
}

/** 10.200.0.3 → `0a:58:0a:c8:00:03`; for IPv6 the last four bytes of the address. */
export function macForIp(ip: string): string {
  const parsed = parseIpAddress(ip);
  if (parsed === null) throw new Error(`macForIp: not an IP address: ${ip}`);
  return macForIpv4Number(Number(parsed.value & 0xffffffffn));
}
