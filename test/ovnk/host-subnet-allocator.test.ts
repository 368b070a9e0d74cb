import { describe, expect, it } from 'vitest';
import { HostSubnetAllocator, HostSubnetConfigError, HostSubnetConflictError } from '../../models/ovnk/host-subnet-allocator.js';

function allocateNodes(allocator: HostSubnetAllocator, count: number): Array<string | undefined> {
  return Array.from({ length: count }, (_, i) => allocator.allocate(`node-${i}`)?.[0]);
}

describe('HostSubnetAllocator order (W-2.3)', () => {
  it.each([
    {
      cidr: '10.128.0.0/14',
      hostSubnetLength: 23,
      expected: [
        '10.128.0.0/23',
        '10.129.0.0/23',
        '10.130.0.0/23',
        '10.131.0.0/23',
        '10.128.2.0/23',
        '10.129.2.0/23',
        '10.130.2.0/23',
        '10.131.2.0/23',
        '10.128.4.0/23',
      ],
    },
    { cidr: '10.100.0.0/16', hostSubnetLength: 24, expected: ['10.100.0.0/24', '10.100.1.0/24', '10.100.2.0/24', '10.100.3.0/24'] },
    { cidr: '10.1.0.0/16', hostSubnetLength: 22, expected: ['10.1.0.0/22', '10.1.4.0/22', '10.1.8.0/22', '10.1.12.0/22'] },
    { cidr: '3.3.0.0/16', hostSubnetLength: 24, expected: ['3.3.0.0/24', '3.3.1.0/24', '3.3.2.0/24'] },
    { cidr: '10.10.100.0/24', hostSubnetLength: 25, expected: ['10.10.100.0/25', '10.10.100.128/25'] },
  ])('hands out $cidr with /$hostSubnetLength in the verified order', ({ cidr, hostSubnetLength, expected }) => {
    const allocator = new HostSubnetAllocator([{ cidr, hostSubnetLength }]);
    expect(allocateNodes(allocator, expected.length)).toEqual(expected);
  });

  it('walks every 10.100.X.0/26 before the first 10.100.0.64/26', () => {
    const allocator = new HostSubnetAllocator([{ cidr: '10.100.0.0/16', hostSubnetLength: 26 }]);
    const subnets = allocateNodes(allocator, 258);
    expect(subnets.slice(0, 256)).toEqual(Array.from({ length: 256 }, (_, x) => `10.100.${x}.0/26`));
    expect(subnets.slice(256)).toEqual(['10.100.0.64/26', '10.100.1.64/26']);
  });

  it('defaults the host subnet to /24 for IPv4', () => {
    const allocator = new HostSubnetAllocator([{ cidr: '10.100.0.0/16' }]);
    expect(allocator.allocate('a')).toEqual(['10.100.0.0/24']);
  });
});

describe('HostSubnetAllocator bookkeeping (W-2.3)', () => {
  it('serves two nodes from 10.10.100.0/24 with /25 and gives the third nothing', () => {
    const allocator = new HostSubnetAllocator([{ cidr: '10.10.100.0/24', hostSubnetLength: 25 }]);
    expect(allocator.allocate('a')).toEqual(['10.10.100.0/25']);
    expect(allocator.allocate('b')).toEqual(['10.10.100.128/25']);
    expect(allocator.allocate('c')).toBeNull();
    expect(allocator.capacity()).toEqual([2]);
  });

  it('gives an owner that already holds a subnet the same one back', () => {
    const allocator = new HostSubnetAllocator([{ cidr: '10.128.0.0/14', hostSubnetLength: 23 }]);
    expect(allocator.allocate('a')).toEqual(['10.128.0.0/23']);
    expect(allocator.allocate('b')).toEqual(['10.129.0.0/23']);
    expect(allocator.allocate('a')).toEqual(['10.128.0.0/23']);
    expect(allocator.allocate('c')).toEqual(['10.130.0.0/23']);
  });

  it('reuses a freed subnet only after the cursor wraps around', () => {
    const allocator = new HostSubnetAllocator([{ cidr: '10.0.0.0/22', hostSubnetLength: 24 }]);
    expect(allocateNodes(allocator, 2)).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
    allocator.release('node-0');
    expect(allocator.allocate('c')).toEqual(['10.0.2.0/24']);
    expect(allocator.allocate('d')).toEqual(['10.0.3.0/24']);
    expect(allocator.allocate('e')).toEqual(['10.0.0.0/24']);
    expect(allocator.allocate('f')).toBeNull();
  });

  it('resets the cursor to the start when a range is full', () => {
    const allocator = new HostSubnetAllocator([{ cidr: '10.0.0.0/22', hostSubnetLength: 24 }]);
    allocateNodes(allocator, 4);
    allocator.release('node-0');
    expect(allocator.allocate('e')).toEqual(['10.0.0.0/24']);
    expect(allocator.allocate('f')).toBeNull();
    allocator.release('node-2');
    allocator.release('e');
    expect(allocator.allocate('g')).toEqual(['10.0.0.0/24']);
  });

  it('restores subnets from annotations without moving the cursor', () => {
    const allocator = new HostSubnetAllocator([{ cidr: '10.128.0.0/14', hostSubnetLength: 23 }]);
    allocator.markAllocated('worker-b', ['10.129.0.0/23']);
    expect(allocator.allocate('worker-a')).toEqual(['10.128.0.0/23']);
    expect(allocator.allocate('worker-c')).toEqual(['10.130.0.0/23']);
    expect(allocator.allocate('worker-b')).toEqual(['10.129.0.0/23']);
    expect(allocator.subnetsOf('worker-b')).toEqual(['10.129.0.0/23']);
  });

  it('refuses to restore a subnet another owner holds, or one outside every range', () => {
    const allocator = new HostSubnetAllocator([{ cidr: '10.128.0.0/14', hostSubnetLength: 23 }]);
    allocator.markAllocated('a', ['10.128.2.0/23']);
    expect(() => allocator.markAllocated('b', ['10.128.2.0/23'])).toThrow(
      new HostSubnetConflictError('network 10.128.2.0/23 already owned by a', '10.128.2.0/23', 'b'),
    );
    expect(() => allocator.markAllocated('b', ['192.168.0.0/23'])).toThrow('network 192.168.0.0/23 does not belong to any known range');
  });

  it('gives one subnet per family, IPv4 first, and rolls back when one family is full', () => {
    const allocator = new HostSubnetAllocator([
      { cidr: 'fd00:10:244::/63', hostSubnetLength: 64 },
      { cidr: '10.244.0.0/16', hostSubnetLength: 24 },
    ]);
    expect(allocator.allocate('a')).toEqual(['10.244.0.0/24', 'fd00:10:244::/64']);
    expect(allocator.allocate('b')).toEqual(['10.244.1.0/24', 'fd00:10:244:1::/64']);
    expect(allocator.allocate('c')).toBeNull();
    expect(allocator.subnetsOf('c')).toEqual([]);
  });
});

describe('HostSubnetAllocator IPv6 (W-2.3)', () => {
  it('hands out consecutive /64s from a /56', () => {
    const allocator = new HostSubnetAllocator([{ cidr: 'FD00:10:244::/56', hostSubnetLength: 64 }]);
    expect(allocateNodes(allocator, 3)).toEqual(['fd00:10:244::/64', 'fd00:10:244:1::/64', 'fd00:10:244:2::/64']);
    expect(allocator.capacity()).toEqual([256]);
  });

  it('skips the all-zero /64 when the range has 16 or more index bits', () => {
    const allocator = new HostSubnetAllocator([{ cidr: 'fd01::/48' }]);
    expect(allocateNodes(allocator, 2)).toEqual(['fd01:0:0:1::/64', 'fd01:0:0:2::/64']);
    expect(allocator.capacity()).toEqual([65535]);
  });
});

describe('HostSubnetAllocator configuration errors', () => {
  it.each([
    { cidr: 'fd00::/48', hostSubnetLength: 80, message: 'IPv6 only supports /64 host subnets' },
    {
      cidr: '10.0.0.0/24',
      hostSubnetLength: undefined,
      message: 'cannot use a host subnet length mask shorter than or equal to the cluster subnet mask. host subnet length: 24, cluster subnet length: 24',
    },
    {
      cidr: '10.0.0.0/24',
      hostSubnetLength: 16,
      message: 'cannot use a host subnet length mask shorter than or equal to the cluster subnet mask. host subnet length: 16, cluster subnet length: 24',
    },
    { cidr: '10.0.0.0/16', hostSubnetLength: 33, message: 'invalid host subnet, IPv4 subnet must be < 32' },
    { cidr: '10.0.0/16', hostSubnetLength: 24, message: 'invalid CIDR address: 10.0.0/16' },
  ])('rejects $cidr with host subnet $hostSubnetLength', ({ cidr, hostSubnetLength, message }) => {
    const build = () => new HostSubnetAllocator([hostSubnetLength === undefined ? { cidr } : { cidr, hostSubnetLength }]);
    expect(build).toThrow(HostSubnetConfigError);
    expect(build).toThrow(message);
  });
});
