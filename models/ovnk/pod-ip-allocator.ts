// Pod IP allocation inside one subnet (a Layer3 node subnet or a Layer2 network subnet), W-2.4:
// network/broadcast never used, .1 gateway and .2 management reserved, round-robin hand-out.
// Also the address parsing/formatting the ovnk models share (Go's net.IP/IPNet string forms).
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

const IPV4_OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const PREFIX = /^(?:\d|[1-9]\d|1[01]\d|12[0-8])$/;

/** Dotted IPv4 to a 32-bit unsigned number; null unless it is a plain a.b.c.d (no leading zeros). */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part)) return null;
    value = value * 256 + Number(part);
  }
  return value;
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
export function parseCidr(text: string): ParsedCidr | null {
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
  const cidr = parseCidr(text);
  if (cidr === null) throw new InvalidCidrError(text);
  return `${formatIpAddress(cidr.family, cidr.network)}/${cidr.prefixLength}`;
}

export type PodIpReservation = 'layer3-node' | 'layer2-primary' | 'none';
export type MarkUsedResult = 'marked' | 'already-used' | 'out-of-range';

/**
 * Offsets count from the first address after the network address. The cursor and a Set of used
 * offsets replace upstream's bitmap, so a /64 costs only what is handed out.
 */
export class PodIpAllocator {
  readonly cidr: string;
  readonly family: IpFamily;
  readonly prefixLength: number;
  private readonly firstHost: bigint;
  private readonly firstHostV4: number;
  private readonly max: number;
  private readonly reserved: ReadonlySet<number>;
  private readonly used = new Set<number>();
  private cursor = 0;

  constructor(cidr: string, reserve: PodIpReservation) {
    const parsed = parseCidr(cidr);
    if (parsed === null) throw new InvalidCidrError(cidr);
    this.family = parsed.family;
    this.prefixLength = parsed.prefixLength;
    this.cidr = `${formatIpAddress(parsed.family, parsed.network)}/${parsed.prefixLength}`;
    this.firstHost = parsed.network + 1n;
    this.firstHostV4 = Number(this.firstHost);
    this.max = allocatableCount(parsed.family, parsed.prefixLength);
    const reserved = reserve === 'none' ? [] : [0, 1].filter((offset) => offset < this.max);
    this.reserved = new Set(reserved);
    for (const offset of reserved) this.used.add(offset);
  }

  /** The next free address after the last one handed out, wrapping; null when the subnet is full. */
  allocate(): string | null {
    if (this.used.size >= this.max) return null;
    for (let i = 0; i < this.max; i++) {
      const offset = (this.cursor + i) % this.max;
      if (this.used.has(offset)) continue;
      this.used.add(offset);
      this.cursor = (offset + 1) % this.max;
      return this.addressAt(offset);
    }
    return null;
  }

  /** Frees a pod address; the gateway and management addresses stay reserved. */
  release(ip: string): boolean {
    const offset = this.offsetOf(ip);
    if (offset === null || this.reserved.has(offset)) return false;
    return this.used.delete(offset);
  }

  /** Records an address already in use (restored from an annotation); does not move the cursor. */
  markUsed(ip: string): MarkUsedResult {
    const offset = this.offsetOf(ip);
    if (offset === null) return 'out-of-range';
    if (this.used.has(offset)) return 'already-used';
    this.used.add(offset);
    return 'marked';
  }

  isUsed(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset !== null && this.used.has(offset);
  }

  gatewayIp(): string | null {
    return this.reserved.has(0) ? this.addressAt(0) : null;
  }

  managementIp(): string | null {
    return this.reserved.has(1) ? this.addressAt(1) : null;
  }

  /** Addresses this allocator manages (reserved ones included). */
  size(): number {
    return this.max;
  }

  freeCount(): number {
    return this.max - this.used.size;
  }

  private addressAt(offset: number): string {
    if (this.family === 4) return formatIpv4(this.firstHostV4 + offset);
    return formatIpv6(this.firstHost + BigInt(offset));
  }

  private offsetOf(ip: string): number | null {
    if (this.family === 4) {
      const value = parseIpv4(ip);
      if (value === null) return null;
      const offset = value - this.firstHostV4;
      return offset >= 0 && offset < this.max ? offset : null;
    }
    const parsed = parseIpAddress(ip);
    if (parsed === null || parsed.family !== 6) return null;
    const offset = parsed.value - this.firstHost;
    return offset >= 0n && offset < BigInt(this.max) ? Number(offset) : null;
  }
}

/** Everything but the network address, and for IPv4 the broadcast address too. */
function allocatableCount(family: IpFamily, prefixLength: number): number {
  const hostBits = (family === 4 ? 32 : 128) - prefixLength;
  if (hostBits >= 53) return Number.MAX_SAFE_INTEGER;
  return Math.max(0, 2 ** hostBits - (family === 4 ? 2 : 1));
}
