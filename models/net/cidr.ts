// Address and CIDR text as Go's net package reads and prints it (parsing, RFC 5952 formatting), and
// canonical CIDRs as numeric ranges so containment and overlap on hot paths are cheap comparisons.
import { IPv6, Validator } from 'ip-num';

export type IpFamily = 4 | 6;

export interface ParsedCidr {
  family: IpFamily;
  /** The address as written (host bits kept, like the IP of a pod's `10.129.2.15/23`). */
  address: bigint;
  /** The address with the host bits cleared. */
  network: bigint;
  prefixLength: number;
}

export class InvalidCidrError extends Error {
  override readonly name = 'InvalidCidrError';
  readonly code = 'InvalidCidr' as const;
  constructor(readonly cidr: string) {
    super(`invalid CIDR address: ${cidr}`);
  }
}

const PREFIX = /^(?:\d|[1-9]\d|1[01]\d|12[0-8])$/;

/** Dotted IPv4 to a 32-bit unsigned number; null unless it is a plain a.b.c.d (no leading zeros).
 * Read character by character: it is on every pod's path. */
export function parseIpv4(text: string): number | null {
  let value = 0;
  let octets = 0;
  let i = 0;
  const end = text.length;
  while (i < end) {
    const start = i;
    let octet = 0;
    while (i < end) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      octet = octet * 10 + digit;
      i++;
    }
    const length = i - start;
    if (length === 0 || length > 3 || octet > 255 || (length > 1 && text.charCodeAt(start) === 48)) return null;
    value = value * 256 + octet;
    octets++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 46 || octets === 4) return null;
    i++;
    if (i === end) return null;
  }
  return octets === 4 ? value : null;
}

/** `a.b.c.d/n` with plain numbers (the hot path for pod addresses); null unless strictly IPv4. */
export function parseIpv4Cidr(text: string): { address: number; prefixLength: number } | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const prefixText = text.slice(slash + 1);
  const address = parseIpv4(text.slice(0, slash));
  if (address === null || !PREFIX.test(prefixText) || Number(prefixText) > 32) return null;
  return { address, prefixLength: Number(prefixText) };
}

export function parseIpAddress(text: string): { family: IpFamily; value: bigint } | null {
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    return v4 === null ? null : { family: 4, value: BigInt(v4) };
  }
  if (text.includes('%') || !Validator.isValidIPv6String(text)[0]) return null;
  return { family: 6, value: IPv6.fromString(text).getValue() };
}

/** Like Go's net.ParseCIDR: the address keeps its host bits, `network` has them cleared. */
export function parseCidrAddress(text: string): ParsedCidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const prefixText = text.slice(slash + 1);
  const ip = parseIpAddress(text.slice(0, slash));
  if (ip === null || !PREFIX.test(prefixText)) return null;
  const prefixLength = Number(prefixText);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefixLength > bits) return null;
  const hostBits = BigInt(bits - prefixLength);
  return { family: ip.family, address: ip.value, network: (ip.value >> hostBits) << hostBits, prefixLength };
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** RFC 5952 text, as Go prints it: lowercase, the longest run of two or more zero groups as `::`. */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; i++) {
    if (groups[i] !== 0) continue;
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatIpAddress(family: IpFamily, value: bigint): string {
  return family === 4 ? formatIpv4(Number(value)) : formatIpv6(value);
}

/** The canonical form of a CIDR with host bits cleared (`10.128.0.1/14` → `10.128.0.0/14`). */
export function canonicalCidr(text: string): string {
  const cidr = parseCidrAddress(text);
  if (cidr === null) throw new InvalidCidrError(text);
  return `${formatIpAddress(cidr.family, cidr.network)}/${cidr.prefixLength}`;
}

export interface Cidr {
  text: string;
  family: 4 | 6;
  prefix: number;
  first: bigint;
  last: bigint;
}

const cache = new Map<string, Cidr | null>();

/** A CIDR in canonical network form, or null when the text is not one (host bits set included). */
export function parseCidr(text: string): Cidr | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const parsed = parseCidrAddress(text);
  const bits = parsed?.family === 6 ? 128n : 32n;
  const cidr =
    parsed && parsed.address === parsed.network
      ? { text, family: parsed.family, prefix: parsed.prefixLength, first: parsed.network, last: parsed.network + (1n << (bits - BigInt(parsed.prefixLength))) - 1n }
      : null;
  cache.set(text, cidr);
  return cidr;
}

export function isIpv6(ip: string): boolean {
  return ip.includes(':');
}

const ipCache = new Map<string, bigint | null>();

export function ipToBigInt(ip: string): bigint | null {
  const hit = ipCache.get(ip);
  if (hit !== undefined) return hit;
  const value = parseIpAddress(ip)?.value ?? null;
  if (ipCache.size > 200_000) ipCache.clear();
  ipCache.set(ip, value);
  return value;
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  if ((cidr.family === 6) !== isIpv6(ip)) return false;
  const value = ipToBigInt(ip);
  return value !== null && value >= cidr.first && value <= cidr.last;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function containsIp(cidrs: readonly string[], ip: string): boolean {
  return cidrs.some((text) => {
    const cidr = parseCidr(text);
    return cidr !== null && cidrContains(cidr, ip);
  });
}

/** `10.128.0.5/23` → `10.128.0.5`. */
export function stripPrefix(address: string): string {
  const slash = address.indexOf('/');
  return slash < 0 ? address : address.slice(0, slash);
}
