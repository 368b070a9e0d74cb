// The mirror controller's failure path (W-3.2): a pod without its annotation fails the whole sync,
// nothing partial is written, and the engine retries the sync up to 10 times, then drops it until the
// key's next event.
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, KubeObject, Pod } from '../../models/kube/types.js';
import { createEndpointSliceMirror } from '../../models/ovnk/endpointslice-mirror.js';
import { renderNadConfig } from '../../models/ovnk/networks.js';
import { ApiStore } from '../../sim/store/api-store.js';
import { createRng } from '../../sim/engine/rng.js';
import { Simulation } from '../../sim/engine/simulation.js';
import type { ClusterConfig } from '../../models/cluster-config.js';

function storeWith(objects: KubeObject[]): ApiStore {
  const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
  const mirror = createEndpointSliceMirror(100);
  for (const index of mirror.indexes ?? []) store.addIndex(index.kind, index.name, index.fn);
  for (const object of objects) store.create(object);
  return store;
}

const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app', labels: { 'k8s.ovn.org/primary-user-defined-network': '' } } };
const nad: KubeObject = {
  apiVersion: 'k8s.cni.cncf.io/v1',
  kind: 'NetworkAttachmentDefinition',
  metadata: { name: 'net', namespace: 'app', labels: { 'k8s.ovn.org/user-defined-network': '' } },
  spec: { config: renderNadConfig('cluster_udn_net', 'app/net', { topology: 'Layer3', layer3: { role: 'Primary', subnets: [{ cidr: '3.3.0.0/16', hostSubnet: 24 }] } }) },
};
const pod = (annotated: boolean): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'app',
    uid: 'uid-1',
    ...(annotated ? { annotations: { 'k8s.ovn.org/pod-networks': '{"app/net":{"ip_addresses":["3.3.0.5/24"],"mac_address":"0a:58:03:03:00:05","role":"primary"},"default":{"ip_addresses":["10.128.0.5/23"],"mac_address":"0a:58:0a:80:00:05","role":"infrastructure-locked"}}' } } : {}),
  },
  spec: { containers: [{ name: 'web' }] },
  status: { podIPs: [{ ip: '10.128.0.5' }] },
});
const slice: EndpointSlice = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'web-abcde', namespace: 'app', generateName: 'web-', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: [{ addresses: ['10.128.0.5'], conditions: { ready: true }, targetRef: { kind: 'Pod', namespace: 'app', name: 'web-1', uid: 'uid-1' } }],
};
const ctx = (state: undefined) => ({ nowMs: 0, rng: createRng(3), state, cluster: {} as ClusterConfig });

describe('the EndpointSlice mirror controller (W-3.2)', () => {
  it('mirrors the slice with the UDN address when the pod has its annotation', () => {
    const store = storeWith([ns, nad, pod(true), slice]);
    const result = createEndpointSliceMirror(100).reconcile('app/web-abcde', store, ctx(undefined));
    const written = result.writes?.[0];
    expect(written?.op).toBe('create');
    expect(written && 'object' in written ? (written.object as EndpointSlice).endpoints?.[0]?.addresses : []).toEqual(['3.3.0.5']);
  });

  it('fails the whole sync without writing anything when a pod lacks its annotation', () => {
    const store = storeWith([ns, nad, pod(false), slice]);
    const result = createEndpointSliceMirror(100).reconcile('app/web-abcde', store, ctx(undefined));
    expect(result.writes ?? []).toEqual([]);
    expect(result.error).toBe('failed to determine the Pod IP of: app/web-1');
    expect(result.logs?.[0]?.message).toBe('error syncing EndpointSlice app/web-abcde: failed to determine the Pod IP of: app/web-1');
  });

  // ovn-kubernetes endpointslicemirror controller.go processNextEgressServiceWorkItem: requeued rate
  // limited while NumRequeues(key) < maxRetries (10), then forgotten until the key's next event.
  it('is retried by the engine 5 ms, 10 ms … 1 s apart, dropped after 10 retries, and synced again on the next event', () => {
    const sim = Simulation.create({ epochMs: 0 } as ClusterConfig, 1);
    sim.addController(createEndpointSliceMirror(100));
    sim.at(0, 'apply', () => sim.applyWrites('test', [ns, nad, pod(false), slice].map((object) => ({ op: 'create' as const, object }))));
    sim.runUntilSettled(60_000);
    const failures = sim.logs.filter((l) => l.component === 'ovnkube-cluster-manager');
    expect(failures.map((l) => l.atMs)).toEqual([100, 105, 115, 135, 175, 255, 415, 735, 1375, 2375, 3375]);
    expect(failures.at(-1)!.message).toBe('error syncing EndpointSlice app/web-abcde: failed to determine the Pod IP of: app/web-1; dropping it after 10 retries');
    expect(sim.store.list<EndpointSlice>('EndpointSlice', 'app')).toHaveLength(1);
    sim.at(10_000, 'annotate', () => sim.applyWrites('test', [{ op: 'update', object: pod(true) }]));
    sim.runUntilSettled(60_000);
    const mirror = sim.store.list<EndpointSlice>('EndpointSlice', 'app').find((s) => s.metadata.name !== 'web-abcde');
    expect(mirror?.endpoints?.[0]?.addresses).toEqual(['3.3.0.5']);
    expect(mirror?.metadata.creationTimestamp).toBe(new Date(10_100).toISOString().replace('.100Z', 'Z'));
  });
});
