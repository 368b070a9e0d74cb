// Pod MAC addresses, W-2.4: OVN-K derives them from the pod IP (`0a:58:` + the address's last four
// bytes), so the same IP always gets the same MAC.
import { parseIpAddress } from './pod-ip-allocator.js';

/** 10.200.0.3 → `0a:58:0a:c8:00:03`; for IPv6 the last four bytes of the address. */
export function macForIp(ip: string): string {
  const parsed = parseIpAddress(ip);
  if (parsed === null) throw new Error(`macForIp: not an IP address: ${ip}`);
  const low = Number(parsed.value & 0xffffffffn);
  const bytes = [low >>> 24, (low >>> 16) & 255, (low >>> 8) & 255, low & 255];
  return `0a:58:${bytes.map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
}
