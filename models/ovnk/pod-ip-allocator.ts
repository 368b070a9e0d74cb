// Pod IP allocation inside one subnet (a Layer3 node subnet or a Layer2 network subnet), W-2.4:
// network/broadcast never used, .1 gateway and .2 management reserved, round-robin hand-out.
import { InvalidCidrError, formatIpAddress, formatIpv4, formatIpv6, parseCidrAddress, parseIpAddress, parseIpv4, type IpFamily } from '../net/cidr.js';

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
    const parsed = parseCidrAddress(cidr);
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
