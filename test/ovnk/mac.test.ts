import { describe, expect, it } from 'vitest';
import { macForIp } from '../../models/ovnk/mac.js';

describe('macForIp (W-2.4)', () => {
  it.each([
    ['10.200.0.3', '0a:58:0a:c8:00:03'],
    ['10.129.2.15', '0a:58:0a:81:02:0f'],
    ['fd00:10:244:1::a0b', '0a:58:00:00:0a:0b'],
  ])('derives the MAC of %s', (ip, mac) => {
    expect(macForIp(ip)).toBe(mac);
  });
});
