import { describe, expect, it } from 'vitest';
import { canonicalCidr, formatIpv6, parseCidrAddress } from '../../models/net/cidr.js';
import { PodIpAllocator } from '../../models/ovnk/pod-ip-allocator.js';

describe('PodIpAllocator in a Layer3 node subnet (W-2.4)', () => {
  it('gives the first pod of a node subnet the .3 address', () => {
    const allocator = new PodIpAllocator('10.129.2.0/23', 'layer3-node');
    expect(allocator.gatewayIp()).toBe('10.129.2.1');
    expect(allocator.managementIp()).toBe('10.129.2.2');
    expect(allocator.allocate()).toBe('10.129.2.3');
    expect(allocator.allocate()).toBe('10.129.2.4');
    expect(allocator.prefixLength).toBe(23);
  });

  it('walks a /29 round-robin and reuses a freed address only after wrapping around', () => {
    const allocator = new PodIpAllocator('10.0.0.0/29', 'layer3-node');
    expect(allocator.size()).toBe(6);
    expect([allocator.allocate(), allocator.allocate()]).toEqual(['10.0.0.3', '10.0.0.4']);
    expect(allocator.release('10.0.0.3')).toBe(true);
    expect([allocator.allocate(), allocator.allocate()]).toEqual(['10.0.0.5', '10.0.0.6']);
    expect(allocator.allocate()).toBe('10.0.0.3');
    expect(allocator.allocate()).toBeNull();
    expect(allocator.freeCount()).toBe(0);
  });

  it('never hands out the network or broadcast address, nor the gateway after a release', () => {
    const allocator = new PodIpAllocator('10.0.0.0/30', 'none');
    expect([allocator.allocate(), allocator.allocate(), allocator.allocate()]).toEqual(['10.0.0.1', '10.0.0.2', null]);
    const node = new PodIpAllocator('10.0.0.0/29', 'layer3-node');
    expect(node.release('10.0.0.1')).toBe(false);
    expect(node.release('10.0.0.7')).toBe(false);
  });

  it('marks restored addresses used without moving the cursor', () => {
    const allocator = new PodIpAllocator('10.0.0.0/24', 'layer3-node');
    expect(allocator.markUsed('10.0.0.3')).toBe('marked');
    expect(allocator.markUsed('10.0.0.3')).toBe('already-used');
    expect(allocator.markUsed('10.0.1.3')).toBe('out-of-range');
    expect(allocator.markUsed('10.0.0.255')).toBe('out-of-range');
    expect(allocator.allocate()).toBe('10.0.0.4');
  });
});

describe('PodIpAllocator for Layer2 networks (W-2.4)', () => {
  it('reserves .1 and .2 of the whole subnet of a primary Layer2 network', () => {
    const allocator = new PodIpAllocator('10.20.0.0/16', 'layer2-primary');
    expect(allocator.gatewayIp()).toBe('10.20.0.1');
    expect(allocator.allocate()).toBe('10.20.0.3');
  });

  it('reserves nothing but the network and broadcast addresses on a secondary Layer2 network', () => {
    const allocator = new PodIpAllocator('192.168.10.0/24', 'none');
    expect(allocator.gatewayIp()).toBeNull();
    expect(allocator.managementIp()).toBeNull();
    expect(allocator.allocate()).toBe('192.168.10.1');
    expect(allocator.size()).toBe(254);
  });
});

describe('PodIpAllocator for IPv6', () => {
  it('allocates from ::3 in a /64 without materialising the subnet', () => {
    const allocator = new PodIpAllocator('fd00:10:244:1::/64', 'layer3-node');
    expect(allocator.gatewayIp()).toBe('fd00:10:244:1::1');
    expect([allocator.allocate(), allocator.allocate()]).toEqual(['fd00:10:244:1::3', 'fd00:10:244:1::4']);
    expect(allocator.release('fd00:10:244:1::3')).toBe(true);
    expect(allocator.allocate()).toBe('fd00:10:244:1::5');
  });
});

describe('address text', () => {
  it.each([
    [0n, '::'],
    [1n, '::1'],
    [0xfd000000000000000000000000000000n, 'fd00::'],
    [0x20010db8000000010000000000000001n, '2001:db8:0:1::1'],
    [0x20010db8000000000001000000000001n, '2001:db8::1:0:0:1'],
  ])('formats IPv6 %s as Go does', (value, text) => {
    expect(formatIpv6(value)).toBe(text);
  });

  it('keeps the host bits of a pod CIDR and clears them in the canonical form', () => {
    expect(parseCidrAddress('10.129.2.15/23')).toMatchObject({ family: 4, address: 0x0a81020fn, network: 0x0a810200n, prefixLength: 23 });
    expect(canonicalCidr('10.128.0.1/14')).toBe('10.128.0.0/14');
    expect(parseCidrAddress('10.0.0.01/8')).toBeNull();
  });
});
