import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../../models/kube/types.js';
import {
  formatEndpointSlicePorts,
  formatEndpointSlicesTable,
  listWithMore,
} from '../../sim/report/endpointslice-table.js';

function slice(
  namespace: string,
  name: string,
  ports: EndpointSlice['ports'],
  addresses: string[][] | null,
  createdMs = 0,
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace, name, annotations: { createdMs: String(createdMs) } },
    addressType: 'IPv4',
    ports,
    endpoints: addresses === null ? null : addresses.map((a) => ({ addresses: a })),
  };
}

const creationMs = (s: EndpointSlice): number => Number(s.metadata.annotations?.createdMs);

describe('formatEndpointSlicesTable (kubectl get endpointslices)', () => {
  it('prints the seed cluster table: default slice and its UDN mirror', () => {
    const now = 600_000;
    const table = formatEndpointSlicesTable(
      [
        slice('httpbin', 'httpbin-vs7cz', [{ name: '', port: 8000, protocol: 'TCP' }], [['3.3.0.11']], now - 483_000),
        slice('httpbin', 'httpbin-vk9fm', [{ name: '', port: 8000, protocol: 'TCP' }], [['10.131.1.42']], now - 485_000),
      ],
      now,
      { allNamespaces: false, creationMs },
    );
    expect(table).toBe(
      [
        'NAME            ADDRESSTYPE   PORTS   ENDPOINTS     AGE',
        'httpbin-vk9fm   IPv4          8000    10.131.1.42   8m5s',
        'httpbin-vs7cz   IPv4          8000    3.3.0.11      8m3s',
        '',
      ].join('\n'),
    );
  });

  it('adds a NAMESPACE column with -A and lists in storage-key order (a-b before a)', () => {
    const table = formatEndpointSlicesTable(
      [slice('a', 'x-1', null, null), slice('a-b', 'y-2', null, null), slice('a', 'w-3', null, null)],
      45_000,
      { allNamespaces: true, creationMs },
    );
    expect(table.split('\n').map((line) => line.split(/ +/).slice(0, 2).join(' '))).toEqual([
      'NAMESPACE NAME',
      'a-b y-2',
      'a w-3',
      'a x-1',
      '',
    ]);
  });

  it('prints <unset> for a placeholder slice with no ports and no endpoints', () => {
    const table = formatEndpointSlicesTable([slice('ns', 'empty-abcde', [], [])], 1_000, {
      allNamespaces: false,
      creationMs,
    });
    expect(table.split('\n')[1]).toBe('empty-abcde   IPv4          <unset>   <unset>     1s');
  });

  it('counts addresses, not endpoints, past the first three', () => {
    const table = formatEndpointSlicesTable(
      [slice('ns', 's', [{ port: 80 }], [['10.0.0.1', '10.0.0.2'], ['10.0.0.3'], ['10.0.0.4', '10.0.0.5']])],
      0,
      { allNamespaces: false, creationMs },
    );
    expect(table).toContain('10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...');
  });

  it('prints <unknown> age for a slice without a creation time', () => {
    const table = formatEndpointSlicesTable([slice('ns', 's', null, null)], 0, {
      allNamespaces: false,
      creationMs: () => Number.NaN,
    });
    expect(table.split('\n')[1]?.endsWith('<unknown>')).toBe(true);
  });

  it('prints nothing for an empty list', () => {
    expect(formatEndpointSlicesTable([], 0, { allNamespaces: true, creationMs })).toBe('');
  });
});

describe('EndpointSlice cells', () => {
  it('prints a port without a number by its name, and * without either', () => {
    expect(formatEndpointSlicePorts([{ name: 'http' }, {}, { port: 9080 }])).toBe('http,*,9080');
  });

  it('applies the + N more rule to ports', () => {
    expect(formatEndpointSlicePorts([1, 2, 3, 4, 5].map((port) => ({ port })))).toBe('1,2,3 + 2 more...');
  });

  it.each([
    [[], '<unset>'],
    [['a'], 'a'],
    [['a', 'b', 'c'], 'a,b,c'],
    [['a', 'b', 'c', 'd'], 'a,b,c + 1 more...'],
  ])('lists %j as %s', (items, expected) => {
    expect(listWithMore(items)).toBe(expected);
  });
});
