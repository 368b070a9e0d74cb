// Address and CIDR arithmetic on top of ip-num: parsing once into numeric ranges so that
// containment and overlap checks on hot paths are cheap comparisons.
import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, Validator } from 'ip-num';

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
  const parsed = parseUncached(text);
  cache.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): Cidr | null {
  try {
    if (Validator.isValidIPv4CidrRange(text)[0]) {
      const range = IPv4CidrRange.fromCidr(text);
      return { text, family: 4, prefix: Number(range.cidrPrefix.value), first: range.getFirst().value, last: range.getLast().value };
    }
    if (Validator.isValidIPv6CidrRange(text)[0]) {
      const range = IPv6CidrRange.fromCidr(text);
      return { text, family: 6, prefix: Number(range.cidrPrefix.value), first: range.getFirst().value, last: range.getLast().value };
    }
  } catch {
    return null;
  }
  return null;
}

export function isIpv6(ip: string): boolean {
  return ip.includes(':');
}

const ipCache = new Map<string, bigint | null>();

export function ipToBigInt(ip: string): bigint | null {
  const hit = ipCache.get(ip);
  if (hit !== undefined) return hit;
  let value: bigint | null = null;
  try {
    value = isIpv6(ip) ? IPv6.fromString(ip).value : IPv4.fromString(ip).value;
  } catch {
    value = null;
  }
  if (ipCache.size > 200_000) ipCache.clear();
  ipCache.set(ip, value);
  return value;
}

export function isValidIp(ip: string): boolean {
  return ipToBigInt(ip) !== null;
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
