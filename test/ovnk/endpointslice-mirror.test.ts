// The mirror controller's failure path (W-3.2): a pod without its annotation fails the whole sync,
// nothing partial is written, and the sync is retried up to 10 times, then dropped.
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, KubeObject, Pod } from '../../models/kube/types.js';
import { createEndpointSliceMirror } from '../../models/ovnk/endpointslice-mirror.js';
import { renderNadConfig } from '../../models/ovnk/networks.js';
import { ApiStore } from '../../sim/store/api-store.js';
import { createRng } from '../../sim/engine/rng.js';
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
const ctx = (state: Map<string, number>) => ({ nowMs: 0, rng: createRng(3), state, cluster: {} as ClusterConfig });

describe('the EndpointSlice mirror controller (W-3.2)', () => {
  it('mirrors the slice with the UDN address when the pod has its annotation', () => {
    const store = storeWith([ns, nad, pod(true), slice]);
    const result = createEndpointSliceMirror(100).reconcile('app/web-abcde', store, ctx(new Map()));
    const written = result.writes?.[0];
    expect(written?.op).toBe('create');
    expect(written && 'object' in written ? (written.object as EndpointSlice).endpoints?.[0]?.addresses : []).toEqual(['3.3.0.5']);
  });

  it('fails the whole sync without writing anything when a pod lacks its annotation, and retries', () => {
    const store = storeWith([ns, nad, pod(false), slice]);
    const state = new Map<string, number>();
    const result = createEndpointSliceMirror(100).reconcile('app/web-abcde', store, ctx(state));
    expect(result.writes ?? []).toEqual([]);
    expect(result.requeueAfterMs).toBeGreaterThan(0);
    expect(result.logs?.[0]?.message).toBe('error syncing EndpointSlice app/web-abcde: failed to determine the Pod IP of: app/web-1');
  });

  it('gives up after 10 retries until the next event', () => {
    const store = storeWith([ns, nad, pod(false), slice]);
    const state = new Map<string, number>();
    const mirror = createEndpointSliceMirror(100);
    const results = Array.from({ length: 11 }, () => mirror.reconcile('app/web-abcde', store, ctx(state)));
    expect(results.slice(0, 10).every((r) => r.requeueAfterMs !== undefined)).toBe(true);
    expect(results[10]!.requeueAfterMs).toBeUndefined();
    expect(results[10]!.logs?.[0]?.message).toContain('dropping it after 10 retries');
  });
});
