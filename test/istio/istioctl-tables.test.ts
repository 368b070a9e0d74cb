import { describe, expect, it } from 'vitest';
import {
  formatZtunnelServices,
  formatZtunnelWorkloads,
  type ZtunnelWorkloadRow,
} from '../../models/istio/istioctl-tables.js';

const node = 'user-rhos-01-07-h9cvb-worker-0-zlgh6';

const seedWorkloads: ZtunnelWorkloadRow[] = [
  { namespace: 'sleep', name: 'sleep-868c754c4b-gmz2p', addresses: ['10.131.1.41'], node, protocol: 'HBONE' },
  { namespace: 'ztunnel', name: 'kiali-operator-6bd5c-mzxqw', addresses: ['10.128.10.200'], node, protocol: 'TCP' },
  { namespace: 'httpbin', name: 'httpbin-7bfcbb4dbd-6fxmz', addresses: ['10.131.1.42'], node, protocol: 'HBONE' },
];

describe('formatZtunnelWorkloads (istioctl zc workloads)', () => {
  it('lays out the seed cluster rows as istioctl did (padding 1, POD NAME one column)', () => {
    const lines = formatZtunnelWorkloads(seedWorkloads).split('\n');
    expect(lines[0]).toBe(
      'NAMESPACE POD NAME                   ADDRESS       NODE                                 WAYPOINT PROTOCOL',
    );
    expect(lines.filter((line) => line.includes('HBONE'))).toEqual([
      'httpbin   httpbin-7bfcbb4dbd-6fxmz   10.131.1.42   user-rhos-01-07-h9cvb-worker-0-zlgh6 None     HBONE',
      'sleep     sleep-868c754c4b-gmz2p     10.131.1.41   user-rhos-01-07-h9cvb-worker-0-zlgh6 None     HBONE',
    ]);
    expect(lines.at(-1)).toBe('');
  });

  it('sorts by the string namespace.name, so namespace a-b lists before a, then by node', () => {
    const rows: ZtunnelWorkloadRow[] = [
      { namespace: 'a', name: 'p', addresses: ['1.1.1.1'], node: 'n2', protocol: 'TCP' },
      { namespace: 'a-b', name: 'p', addresses: ['1.1.1.2'], node: 'n1', protocol: 'TCP' },
      { namespace: 'a', name: 'p', addresses: ['1.1.1.3'], node: 'n1', protocol: 'TCP' },
    ];
    const addresses = formatZtunnelWorkloads(rows)
      .split('\n')
      .slice(1, 4)
      .map((line) => line.split(' ').filter(Boolean)[2]);
    expect(addresses).toEqual(['1.1.1.2', '1.1.1.3', '1.1.1.1']);
  });

  it('joins several addresses with commas, falls back to the hostname, names the waypoint', () => {
    const text = formatZtunnelWorkloads([
      { namespace: 'ns', name: 'dual', addresses: ['10.0.0.1', 'fd00::1'], node: 'n', protocol: 'HBONE', waypoint: 'wp' },
      { namespace: 'ns', name: 'ext', addresses: [], hostname: 'example.com', node: '', protocol: 'TCP' },
    ]);
    expect(text).toBe(
      [
        'NAMESPACE POD NAME ADDRESS          NODE WAYPOINT PROTOCOL',
        'ns        dual     10.0.0.1,fd00::1 n    wp       HBONE',
        'ns        ext      example.com           None     TCP',
        '',
      ].join('\n'),
    );
  });
});

describe('formatZtunnelServices (istioctl zc services)', () => {
  it('prints VIPs, waypoint None and healthy/total endpoints, sorted by namespace then name', () => {
    const text = formatZtunnelServices([
      { namespace: 'sleep', name: 'sleep', vips: ['172.30.40.7'], healthy: 1, total: 1 },
      { namespace: 'httpbin', name: 'httpbin', vips: ['172.30.12.5'], healthy: 0, total: 0 },
      { namespace: 'a-b', name: 'z', vips: ['172.30.0.1', 'fd02::1'], waypoint: 'waypoint', healthy: 2, total: 3 },
    ]);
    expect(text).toBe(
      [
        'NAMESPACE SERVICE NAME SERVICE VIP        WAYPOINT ENDPOINTS',
        'a-b       z            172.30.0.1,fd02::1 waypoint 2/3',
        'httpbin   httpbin      172.30.12.5        None     0/0',
        'sleep     sleep        172.30.40.7        None     1/1',
        '',
      ].join('\n'),
    );
  });

  it('breaks ties between equal namespace and name by hostname', () => {
    const text = formatZtunnelServices([
      { namespace: 'ns', name: 's', hostname: 'z.example', vips: ['2.2.2.2'], healthy: 0, total: 0 },
      { namespace: 'ns', name: 's', hostname: 'a.example', vips: ['1.1.1.1'], healthy: 0, total: 0 },
    ]);
    expect(text.split('\n')[1]).toContain('1.1.1.1');
  });
});
