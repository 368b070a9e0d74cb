// W-5.4: istiod's ambient index on a small mixed cluster — a primary-UDN namespace (httpbin, sleep),
// a default-network namespace (legacy) and a host-network pod — under each address source (W-5.2).
import { describe, expect, it } from 'vitest';
import { buildAmbientSnapshot, podWorkloadUid, provenanceOf } from '../../models/istio/ambient-index.js';
import type { AddressSourceName } from '../../models/istio/address-sources/index.js';
import type { ZtunnelWorkload } from '../../models/istio/workload-types.js';
import type { EndpointSlice, Pod } from '../../models/kube/types.js';
import type { ApiStore } from '../../sim/store/api-store.js';
import {
  DEFAULT_POD,
  DEFAULT_POD_IP,
  HOST_POD,
  KUBE_SERVICE_LABEL,
  NETWORK_STATUS,
  NODE,
  NODE_IP,
  OVN_SERVICE_LABEL,
  UDN_POD,
  defaultPod,
  defaultSlice,
  hostPod,
  mirrorSlice,
  newStore,
  pod,
  service,
  udnPod,
} from './pod-fixtures.js';

const REDIRECTION = 'ambient.istio.io/redirection';
const ENROLLED = { [REDIRECTION]: 'enabled' };

const HTTPBIN_READY = { ...UDN_POD, defaultIp: '10.131.1.42', udnIp: '3.3.0.11' };
const HTTPBIN_NOT_READY = { namespace: 'httpbin', name: 'httpbin-7bfcbb4dbd-8m2kq', uid: '6a1d4b2f-9e3c-4d8b-8f52-3c7e9a8b1d22', defaultIp: '10.131.1.43', udnIp: '3.3.0.12' };
const HTTPBIN_DELETING = { namespace: 'httpbin', name: 'httpbin-7bfcbb4dbd-rt5vw', uid: '7b2e5c3a-0f4d-4e9c-9a63-4d8f0b9c2e33', defaultIp: '10.131.1.44', udnIp: '3.3.0.13' };
const SLEEP = { namespace: 'sleep', name: 'sleep-868c754c4b-gmz2p', uid: '8c3f6d4b-1a5e-4fad-ab74-5e9a1cad3f44', defaultIp: '10.131.1.41', udnIp: '3.3.0.10' };
const JOB_DONE = { namespace: 'httpbin', name: 'migrate-db-5tq8w', uid: '9d4a7e5c-2b6f-4abe-bc85-6fab2dbe4a55', defaultIp: '10.131.1.45', udnIp: '3.3.0.14' };
const PENDING = { namespace: 'httpbin', name: 'httpbin-7bfcbb4dbd-n6c2j', uid: 'ae5b8f6d-3c7a-4bcf-8d96-7abc3ecf5b66' };

const uid = (p: { namespace: string; name: string }) => podWorkloadUid(p.namespace, p.name);

function withoutNetworkStatus(p: Pod): Pod {
  const annotations = { ...(p.metadata.annotations ?? {}) };
  delete annotations[NETWORK_STATUS];
  return { ...p, metadata: { ...p.metadata, annotations } };
}

/** The cluster; `multus: false` leaves every pod without network-status. */
function cluster(options: { multus?: boolean } = {}): ApiStore {
  const multus = options.multus ?? true;
  const ns = multus ? {} : { networkStatus: null };
  const store = newStore();
  const pods: Pod[] = [
    udnPod({ ...HTTPBIN_READY, ...ns, annotations: ENROLLED }),
    udnPod({ ...HTTPBIN_NOT_READY, ...ns, annotations: ENROLLED, ready: false }),
    udnPod({ ...HTTPBIN_DELETING, ...ns, annotations: ENROLLED, deleting: true }),
    udnPod({ ...SLEEP, ...ns, labels: { app: 'sleep' }, serviceAccount: 'sleep', replicaSet: 'sleep-868c754c4b', annotations: { [REDIRECTION]: 'pending' } }),
    udnPod({ ...JOB_DONE, ...ns, labels: { 'job-name': 'migrate-db' }, phase: 'Succeeded', ready: false }),
    pod({ ...PENDING, ip: '', labels: { app: 'httpbin' }, phase: 'Pending', ready: false }),
    multus ? defaultPod() : withoutNetworkStatus(defaultPod()),
    hostPod(),
  ];
  const httpbinPods = [HTTPBIN_READY, HTTPBIN_NOT_READY, HTTPBIN_DELETING];
  const slices: EndpointSlice[] = [
    defaultSlice('httpbin', 'httpbin-vk9fm', 'httpbin', httpbinPods.map((p) => ({ pod: p, addresses: [p.defaultIp] }))),
    mirrorSlice('httpbin', 'httpbin-vs7cz', 'httpbin', 'httpbin-vk9fm', httpbinPods.map((p) => ({ pod: p, addresses: [p.udnIp] }))),
    defaultSlice('sleep', 'sleep-d7x2n', 'sleep', [{ pod: SLEEP, addresses: [SLEEP.defaultIp] }], 80),
    mirrorSlice('sleep', 'sleep-qz5lm', 'sleep', 'sleep-d7x2n', [{ pod: SLEEP, addresses: [SLEEP.udnIp] }], 80),
    defaultSlice('legacy', 'web-x8k2p', 'web', [{ pod: DEFAULT_POD, addresses: [DEFAULT_POD_IP] }], 8080),
    // A selector-less Service with a hand-written slice (W-5.4's "found through slices").
    defaultSlice('legacy', 'web-direct-1', 'web-direct', [{ pod: DEFAULT_POD, addresses: [DEFAULT_POD_IP] }], 8080),
    defaultSlice('openshift-monitoring', 'node-exporter-4mz8d', 'node-exporter', [{ pod: HOST_POD, addresses: [NODE_IP] }], 9100),
  ];
  for (const object of [
    service('httpbin', 'httpbin', { clusterIP: '172.30.154.10', selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000, targetPort: 8000 }] }),
    service('sleep', 'sleep', { clusterIP: '172.30.21.7', selector: { app: 'sleep' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] }),
    service('legacy', 'web', { clusterIP: '172.30.88.3', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
    service('legacy', 'web-direct', { clusterIP: '172.30.88.4', ports: [{ name: 'http', port: 8080 }] }),
    service('legacy', 'docs', { clusterIP: '', type: 'ExternalName', externalName: 'docs.example.com' }),
    service('openshift-monitoring', 'node-exporter', { clusterIP: '172.30.9.100', selector: { app: 'node-exporter' }, ports: [{ name: 'metrics', port: 9100, targetPort: 9100 }] }),
    ...slices,
    ...pods,
  ]) {
    store.create(object);
  }
  return store;
}

function snapshot(source: AddressSourceName, options: { multus?: boolean; serviceLabel?: string } = {}) {
  return buildAmbientSnapshot(cluster(options), {
    addressSource: source,
    serviceLabel: options.serviceLabel ?? (source === 'status-pod-ips' ? KUBE_SERVICE_LABEL : OVN_SERVICE_LABEL),
    clusterDomain: 'cluster.local',
  });
}

function workload(workloads: ZtunnelWorkload[], p: { namespace: string; name: string }): ZtunnelWorkload {
  const found = workloads.find((w) => w.uid === uid(p));
  if (!found) throw new Error(`no workload ${uid(p)}`);
  return found;
}

const EVERY_LIVE_POD = [HTTPBIN_READY, HTTPBIN_DELETING, HTTPBIN_NOT_READY, DEFAULT_POD, HOST_POD, SLEEP].map(uid).sort();

describe('buildAmbientSnapshot (W-5.4)', () => {
  it('makes a workload of every non-terminal pod with an IP, enrolled or not, sorted by uid', () => {
    const { snapshot: s } = snapshot('status-pod-ips');
    expect(s.workloads.map((w) => w.uid)).toEqual(EVERY_LIVE_POD);
    expect(s.workloads.map((w) => w.uid)).not.toContain(uid(JOB_DONE));
    expect(s.workloads.map((w) => w.uid)).not.toContain(uid(PENDING));
    expect(s.dropped).toEqual([]);
  });

  it.each([
    ['annotated ambient.istio.io/redirection: enabled', HTTPBIN_READY, 'HBONE'],
    ['annotated ambient.istio.io/redirection: pending (ztunnel was unreachable)', SLEEP, 'TCP'],
    ['not enrolled (default network)', DEFAULT_POD, 'TCP'],
    ['on the host network', HOST_POD, 'TCP'],
  ] as const)('gives a pod %s protocol %s', (_case, p, protocol) => {
    expect(workload(snapshot('status-pod-ips').snapshot.workloads, p).protocol).toBe(protocol);
  });

  it('fills uid, names, service account, node, trust domain, workload and canonical names, network mode', () => {
    const { snapshot: s } = snapshot('status-pod-ips');
    expect(workload(s.workloads, HTTPBIN_READY)).toMatchObject({
      uid: 'Kubernetes//Pod/httpbin/httpbin-7bfcbb4dbd-6fxmz',
      name: 'httpbin-7bfcbb4dbd-6fxmz',
      namespace: 'httpbin',
      serviceAccount: 'httpbin',
      node: NODE,
      trustDomain: 'cluster.local',
      workloadName: 'httpbin',
      canonicalName: 'httpbin',
      networkMode: 'Standard',
      status: 'Healthy',
      workloadIps: ['10.131.1.42'],
    });
    expect(workload(s.workloads, HOST_POD)).toMatchObject({ networkMode: 'HostNetwork', workloadIps: [NODE_IP], workloadName: HOST_POD.name });
  });

  it.each([
    [{ 'service.istio.io/canonical-name': 'svc-name', 'app.kubernetes.io/name': 'k8s-name', app: 'app' }, 'svc-name'],
    [{ 'app.kubernetes.io/name': 'k8s-name', app: 'app' }, 'k8s-name'],
    [{ app: 'app' }, 'app'],
    [{}, 'httpbin'],
  ])('takes the canonical name from labels %j, else the workload name: %s', (labels, expected) => {
    const store = newStore();
    store.create(udnPod({ labels }));
    const { snapshot: s } = buildAmbientSnapshot(store, { addressSource: 'status-pod-ips', serviceLabel: KUBE_SERVICE_LABEL, clusterDomain: 'cluster.local' });
    expect(s.workloads[0]?.canonicalName).toBe(expected);
  });

  it('marks workloads Unhealthy when the pod is not Ready or is being deleted', () => {
    const { snapshot: s } = snapshot('status-pod-ips');
    expect(workload(s.workloads, HTTPBIN_NOT_READY).status).toBe('Unhealthy');
    expect(workload(s.workloads, HTTPBIN_DELETING).status).toBe('Unhealthy');
  });

  it('lists in `services` the Services of the pod’s namespace whose selector matches, keyed <ns>/<hostname>', () => {
    const { snapshot: s } = snapshot('status-pod-ips');
    expect(workload(s.workloads, HTTPBIN_READY).services).toEqual(['httpbin/httpbin.httpbin.svc.cluster.local']);
    expect(workload(s.workloads, SLEEP).services).toEqual(['sleep/sleep.sleep.svc.cluster.local']);
    expect(workload(s.workloads, HOST_POD).services).toEqual(['openshift-monitoring/node-exporter.openshift-monitoring.svc.cluster.local']);
  });

  it('adds a selector-less Service found through a slice with the configured label, and loses it under the fork’s label', () => {
    const upstream = workload(snapshot('status-pod-ips', { serviceLabel: KUBE_SERVICE_LABEL }).snapshot.workloads, DEFAULT_POD);
    expect(upstream.services).toEqual(['legacy/web-direct.legacy.svc.cluster.local', 'legacy/web.legacy.svc.cluster.local']);
    const fork = workload(snapshot('status-pod-ips', { serviceLabel: OVN_SERVICE_LABEL }).snapshot.workloads, DEFAULT_POD);
    expect(fork.services).toEqual(['legacy/web.legacy.svc.cluster.local']);
  });

  it('gives a Service endpoints only for Healthy workloads, with the resolved target port', () => {
    const { snapshot: s } = snapshot('status-pod-ips');
    const httpbin = s.services.find((svc) => svc.hostname === 'httpbin.httpbin.svc.cluster.local');
    expect(httpbin).toMatchObject({ name: 'httpbin', namespace: 'httpbin', vips: ['/172.30.154.10'], ports: { '8000': 8000 } });
    expect(httpbin?.endpoints).toEqual({
      [uid(HTTPBIN_READY)]: { workloadUid: uid(HTTPBIN_READY), port: { '8000': 8000 }, status: 'Healthy' },
    });
  });

  it('resolves a named targetPort against the pod for the endpoint, but sends 0 in the Service’s own ports', () => {
    const { snapshot: s } = snapshot('status-pod-ips');
    const web = s.services.find((svc) => svc.hostname === 'web.legacy.svc.cluster.local');
    expect(web?.ports).toEqual({ '80': 0 });
    expect(web?.endpoints[uid(DEFAULT_POD)]?.port).toEqual({ '80': 8080 });
  });

  it('resolves named target ports per pod even when pods share one labels object (a ReplicaSet’s), and shares the rest', () => {
    const store = newStore();
    store.create(service('shop', 'named', { clusterIP: '172.30.1.1', selector: { app: 'shop' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }));
    store.create(service('shop', 'numbered', { clusterIP: '172.30.1.2', selector: { app: 'shop' }, ports: [{ name: 'http', port: 81, targetPort: 8081 }] }));
    store.create(service('cart', 'cart', { clusterIP: '172.30.1.3', selector: { app: 'shop' }, ports: [{ name: 'http', port: 82, targetPort: 8082 }] }));
    const labels = { app: 'shop' };
    const shopPod = (name: string, ip: string, port: number, namespace = 'shop'): Pod => {
      const made = pod({ namespace, name, uid: `${name}-uid`, ip, containerPorts: [{ name: 'http', containerPort: port }] });
      return { ...made, metadata: { ...made.metadata, labels } };
    };
    store.create(service('plain', 'plain', { clusterIP: '172.30.1.4', selector: { app: 'shop' }, ports: [{ name: 'http', port: 83, targetPort: 8083 }] }));
    for (const made of [shopPod('a', '10.128.0.10', 8080), shopPod('b', '10.128.0.11', 9090), shopPod('p', '10.128.0.13', 7070, 'plain'), shopPod('c', '10.128.0.12', 7070, 'cart')]) store.create(made);
    const { snapshot: s } = buildAmbientSnapshot(store, { addressSource: 'status-pod-ips', serviceLabel: KUBE_SERVICE_LABEL, clusterDomain: 'cluster.local' });
    const named = s.services.find((svc) => svc.hostname === 'named.shop.svc.cluster.local')!;
    expect(named.endpoints[uid({ namespace: 'shop', name: 'a' })]?.port).toEqual({ '80': 8080 });
    expect(named.endpoints[uid({ namespace: 'shop', name: 'b' })]?.port).toEqual({ '80': 9090 });
    expect(workload(s.workloads, { namespace: 'shop', name: 'b' }).services).toEqual(['shop/named.shop.svc.cluster.local', 'shop/numbered.shop.svc.cluster.local']);
    // The same labels object in another namespace is matched against that namespace's Services.
    expect(workload(s.workloads, { namespace: 'plain', name: 'p' }).services).toEqual(['plain/plain.plain.svc.cluster.local']);
    expect(workload(s.workloads, { namespace: 'cart', name: 'c' }).services).toEqual(['cart/cart.cart.svc.cluster.local']);
  });

  it('skips ExternalName Services and sorts the rest by hostname', () => {
    const { snapshot: s } = snapshot('status-pod-ips');
    expect(s.services.map((svc) => svc.hostname)).toEqual([
      'httpbin.httpbin.svc.cluster.local',
      'node-exporter.openshift-monitoring.svc.cluster.local',
      'sleep.sleep.svc.cluster.local',
      'web-direct.legacy.svc.cluster.local',
      'web.legacy.svc.cluster.local',
    ]);
  });

  it('with status-pod-ips (upstream), tells ztunnel the default-network IPs of UDN pods', () => {
    const { snapshot: s, logs } = snapshot('status-pod-ips');
    expect(workload(s.workloads, HTTPBIN_READY).workloadIps).toEqual(['10.131.1.42']);
    expect(provenanceOf(s.workloads.find((w) => w.uid === uid(HTTPBIN_READY))!)).toEqual({
      addressSource: 'status-pod-ips',
      from: 'pod httpbin/httpbin-7bfcbb4dbd-6fxmz status.podIPs',
      podUid: HTTPBIN_READY.uid,
    });
    expect(logs).toEqual([]);
  });

  it('with mirrored-slice-first, takes UDN IPs from the mirrors and logs once per pod that used one', () => {
    const { snapshot: s, logs } = snapshot('mirrored-slice-first');
    expect(s.workloads.map((w) => [w.name, w.workloadIps])).toEqual([
      ['httpbin-7bfcbb4dbd-6fxmz', ['3.3.0.11']],
      ['httpbin-7bfcbb4dbd-8m2kq', ['3.3.0.12']],
      ['httpbin-7bfcbb4dbd-rt5vw', ['3.3.0.13']],
      [DEFAULT_POD.name, [DEFAULT_POD_IP]],
      [HOST_POD.name, [NODE_IP]],
      ['sleep-868c754c4b-gmz2p', ['3.3.0.10']],
    ]);
    expect(logs.map((l) => l.message).sort()).toEqual([
      'Using CUDN IPs from mirrored endpointslice httpbin/httpbin-vs7cz (service: httpbin) for pod httpbin/httpbin-7bfcbb4dbd-6fxmz: [3.3.0.11]',
      'Using CUDN IPs from mirrored endpointslice httpbin/httpbin-vs7cz (service: httpbin) for pod httpbin/httpbin-7bfcbb4dbd-8m2kq: [3.3.0.12]',
      'Using CUDN IPs from mirrored endpointslice httpbin/httpbin-vs7cz (service: httpbin) for pod httpbin/httpbin-7bfcbb4dbd-rt5vw: [3.3.0.13]',
      'Using CUDN IPs from mirrored endpointslice sleep/sleep-qz5lm (service: sleep) for pod sleep/sleep-868c754c4b-gmz2p: [3.3.0.10]',
    ]);
    expect(provenanceOf(s.workloads.find((w) => w.uid === uid(HTTPBIN_READY))!)?.from).toContain('EndpointSlice httpbin/httpbin-vs7cz');
  });

  it.each([
    ['with Multus', true, [DEFAULT_POD, HOST_POD]],
    ['without Multus', false, [DEFAULT_POD, HOST_POD, HTTPBIN_READY, HTTPBIN_DELETING, HTTPBIN_NOT_READY, SLEEP]],
  ] as const)('with mirrored-slice-strict %s, lists in `dropped` every pod without a network-status UDN entry, and logs nothing', (_case, multus, droppedPods) => {
    const { snapshot: s, logs } = snapshot('mirrored-slice-strict', { multus });
    const keys = droppedPods.map((p) => `${p.namespace}/${p.name}`).sort();
    expect(s.dropped.map((d) => d.pod)).toEqual(keys);
    for (const d of s.dropped) {
      expect(d.reason).toContain(`OVNK UDN enabled but no CUDN IPs found for pod ${d.pod} from EndpointSlices or network-status annotation`);
    }
    expect(s.workloads.map((w) => `${w.namespace}/${w.name}`).sort()).toEqual(
      EVERY_LIVE_POD.map((u) => u.replace('Kubernetes//Pod/', '')).filter((k) => !keys.includes(k)).sort(),
    );
    expect(logs).toEqual([]);
  });

  it('with mirrored-slice-strict, keeps the UDN IP from network-status and drops legacy’s endpoints from its Service', () => {
    const { snapshot: s } = snapshot('mirrored-slice-strict');
    expect(workload(s.workloads, HTTPBIN_READY).workloadIps).toEqual(['3.3.0.11']);
    expect(s.services.find((svc) => svc.name === 'web')?.endpoints).toEqual({});
  });

  it('records the address source and service label in the snapshot', () => {
    const { snapshot: s } = snapshot('network-status', { serviceLabel: OVN_SERVICE_LABEL });
    expect(s.addressSource).toBe('network-status');
    expect(s.serviceLabel).toBe(OVN_SERVICE_LABEL);
  });
});
