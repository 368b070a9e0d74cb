// W-5.2: every ambient workload address source on the same pods — a primary-UDN pod with and without
// Multus, mirrors and a sane network-status; a default-network pod; a host-network pod.
import { describe, expect, it } from 'vitest';
import { ADDRESS_SOURCES, ADDRESS_SOURCE_NAMES, type AddressResult, type AddressSourceName } from '../../models/istio/address-sources/index.js';
import type { EndpointSlice, Pod } from '../../models/kube/types.js';
import {
  DEFAULT_POD,
  DEFAULT_POD_IP,
  HOST_POD,
  HTTPBIN_DEFAULT_SLICE,
  HTTPBIN_MIRROR_SLICE,
  KUBE_SERVICE_LABEL,
  NETWORK_STATUS,
  NODE_IP,
  OVN_SERVICE_LABEL,
  POD_NETWORKS,
  UDN_NAD_KEY,
  UDN_POD,
  UDN_POD_DEFAULT_IP,
  UDN_POD_UDN_IP,
  defaultPod,
  defaultSlice,
  hostPod,
  httpbinDefaultSlice,
  httpbinMirrorSlice,
  mirrorSlice,
  newStore,
  networkStatus,
  udnNetworkStatus,
  udnPod,
} from './pod-fixtures.js';

/** Multus' text cut short, as a half-written annotation would be. */
const TRUNCATED_NETWORK_STATUS = udnNetworkStatus().slice(0, 120);

interface World {
  pod: Pod;
  slices: EndpointSlice[];
}

const WORLDS = {
  'a primary-UDN pod with all annotations and a mirror': () => ({ pod: udnPod(), slices: [httpbinDefaultSlice(), httpbinMirrorSlice()] }),
  'a primary-UDN pod on a cluster without Multus (no network-status), with a mirror': () => ({
    pod: udnPod({ networkStatus: null }),
    slices: [httpbinDefaultSlice(), httpbinMirrorSlice()],
  }),
  'a primary-UDN pod with a malformed network-status, with a mirror': () => ({
    pod: udnPod({ networkStatus: TRUNCATED_NETWORK_STATUS }),
    slices: [httpbinDefaultSlice(), httpbinMirrorSlice()],
  }),
  'a primary-UDN pod whose mirror is not written yet': () => ({ pod: udnPod(), slices: [httpbinDefaultSlice()] }),
  'a primary-UDN pod with neither network-status nor a mirror': () => ({ pod: udnPod({ networkStatus: null }), slices: [httpbinDefaultSlice()] }),
  'a default-network pod': () => ({
    pod: defaultPod(),
    slices: [defaultSlice('legacy', 'web-x8k2p', 'web', [{ pod: DEFAULT_POD, addresses: [DEFAULT_POD_IP] }], 8080)],
  }),
  'a host-network pod': () => ({
    pod: hostPod(),
    slices: [defaultSlice('openshift-monitoring', 'node-exporter-4mz8d', 'node-exporter', [{ pod: HOST_POD, addresses: [NODE_IP] }], 9100)],
  }),
} satisfies Record<string, () => World>;

type WorldName = keyof typeof WORLDS;

function resolve(source: AddressSourceName, world: World, serviceLabel = OVN_SERVICE_LABEL): AddressResult {
  const store = newStore();
  for (const slice of world.slices) store.create(slice);
  const pod = store.create(world.pod);
  return ADDRESS_SOURCES[source](pod, { view: store, serviceLabel });
}

// What `from` must name: the object and the field the addresses came from.
interface From {
  label: string;
  parts: string[];
}
const UDN_STATUS: From = { label: 'status.podIPs', parts: [`pod ${UDN_POD.namespace}/${UDN_POD.name}`, 'status.podIPs'] };
const UDN_POD_NETWORKS: From = {
  label: `the ${UDN_NAD_KEY} pod-networks entry`,
  parts: [`pod ${UDN_POD.namespace}/${UDN_POD.name}`, `annotation ${POD_NETWORKS}["${UDN_NAD_KEY}"]`, 'role primary'],
};
const UDN_NETWORK_STATUS: From = { label: 'network-status', parts: [`pod ${UDN_POD.namespace}/${UDN_POD.name}`, `annotation ${NETWORK_STATUS}`] };
const UDN_MIRROR: From = {
  label: 'the mirrored slice',
  parts: [`EndpointSlice httpbin/${HTTPBIN_MIRROR_SLICE}`, `${OVN_SERVICE_LABEL}=httpbin`, `targetRef Pod ${UDN_POD.name}`],
};
const DEFAULT_STATUS: From = { label: 'status.podIPs', parts: [`pod ${DEFAULT_POD.namespace}/${DEFAULT_POD.name}`, 'status.podIPs'] };
const DEFAULT_POD_NETWORKS: From = {
  label: 'the default pod-networks entry',
  parts: [`pod ${DEFAULT_POD.namespace}/${DEFAULT_POD.name}`, `annotation ${POD_NETWORKS}["default"]`, 'role primary'],
};
const HOST_STATUS: From = { label: 'status.podIPs', parts: [`pod ${HOST_POD.namespace}/${HOST_POD.name}`, 'status.podIPs'] };
const NOTHING: From = { label: 'nothing', parts: [] };

interface Expected {
  world: WorldName;
  addresses: string[];
  from: From;
  /** The address came from a slice, so the fork logs it. */
  logged?: boolean;
  dropped?: boolean;
}

const EXPECTED: Record<AddressSourceName, Expected[]> = {
  'status-pod-ips': [
    { world: 'a primary-UDN pod with all annotations and a mirror', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a primary-UDN pod on a cluster without Multus (no network-status), with a mirror', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a primary-UDN pod with a malformed network-status, with a mirror', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a primary-UDN pod whose mirror is not written yet', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a primary-UDN pod with neither network-status nor a mirror', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a default-network pod', addresses: [DEFAULT_POD_IP], from: DEFAULT_STATUS },
    { world: 'a host-network pod', addresses: [NODE_IP], from: HOST_STATUS },
  ],
  'ovn-pod-networks': [
    { world: 'a primary-UDN pod with all annotations and a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_POD_NETWORKS },
    { world: 'a primary-UDN pod on a cluster without Multus (no network-status), with a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_POD_NETWORKS },
    { world: 'a primary-UDN pod with a malformed network-status, with a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_POD_NETWORKS },
    { world: 'a primary-UDN pod whose mirror is not written yet', addresses: [UDN_POD_UDN_IP], from: UDN_POD_NETWORKS },
    { world: 'a primary-UDN pod with neither network-status nor a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_POD_NETWORKS },
    { world: 'a default-network pod', addresses: [DEFAULT_POD_IP], from: DEFAULT_POD_NETWORKS },
    { world: 'a host-network pod', addresses: [NODE_IP], from: HOST_STATUS },
  ],
  'network-status': [
    { world: 'a primary-UDN pod with all annotations and a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_NETWORK_STATUS },
    { world: 'a primary-UDN pod on a cluster without Multus (no network-status), with a mirror', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a primary-UDN pod with a malformed network-status, with a mirror', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a primary-UDN pod whose mirror is not written yet', addresses: [UDN_POD_UDN_IP], from: UDN_NETWORK_STATUS },
    { world: 'a primary-UDN pod with neither network-status nor a mirror', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a default-network pod', addresses: [DEFAULT_POD_IP], from: DEFAULT_STATUS },
    { world: 'a host-network pod', addresses: [NODE_IP], from: HOST_STATUS },
  ],
  'mirrored-slice-first': [
    { world: 'a primary-UDN pod with all annotations and a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_MIRROR, logged: true },
    { world: 'a primary-UDN pod on a cluster without Multus (no network-status), with a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_MIRROR, logged: true },
    { world: 'a primary-UDN pod with a malformed network-status, with a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_MIRROR, logged: true },
    { world: 'a primary-UDN pod whose mirror is not written yet', addresses: [UDN_POD_UDN_IP], from: UDN_NETWORK_STATUS },
    { world: 'a primary-UDN pod with neither network-status nor a mirror', addresses: [UDN_POD_DEFAULT_IP], from: UDN_STATUS },
    { world: 'a default-network pod', addresses: [DEFAULT_POD_IP], from: DEFAULT_STATUS },
    { world: 'a host-network pod', addresses: [NODE_IP], from: HOST_STATUS },
  ],
  'mirrored-slice-strict': [
    { world: 'a primary-UDN pod with all annotations and a mirror', addresses: [UDN_POD_UDN_IP], from: UDN_NETWORK_STATUS },
    { world: 'a primary-UDN pod on a cluster without Multus (no network-status), with a mirror', addresses: [], from: NOTHING, dropped: true },
    { world: 'a primary-UDN pod with a malformed network-status, with a mirror', addresses: [], from: NOTHING, dropped: true },
    { world: 'a primary-UDN pod whose mirror is not written yet', addresses: [UDN_POD_UDN_IP], from: UDN_NETWORK_STATUS },
    { world: 'a primary-UDN pod with neither network-status nor a mirror', addresses: [], from: NOTHING, dropped: true },
    { world: 'a default-network pod', addresses: [], from: NOTHING, dropped: true },
    { world: 'a host-network pod', addresses: [], from: NOTHING, dropped: true },
  ],
};

describe.each(ADDRESS_SOURCE_NAMES)('address source %s on every kind of pod (W-5.2)', (source) => {
  it('has a row for every pod in the table', () => {
    expect(EXPECTED[source].map((row) => row.world)).toEqual(Object.keys(WORLDS));
  });

  const outcome = (row: Expected) =>
    row.dropped ? 'no workload (dropped)' : `${row.addresses.join(', ')} from ${row.from.label}${row.logged ? ', logged' : ''}`;
  it.each(EXPECTED[source].map((row) => [row.world, outcome(row), row] as const))('%s → %s', (_world, _outcome, row) => {
    const result = resolve(source, WORLDS[row.world]());
    expect(result.addresses).toEqual(row.addresses);
    for (const part of row.from.parts) expect(result.from).toContain(part);
    expect(result.log !== undefined).toBe(row.logged ?? false);
    expect(result.dropped !== undefined).toBe(row.dropped ?? false);
  });
});

describe('status-pod-ips (upstream istiod)', () => {
  it('gives the default-network IP even when the pod has a UDN address', () => {
    const result = resolve('status-pod-ips', WORLDS['a primary-UDN pod with all annotations and a mirror']());
    expect(result).toEqual({ addresses: [UDN_POD_DEFAULT_IP], from: `pod httpbin/${UDN_POD.name} status.podIPs` });
  });

  it('falls back to status.podIP, and names that field, when status.podIPs is empty', () => {
    const base = udnPod();
    const pod: Pod = { ...base, status: { ...base.status, podIPs: [], podIP: UDN_POD_DEFAULT_IP } };
    const result = resolve('status-pod-ips', { pod, slices: [] });
    expect(result).toEqual({ addresses: [UDN_POD_DEFAULT_IP], from: `pod httpbin/${UDN_POD.name} status.podIP` });
  });

  it('keeps a dual-stack pod’s status.podIPs in order', () => {
    const base = hostPod();
    const pod: Pod = { ...base, status: { ...base.status, podIPs: [{ ip: NODE_IP }, { ip: 'fd00:10:0:128::7' }] } };
    expect(resolve('status-pod-ips', { pod, slices: [] }).addresses).toEqual([NODE_IP, 'fd00:10:0:128::7']);
  });
});

describe('ovn-pod-networks (a candidate fix)', () => {
  it('strips the prefix length from the role-primary entry of k8s.ovn.org/pod-networks', () => {
    const result = resolve('ovn-pod-networks', { pod: udnPod(), slices: [] });
    expect(result.addresses).toEqual(['3.3.0.11']);
    expect(result.from).toBe(`pod httpbin/${UDN_POD.name} annotation ${POD_NETWORKS}["${UDN_NAD_KEY}"] (role primary)`);
  });

  it('never takes the infrastructure-locked default entry of a UDN pod', () => {
    const result = resolve('ovn-pod-networks', { pod: udnPod(), slices: [] });
    expect(result.addresses).not.toContain(UDN_POD_DEFAULT_IP);
  });

  it('falls back to status IPs when pod-networks is malformed', () => {
    const pod = udnPod({ annotations: { [POD_NETWORKS]: '{"default":{"ip_addresses":["10.131.1.42/23"' } });
    const result = resolve('ovn-pod-networks', { pod, slices: [] });
    expect(result).toEqual({ addresses: [UDN_POD_DEFAULT_IP], from: `pod httpbin/${UDN_POD.name} status.podIPs` });
  });
});

describe('network-status (a candidate fix): "the network-status UDN entry"', () => {
  const eth0 = { iface: 'eth0', ip: UDN_POD_DEFAULT_IP, mac: '0a:58:0a:83:01:2a' };
  const udn1 = { iface: 'ovn-udn1', ip: UDN_POD_UDN_IP, mac: '0a:58:03:03:00:0b' };

  it('reads the multi-line Multus annotation and names it in `from`', () => {
    const result = resolve('network-status', { pod: udnPod(), slices: [] });
    expect(result).toEqual({
      addresses: [UDN_POD_UDN_IP],
      from: `pod httpbin/${UDN_POD.name} annotation ${NETWORK_STATUS} (the "default": true entry that is not eth0)`,
    });
  });

  it.each([
    ['eth0 is the default entry (a default-network pod)', networkStatus([{ ...eth0, isDefault: true }])],
    ['no entry is marked default', networkStatus([{ ...eth0, isDefault: false }, { ...udn1, isDefault: false }])],
    ['the default entry has no ips', '[{"name":"ovn-kubernetes","interface":"eth0","ips":["10.131.1.42"]},{"name":"ovn-kubernetes","interface":"ovn-udn1","ips":[],"default":true}]'],
    ['"default" is the string "true", not a boolean', '[{"name":"ovn-kubernetes","interface":"ovn-udn1","ips":["3.3.0.11"],"default":"true"}]'],
    ['the annotation is truncated JSON', TRUNCATED_NETWORK_STATUS],
    ['the annotation is an object, not a list', '{"name":"ovn-kubernetes","interface":"ovn-udn1","ips":["3.3.0.11"],"default":true}'],
    ['the annotation is empty', ''],
  ])('falls back to status IPs when %s', (_case, text) => {
    const result = resolve('network-status', { pod: udnPod({ networkStatus: text }), slices: [] });
    expect(result.addresses).toEqual([UDN_POD_DEFAULT_IP]);
    expect(result.from).toContain('status.podIPs');
  });

  it('takes the first qualifying entry in list order, with all its IPs, whatever its name', () => {
    const text =
      '[{"name":"ovn-kubernetes","interface":"eth0","ips":["10.131.1.42"],"default":true},' +
      '{"name":"something-else","interface":"ovn-udn1","ips":["3.3.0.11","fd99:3::b"],"default":true},' +
      '{"name":"ovn-kubernetes","interface":"net1","ips":["192.168.5.4"],"default":true}]';
    expect(resolve('network-status', { pod: udnPod({ networkStatus: text }), slices: [] }).addresses).toEqual(['3.3.0.11', 'fd99:3::b']);
  });

  // The fork's GetCUDNIPsFromPod (pkg/kube/network_status.go) unmarshals into []struct{Name, Interface string;
  // IPs []string; Default bool}: any wrongly typed field fails json.Unmarshal and gives nil (W-5.2: "a missing or
  // malformed annotation: none"), while a `null` element is a zero entry and the walk goes on.
  it.each([
    [
      'an earlier entry has "default": "true" (a string)',
      '[{"name":"ovn-kubernetes","interface":"eth0","ips":["10.131.1.42"],"default":"true"},{"name":"ovn-kubernetes","interface":"ovn-udn1","ips":["3.3.0.11"],"default":true}]',
    ],
    ['the UDN entry lists a non-string IP', '[{"name":"ovn-kubernetes","interface":"ovn-udn1","ips":["3.3.0.11",11],"default":true}]'],
    ['the UDN entry has a numeric interface', '[{"name":"ovn-kubernetes","interface":1,"ips":["3.3.0.11"],"default":true}]'],
  ])('treats the whole annotation as malformed (status IPs) when %s', (_case, text) => {
    expect(resolve('network-status', { pod: udnPod({ networkStatus: text }), slices: [] }).addresses).toEqual([UDN_POD_DEFAULT_IP]);
  });

  it('walks past a null element to the UDN entry, as Go decodes null into a zero entry', () => {
    const text = '[null,{"name":"ovn-kubernetes","interface":"ovn-udn1","ips":["3.3.0.11"],"default":true}]';
    expect(resolve('network-status', { pod: udnPod({ networkStatus: text }), slices: [] }).addresses).toEqual([UDN_POD_UDN_IP]);
  });
});

describe('mirrored-slice-first (the fork’s first revision)', () => {
  it('logs at info exactly which mirrored slice it used, once', () => {
    const result = resolve('mirrored-slice-first', WORLDS['a primary-UDN pod with all annotations and a mirror']());
    expect(result.log).toEqual({
      component: 'istiod',
      level: 'info',
      scope: 'ambient',
      message: `Using CUDN IPs from mirrored endpointslice httpbin/${HTTPBIN_MIRROR_SLICE} (service: httpbin) for pod httpbin/${UDN_POD.name}: [3.3.0.11]`,
    });
  });

  it.each([
    ['network-status', 'a primary-UDN pod whose mirror is not written yet'],
    ['status IPs', 'a primary-UDN pod with neither network-status nor a mirror'],
    ['status IPs', 'a default-network pod'],
    ['status IPs', 'a host-network pod'],
  ] as const)('logs nothing when it falls back to %s (%s)', (_fallback, world) => {
    expect(resolve('mirrored-slice-first', WORLDS[world]()).log).toBeUndefined();
  });

  it('with kubernetes.io/service-name configured, takes the default slice’s 10.x address (and still calls it mirrored)', () => {
    const result = resolve('mirrored-slice-first', WORLDS['a primary-UDN pod with all annotations and a mirror'](), KUBE_SERVICE_LABEL);
    expect(result.addresses).toEqual([UDN_POD_DEFAULT_IP]);
    expect(result.from).toContain(`EndpointSlice httpbin/${HTTPBIN_DEFAULT_SLICE}`);
    expect(result.log?.message).toBe(
      `Using CUDN IPs from mirrored endpointslice httpbin/${HTTPBIN_DEFAULT_SLICE} (service: httpbin) for pod httpbin/${UDN_POD.name}: [${UDN_POD_DEFAULT_IP}]`,
    );
  });

  it('ignores a slice listing the pod that carries neither service label', () => {
    const unlabelled = httpbinMirrorSlice();
    const slice: EndpointSlice = { ...unlabelled, metadata: { ...unlabelled.metadata, name: 'hand-written', labels: { team: 'a' } } };
    const result = resolve('mirrored-slice-first', { pod: udnPod(), slices: [slice] });
    expect(result.from).toContain(NETWORK_STATUS);
    expect(result.log).toBeUndefined();
  });

  it('uses a default-network pod’s own default slice when configured with kubernetes.io/service-name', () => {
    const world = WORLDS['a default-network pod']();
    const result = resolve('mirrored-slice-first', world, KUBE_SERVICE_LABEL);
    expect(result.addresses).toEqual([DEFAULT_POD_IP]);
    expect(result.log?.message).toBe(
      `Using CUDN IPs from mirrored endpointslice legacy/web-x8k2p (service: web) for pod legacy/${DEFAULT_POD.name}: [${DEFAULT_POD_IP}]`,
    );
  });

  it.each([
    ['the right name but another uid (the pod was recreated, the mirror is stale)', { uid: 'e2a9c5d1-0000-4000-8000-000000000001' }],
    ['the right uid but another name', { name: 'httpbin-7bfcbb4dbd-zzzzz' }],
    ['the right name and uid but kind Node', { kind: 'Node' }],
  ])('does not use a mirrored endpoint whose targetRef has %s', (_case, targetRef) => {
    const slice = mirrorSlice('httpbin', HTTPBIN_MIRROR_SLICE, 'httpbin', HTTPBIN_DEFAULT_SLICE, [
      { pod: UDN_POD, addresses: ['3.3.0.99'], targetRef },
      // Another pod's endpoint carrying this pod's uid keeps the slice in the index bucket the source reads,
      // so only the targetRef match decides.
      { pod: UDN_POD, addresses: ['3.3.0.98'], targetRef: { name: 'httpbin-7bfcbb4dbd-q4w8n' } },
    ]);
    const world = { pod: udnPod(), slices: [slice] };
    const result = resolve('mirrored-slice-first', world);
    expect(result.addresses).toEqual([UDN_POD_UDN_IP]);
    expect(result.from).toContain(NETWORK_STATUS);
    expect(result.log).toBeUndefined();
  });

  it('uses a mirror that lists a host-network pod with its node IP (the mirror keeps it), and logs it', () => {
    const slice = mirrorSlice('openshift-monitoring', 'node-exporter-p7r2t', 'node-exporter', 'node-exporter-4mz8d', [{ pod: HOST_POD, addresses: [NODE_IP] }], 9100);
    const result = resolve('mirrored-slice-first', { pod: hostPod(), slices: [slice] });
    expect(result.addresses).toEqual([NODE_IP]);
    expect(result.log?.message).toBe(
      `Using CUDN IPs from mirrored endpointslice openshift-monitoring/node-exporter-p7r2t (service: node-exporter) for pod openshift-monitoring/${HOST_POD.name}: [${NODE_IP}]`,
    );
  });

  it('names in `from` and in the log the same slice when two labelled slices list the pod', () => {
    const other = mirrorSlice('httpbin', 'httpbin-a2b4c', 'httpbin-canary', 'httpbin-canary-x9z8w', [{ pod: UDN_POD, addresses: [UDN_POD_UDN_IP] }]);
    const result = resolve('mirrored-slice-first', { pod: udnPod(), slices: [httpbinMirrorSlice(), other] });
    const slice = /EndpointSlice httpbin\/(\S+)/.exec(result.from)?.[1];
    expect([HTTPBIN_MIRROR_SLICE, 'httpbin-a2b4c']).toContain(slice);
    expect(result.log?.message).toContain(`mirrored endpointslice httpbin/${slice} `);
  });
});

describe('mirrored-slice-strict (the fork’s later revision, as its code behaves)', () => {
  it('gives the UDN IP from network-status and never reads the mirror (its lookup key omits the kind)', () => {
    const result = resolve('mirrored-slice-strict', WORLDS['a primary-UDN pod with all annotations and a mirror']());
    expect(result.addresses).toEqual([UDN_POD_UDN_IP]);
    expect(result.from).toContain(NETWORK_STATUS);
    expect(result.from).not.toContain('EndpointSlice');
    expect(result.log).toBeUndefined();
    expect(result.dropped).toBeUndefined();
  });

  it.each([
    ['a default-network pod', `${DEFAULT_POD.namespace}/${DEFAULT_POD.name}`],
    ['a host-network pod', `${HOST_POD.namespace}/${HOST_POD.name}`],
    ['a primary-UDN pod on a cluster without Multus (no network-status), with a mirror', `${UDN_POD.namespace}/${UDN_POD.name}`],
  ] as const)('drops %s silently: no addresses, the discarded error as the reason, no log', (world, key) => {
    const result = resolve('mirrored-slice-strict', WORLDS[world]());
    expect(result.addresses).toEqual([]);
    expect(result.dropped).toContain(`OVNK UDN enabled but no CUDN IPs found for pod ${key} from EndpointSlices or network-status annotation`);
    expect(result.log).toBeUndefined();
  });
});
