// Per-node host subnets of one Layer3 network (or the default network), W-2.3: next-fit with a
// cursor per range, the IPv4 octet-boundary bit rotation, IPv6 /64 only, exhaustion → null.
import { formatIpAddress, parseCidrAddress, type IpFamily } from '../net/cidr.js';

export class HostSubnetConfigError extends Error {
  override readonly name = 'HostSubnetConfigError';
  readonly code = 'HostSubnetConfig' as const;
  constructor(message: string, readonly cidr: string, readonly hostSubnetLength: number) {
    super(message);
  }
}

export class HostSubnetConflictError extends Error {
  override readonly name = 'HostSubnetConflictError';
  readonly code = 'HostSubnetConflict' as const;
  constructor(message: string, readonly subnet: string, readonly owner: string) {
    super(message);
  }
}

export interface HostSubnetRangeConfig {
  cidr: string;
  /** Defaults to 24 for IPv4 and 64 for IPv6, as OVN-K does when the host prefix is omitted. */
  hostSubnetLength?: number;
}

/** Upstream scans at most 2^24 subnets per range ("16M subnets ought to be enough"). */
const MAX_SCAN_BITS = 24;

interface SubnetRange {
  readonly family: IpFamily;
  readonly network: bigint;
  readonly prefixLength: number;
  readonly hostSubnetLength: number;
  readonly hostBits: number;
  readonly subnetBits: number;
  /** IPv4 only: left rotation of the index when it straddles an octet boundary (0 = none). */
  readonly rotateBits: number;
  readonly scanCount: number;
  /** IPv6 with ≥16 index bits skips indexes whose low 16 bits are 0 (they would print oddly). */
  readonly skipZeroLowWord: boolean;
  cursor: number;
  readonly ownerByIndex: Map<number, string>;
  readonly indexesByOwner: Map<string, number[]>;
}

export class HostSubnetAllocator {
  private readonly ranges: SubnetRange[];

  constructor(ranges: HostSubnetRangeConfig[]) {
    this.ranges = ranges.map(createRange);
  }

  /**
   * One subnet per IP family (IPv4 first), or null when a family has no free subnet. An owner that
   * already holds a subnet gets it back; ranges of one family are tried in order.
   */
  allocate(owner: string): string[] | null {
    const fresh: Array<{ range: SubnetRange; index: number }> = [];
    const subnets: string[] = [];
    for (const family of [4, 6] as const) {
      const ranges = this.ranges.filter((r) => r.family === family);
      if (ranges.length === 0) continue;
      const held = heldSubnet(ranges, owner);
      const picked = held ?? allocateInFamily(ranges, owner);
      if (picked === null) {
        for (const { range, index } of fresh) unassign(range, index);
        return null;
      }
      if (held === null) fresh.push(picked);
      subnets.push(subnetAt(picked.range, picked.index));
    }
    return subnets;
  }

  release(owner: string): void {
    for (const range of this.ranges) {
      for (const index of range.indexesByOwner.get(owner) ?? []) range.ownerByIndex.delete(index);
      range.indexesByOwner.delete(owner);
    }
  }

  /** Restores subnets read back from node annotations; all-or-nothing, the cursor is not moved. */
  markAllocated(owner: string, subnets: string[]): void {
    const marks = subnets.map((subnet) => this.locate(owner, subnet));
    for (const { range, index } of marks) {
      if (range.ownerByIndex.get(index) !== owner) assign(range, index, owner);
    }
  }

  /** The subnets an owner holds, IPv4 first. */
  subnetsOf(owner: string): string[] {
    const held: string[] = [];
    for (const family of [4, 6] as const) {
      for (const range of this.ranges.filter((r) => r.family === family)) {
        for (const index of range.indexesByOwner.get(owner) ?? []) held.push(subnetAt(range, index));
      }
    }
    return held;
  }

  /** How many host subnets each range can hand out, in constructor order. */
  capacity(): number[] {
    return this.ranges.map((r) => (r.skipZeroLowWord ? r.scanCount - r.scanCount / 65536 : r.scanCount));
  }

  private locate(owner: string, subnet: string): { range: SubnetRange; index: number } {
    const parsed = parseCidrAddress(subnet);
    const range = parsed && this.ranges.find((r) => r.family === parsed.family && contains(r, parsed.address));
    if (!parsed || !range || parsed.prefixLength !== range.hostSubnetLength || parsed.address !== parsed.network) {
      throw new HostSubnetConflictError(`network ${subnet} does not belong to any known range`, subnet, owner);
    }
    const offset = Number((parsed.address - range.network) >> BigInt(range.hostBits));
    const index = rotateLeft(offset, range.subnetBits - range.rotateBits, range.subnetBits);
    const existing = range.ownerByIndex.get(index);
    if (existing !== undefined && existing !== owner) {
      throw new HostSubnetConflictError(`network ${subnet} already owned by ${existing}`, subnet, owner);
    }
    return { range, index };
  }
}

function createRange(config: HostSubnetRangeConfig): SubnetRange {
  const parsed = parseCidrAddress(config.cidr);
  const family = parsed?.family ?? 4;
  const hostSubnetLength = config.hostSubnetLength ?? (family === 4 ? 24 : 64);
  const fail = (message: string): never => {
    throw new HostSubnetConfigError(message, config.cidr, hostSubnetLength);
  };
  if (parsed === null) return fail(`invalid CIDR address: ${config.cidr}`);
  if (!Number.isInteger(hostSubnetLength)) fail(`invalid host subnet length: ${hostSubnetLength}`);
  if (family === 6 && hostSubnetLength !== 64) fail('IPv6 only supports /64 host subnets');
  if (family === 4 && hostSubnetLength > 32) fail('invalid host subnet, IPv4 subnet must be < 32');
  if (hostSubnetLength <= parsed.prefixLength) {
    fail(
      'cannot use a host subnet length mask shorter than or equal to the cluster subnet mask. ' +
        `host subnet length: ${hostSubnetLength}, cluster subnet length: ${parsed.prefixLength}`,
    );
  }
  if (family === 4 && hostSubnetLength === 32) fail('host capacity cannot be zero');
  const hostBits = (family === 4 ? 32 : 128) - hostSubnetLength;
  const subnetBits = hostSubnetLength - parsed.prefixLength;
  const crossesOctet = Math.floor((hostBits - 1) / 8) !== Math.floor((hostBits + subnetBits - 1) / 8);
  return {
    family,
    network: parsed.network,
    prefixLength: parsed.prefixLength,
    hostSubnetLength,
    hostBits,
    subnetBits,
    rotateBits: family === 4 && hostBits % 8 !== 0 && crossesOctet ? 8 - (hostBits % 8) : 0,
    scanCount: 2 ** Math.min(subnetBits, MAX_SCAN_BITS),
    skipZeroLowWord: family === 6 && subnetBits >= 16,
    cursor: 0,
    ownerByIndex: new Map(),
    indexesByOwner: new Map(),
  };
}

function heldSubnet(ranges: SubnetRange[], owner: string): { range: SubnetRange; index: number } | null {
  for (const range of ranges) {
    const index = range.indexesByOwner.get(owner)?.[0];
    if (index !== undefined) return { range, index };
  }
  return null;
}

function allocateInFamily(ranges: SubnetRange[], owner: string): { range: SubnetRange; index: number } | null {
  for (const range of ranges) {
    const index = nextFreeIndex(range);
    if (index !== null) {
      assign(range, index, owner);
      return { range, index };
    }
  }
  return null;
}

/** Next-fit: scan from the cursor, wrapping; the cursor moves past the pick, or back to 0 when full. */
function nextFreeIndex(range: SubnetRange): number | null {
  if (range.ownerByIndex.size < range.scanCount) {
    for (let i = 0; i < range.scanCount; i++) {
      const index = (range.cursor + i) % range.scanCount;
      if (range.skipZeroLowWord && index % 65536 === 0) continue;
      if (range.ownerByIndex.has(index)) continue;
      range.cursor = (index + 1) % range.scanCount;
      return index;
    }
  }
  range.cursor = 0;
  return null;
}

function assign(range: SubnetRange, index: number, owner: string): void {
  range.ownerByIndex.set(index, owner);
  const held = range.indexesByOwner.get(owner);
  if (held) held.push(index);
  else range.indexesByOwner.set(owner, [index]);
}

function unassign(range: SubnetRange, index: number): void {
  const owner = range.ownerByIndex.get(index);
  if (owner === undefined) return;
  range.ownerByIndex.delete(index);
  const remaining = (range.indexesByOwner.get(owner) ?? []).filter((i) => i !== index);
  if (remaining.length > 0) range.indexesByOwner.set(owner, remaining);
  else range.indexesByOwner.delete(owner);
}

function subnetAt(range: SubnetRange, index: number): string {
  const rotated = rotateLeft(index, range.rotateBits, range.subnetBits);
  const value = range.network + (BigInt(rotated) << BigInt(range.hostBits));
  return `${formatIpAddress(range.family, value)}/${range.hostSubnetLength}`;
}

/** Rotates `value`, `width` bits wide, left by `by` bits (multiplication keeps it exact past 32 bits). */
function rotateLeft(value: number, by: number, width: number): number {
  if (by % width === 0) return value;
  const rest = width - by;
  return (value % 2 ** rest) * 2 ** by + Math.floor(value / 2 ** rest);
}

function contains(range: SubnetRange, address: bigint): boolean {
  const size = 1n << BigInt((range.family === 4 ? 32 : 128) - range.prefixLength);
  return address >= range.network && address < range.network + size;
}
