import { describe, expect, it } from 'vitest';
import {
  buildDefaultEntry,
  buildLayer2PrimaryEntry,
  buildLayer3PrimaryEntry,
  buildSecondaryEntry,
  formatPodNetworks,
  parsePodNetworks,
  parsePodNetworksUncached,
  readBackPodNetworks,
} from '../../models/ovnk/pod-annotations.js';
import { formatNetworkStatus, networkStatusEntriesFor, parseNetworkStatus } from '../../models/ovnk/network-status.js';

const cluster = {
  clusterSubnets: ['10.128.0.0/14'],
  serviceCidrs: ['172.30.0.0/16'],
  masqueradeSubnets: ['169.254.0.0/17', 'fd69::/112'],
};

const W25_EXAMPLE =
  '{"blue/blue-net":{"ip_addresses":["10.200.0.3/24"],"mac_address":"0a:58:0a:c8:00:03","gateway_ips":["10.200.0.1"],' +
  '"routes":[{"dest":"10.200.0.0/16","nextHop":"10.200.0.1"},{"dest":"172.30.0.0/16","nextHop":"10.200.0.1"},' +
  '{"dest":"100.65.0.0/16","nextHop":"10.200.0.1"}],"ip_address":"10.200.0.3/24","gateway_ip":"10.200.0.1","role":"primary"},' +
  '"default":{"ip_addresses":["10.129.2.15/23"],"mac_address":"0a:58:0a:81:02:0f","routes":[{"dest":"10.128.0.0/14","nextHop":"10.129.2.1"},' +
  '{"dest":"100.64.0.0/16","nextHop":"10.129.2.1"}],"ip_address":"10.129.2.15/23","role":"infrastructure-locked"}}';

const DEFAULT_POD =
  '{"default":{"ip_addresses":["10.129.2.15/23"],"mac_address":"0a:58:0a:81:02:0f","gateway_ips":["10.129.2.1"],' +
  '"routes":[{"dest":"10.128.0.0/14","nextHop":"10.129.2.1"},{"dest":"172.30.0.0/16","nextHop":"10.129.2.1"},' +
  '{"dest":"169.254.0.5/32","nextHop":"10.129.2.1"},{"dest":"100.64.0.0/16","nextHop":"10.129.2.1"}],' +
  '"ip_address":"10.129.2.15/23","gateway_ip":"10.129.2.1","role":"primary"}}';

function primaryUdnPodNetworks() {
  return {
    default: buildDefaultEntry({ ...cluster, podIps: ['10.129.2.15/23'], onPrimaryUdn: true }),
    'blue/blue-net': buildLayer3PrimaryEntry({ podIps: ['10.200.0.3/24'], clusterSubnets: ['10.200.0.0/16'], serviceCidrs: ['172.30.0.0/16'] }),
  };
}

describe('pod-networks read back from the entries it was formatted from', () => {
  const shapes: Record<string, Record<string, ReturnType<typeof buildDefaultEntry>>> = {
    'default network': { default: buildDefaultEntry({ ...cluster, podIps: ['10.129.2.15/23'], onPrimaryUdn: false }) },
    'Layer3 primary UDN': primaryUdnPodNetworks(),
    'Layer2 primary UDN, dual-stack': {
      default: buildDefaultEntry({ ...cluster, podIps: ['10.129.2.15/23', 'fd01:0:0:1::f/64'], onPrimaryUdn: true }),
      'green/l2': buildLayer2PrimaryEntry({ podIps: ['10.100.0.4/16', '2001:db8::4/64'], serviceCidrs: ['172.30.0.0/16', 'fd02::/112'], tunnelId: 3 }),
    },
    'Layer2 IPv6-only primary UDN': {
      default: buildDefaultEntry({ ...cluster, podIps: ['10.129.2.15/23'], onPrimaryUdn: true }),
      'v6/l2': buildLayer2PrimaryEntry({ podIps: ['2001:db8::4/64'], serviceCidrs: ['fd02::/112'], tunnelId: 1 }),
    },
    'secondary networks, one without IPAM': {
      default: buildDefaultEntry({ ...cluster, podIps: ['10.129.2.15/23'], onPrimaryUdn: false }),
      'tenant/l3-sec': buildSecondaryEntry({ topology: 'Layer3', podIps: ['10.50.1.4/24'], clusterSubnets: ['10.50.0.0/16'] }),
      'tenant/l2-noipam': buildSecondaryEntry({ topology: 'Layer2', podIps: [], macAddress: '0a:58:00:00:00:01' }),
      'tenant/<odd>&name': buildSecondaryEntry({ topology: 'Layer2', podIps: ['10.60.0.9/24'], tunnelId: 2 }),
    },
  };

  it.each(Object.keys(shapes))('equals parsing the formatted text: %s', (shape) => {
    const entries = shapes[shape]!;
    const text = formatPodNetworks(entries);
    const readBack = readBackPodNetworks(Object.keys(entries).sort(), entries);
    expect(readBack).toStrictEqual(parsePodNetworksUncached(text));
    expect(JSON.stringify(readBack)).toBe(JSON.stringify(parsePodNetworksUncached(text))); // key order too
    expect(parsePodNetworks(text)).toStrictEqual(readBack);
  });
});

describe('k8s.ovn.org/pod-networks (W-2.5)', () => {
  it('writes the W-2.5 example for a pod on a Layer3 primary UDN byte for byte', () => {
    expect(formatPodNetworks(primaryUdnPodNetworks())).toBe(W25_EXAMPLE);
  });

  it('routes a default-network pod to the cluster, services, hairpin masquerade and join subnets', () => {
    const entry = buildDefaultEntry({ ...cluster, podIps: ['10.129.2.15/23'], onPrimaryUdn: false });
    expect(formatPodNetworks({ default: entry })).toBe(DEFAULT_POD);
  });

  it('derives the hairpin route from the upstream masquerade subnet too', () => {
    const entry = buildDefaultEntry({ ...cluster, masqueradeSubnets: ['169.254.169.0/29'], podIps: ['10.129.2.15/23'], onPrimaryUdn: false });
    expect(entry.routes?.[2]).toEqual({ dest: '169.254.169.5/32', nextHop: '10.129.2.1' });
  });

  it('reads back what it writes', () => {
    expect(parsePodNetworks(W25_EXAMPLE)).toEqual(primaryUdnPodNetworks());
    expect(formatPodNetworks(parsePodNetworks(DEFAULT_POD) ?? {})).toBe(DEFAULT_POD);
  });

  it.each(['', '{', '[]', '{"default":{"mac_address":"x"}}', '{"default":{"ip_addresses":[1],"mac_address":"x","role":"primary"}}'])(
    'refuses malformed text %j',
    (text) => {
      expect(parsePodNetworks(text)).toBeNull();
    },
  );

  it('drops the legacy single-value fields for a dual-stack pod and groups routes by family', () => {
    const entry = buildDefaultEntry({
      ...cluster,
      clusterSubnets: ['10.128.0.0/14', 'fd01::/48'],
      serviceCidrs: ['172.30.0.0/16', 'fd02::/112'],
      podIps: ['10.129.2.15/23', 'fd01:0:0:3::f/64'],
      onPrimaryUdn: false,
    });
    expect(entry.ip_address).toBeUndefined();
    expect(entry.gateway_ip).toBeUndefined();
    expect(entry.gateway_ips).toEqual(['10.129.2.1', 'fd01:0:0:3::1']);
    expect(entry.routes?.map((r) => r.dest)).toEqual([
      '10.128.0.0/14',
      '172.30.0.0/16',
      '169.254.0.5/32',
      '100.64.0.0/16',
      'fd01::/48',
      'fd02::/112',
      'fd69::5/128',
      'fd98::/64',
    ]);
  });

  it('gives a Layer2 primary UDN pod gateway .1, service and join routes and a tunnel id', () => {
    const entry = buildLayer2PrimaryEntry({ podIps: ['10.20.0.3/16'], serviceCidrs: ['172.30.0.0/16'], tunnelId: 7 });
    expect(formatPodNetworks({ 'green/l2': entry })).toBe(
      '{"green/l2":{"ip_addresses":["10.20.0.3/16"],"mac_address":"0a:58:0a:14:00:03","gateway_ips":["10.20.0.1"],' +
        '"routes":[{"dest":"172.30.0.0/16","nextHop":"10.20.0.1"},{"dest":"100.65.0.0/16","nextHop":"10.20.0.1"}],' +
        '"ip_address":"10.20.0.3/16","gateway_ip":"10.20.0.1","tunnel_id":7,"role":"primary"}}',
    );
  });

  it('gives a secondary Layer3 pod a route to its cluster subnet and no gateway', () => {
    const entry = buildSecondaryEntry({ topology: 'Layer3', podIps: ['10.50.1.3/24'], clusterSubnets: ['10.50.0.0/16'] });
    expect(formatPodNetworks({ 'ns/sec': entry })).toBe(
      '{"ns/sec":{"ip_addresses":["10.50.1.3/24"],"mac_address":"0a:58:0a:32:01:03",' +
        '"routes":[{"dest":"10.50.0.0/16","nextHop":"10.50.1.1"}],"ip_address":"10.50.1.3/24","role":"secondary"}}',
    );
  });

  it('gives a secondary Layer2 pod no routes but a tunnel id', () => {
    const entry = buildSecondaryEntry({ topology: 'Layer2', podIps: ['192.168.10.1/24'], tunnelId: 3 });
    expect(entry).toEqual({
      ip_addresses: ['192.168.10.1/24'],
      mac_address: '0a:58:c0:a8:0a:01',
      ip_address: '192.168.10.1/24',
      tunnel_id: 3,
      role: 'secondary',
    });
  });

  it('writes null for the addresses of a network without IPAM, as Go does', () => {
    const entry = buildSecondaryEntry({ topology: 'Layer2', podIps: [], macAddress: '02:00:00:00:00:01', tunnelId: 2 });
    expect(formatPodNetworks({ 'ns/noipam': entry })).toBe('{"ns/noipam":{"ip_addresses":null,"mac_address":"02:00:00:00:00:01","tunnel_id":2,"role":"secondary"}}');
  });
});

const PRIMARY_UDN_STATUS = `[{
    "name": "ovn-kubernetes",
    "interface": "eth0",
    "ips": [
        "10.129.2.15"
    ],
    "mac": "0a:58:0a:81:02:0f",
    "dns": {}
},{
    "name": "ovn-kubernetes",
    "interface": "ovn-udn1",
    "ips": [
        "10.200.0.3"
    ],
    "mac": "0a:58:0a:c8:00:03",
    "default": true,
    "dns": {}
}]`;

const DEFAULT_POD_STATUS = `[{
    "name": "ovn-kubernetes",
    "interface": "eth0",
    "ips": [
        "10.129.2.15"
    ],
    "mac": "0a:58:0a:81:02:0f",
    "default": true,
    "dns": {}
}]`;

describe('k8s.v1.cni.cncf.io/network-status (W-2.5)', () => {
  it('lists eth0 then ovn-udn1 for a primary-UDN pod, only ovn-udn1 as the default', () => {
    expect(formatNetworkStatus(networkStatusEntriesFor(primaryUdnPodNetworks()))).toBe(PRIMARY_UDN_STATUS);
  });

  it('lists one default eth0 entry for a default-network pod', () => {
    const podNetworks = { default: buildDefaultEntry({ ...cluster, podIps: ['10.129.2.15/23'], onPrimaryUdn: false }) };
    expect(formatNetworkStatus(networkStatusEntriesFor(podNetworks))).toBe(DEFAULT_POD_STATUS);
  });

  it('reads back the indented form and the one-line form alike', () => {
    const entries = networkStatusEntriesFor(primaryUdnPodNetworks());
    expect(parseNetworkStatus(PRIMARY_UDN_STATUS)).toEqual(entries);
    expect(parseNetworkStatus(JSON.stringify(entries))).toEqual(entries);
    expect(parseNetworkStatus('{"name":"x"}')).toBeNull();
    expect(formatNetworkStatus([])).toBe('[]');
  });
});
