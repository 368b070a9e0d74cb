import { describe, expect, it } from 'vitest';
import { parseIpv4, parseIpv4Cidr } from '../../models/net/cidr.js';

describe('parseIpv4: plain dotted quads only, as Go reads them', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.128.0.3', 10 * 2 ** 24 + 128 * 2 ** 16 + 3],
    ['255.255.255.255', 2 ** 32 - 1],
    ['1.2.3.0', 16909056],
  ])('reads %s', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each(['', '1.2.3', '1.2.3.4.', '.1.2.3', '1..2.3', '1.2.3.4.5', '256.1.1.1', '999.1.1.1', '01.2.3.4', '00.1.2.3', '1.2.3.a', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.-1', '1.2.3.4/24', '1.2.3.0004', '１.2.3.4'])(
    'refuses %j',
    (text) => {
      expect(parseIpv4(text)).toBeNull();
    },
  );

  it('reads a CIDR of it with a prefix up to 32', () => {
    expect(parseIpv4Cidr('3.3.1.4/24')).toEqual({ address: 3 * 2 ** 24 + 3 * 2 ** 16 + 256 + 4, prefixLength: 24 });
    expect(parseIpv4Cidr('3.3.1.4/33')).toBeNull();
    expect(parseIpv4Cidr('3.3.1.4')).toBeNull();
  });
});
