// The EndpointSlice controller's target ports (W-3.1; kubernetes endpointslice utils.go getEndpointPorts
// and FindPort, reconciler.go reconcileByAddressType): resolved per pod, a named one in the pod's
// containerPorts; a pod that does not declare the name gets no such port; endpoints are grouped into
// one slice per resolved port set; a slice never carries a name where its port number belongs.
import { describe, expect, it } from 'vitest';
import type { ReconcileResult } from '../../models/controller.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import { endpointSliceController } from '../../models/kube/endpointslice-controller.js';
import type { ContainerPort, EndpointSlice, Pod, Service, ServicePort } from '../../models/kube/types.js';
import { createRng } from '../../sim/engine/rng.js';
import { ApiStore } from '../../sim/store/api-store.js';

function newStore(): ApiStore {
  const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
  for (const index of endpointSliceController.indexes ?? []) store.addIndex(index.kind, index.name, index.fn, index.unchanged);
  return store;
}

function service(ports: ServicePort[]): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', uid: 'svc-uid' }, spec: { selector: { app: 'web' }, ports, clusterIP: '172.30.0.10' } };
}

function pod(name: string, ip: string, containerPorts: ContainerPort[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, labels: { app: 'web' } },
    spec: { nodeName: 'worker-0', containers: [{ name: 'app', ports: containerPorts }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** Reconciles the Service and applies the writes, as the engine would; returns what was written. */
function sync(store: ApiStore): ReconcileResult {
  const result = endpointSliceController.reconcile('shop/web', store, { nowMs: 0, rng: createRng(3), state: undefined, cluster: {} as ClusterConfig });
  for (const write of result.writes ?? []) {
    if (write.op === 'create') store.create(write.object);
    else if (write.op === 'update') store.update(write.object);
    else store.delete(write.kind, write.key);
  }
  return result;
}

/** Each slice as `ports → endpoint pods`, ordered by its ports. */
function slicesOf(store: ApiStore): Array<{ ports: EndpointSlice['ports']; pods: string[] }> {
  return store
    .list<EndpointSlice>('EndpointSlice', 'shop')
    .map((s) => ({ ports: s.ports, pods: (s.endpoints ?? []).map((e) => e.targetRef!.name) }))
    .sort((a, b) => JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)));
}

function cluster(ports: ServicePort[], ...pods: Pod[]): ApiStore {
  const store = newStore();
  store.create(service(ports));
  for (const p of pods) store.create(p);
  sync(store);
  return store;
}

describe('the EndpointSlice controller resolves target ports per pod (W-3.1)', () => {
  it('uses a numeric targetPort as it is, whatever the pod declares', () => {
    const store = cluster([{ name: 'http', port: 8000, targetPort: 9000 }], pod('a', '10.0.0.1', [{ containerPort: 8080, name: 'http' }]));
    expect(slicesOf(store)).toEqual([{ ports: [{ name: 'http', port: 9000, protocol: 'TCP' }], pods: ['a'] }]);
  });

  it('uses the port itself when there is no targetPort', () => {
    const store = cluster([{ port: 80 }], pod('a', '10.0.0.1', []));
    expect(slicesOf(store)).toEqual([{ ports: [{ name: '', port: 80, protocol: 'TCP' }], pods: ['a'] }]);
  });

  it.each([[''], [0]])('treats a targetPort of %j as unset, as the API server defaults it to the port', (targetPort) => {
    const store = cluster([{ name: 'http', port: 8000, targetPort }], pod('a', '10.0.0.1', []));
    expect(slicesOf(store)).toEqual([{ ports: [{ name: 'http', port: 8000, protocol: 'TCP' }], pods: ['a'] }]);
  });

  it("resolves a named targetPort to the pod's containerPort of that name and protocol", () => {
    const store = cluster(
      [{ name: 'http', port: 8000, targetPort: 'web' }],
      pod('a', '10.0.0.1', [{ containerPort: 53, name: 'web', protocol: 'UDP' }, { containerPort: 8080, name: 'web' }]),
      pod('b', '10.0.0.2', [{ containerPort: 8080, name: 'web' }]),
    );
    expect(slicesOf(store)).toEqual([{ ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], pods: ['a', 'b'] }]);
  });

  it('resolves a name a sidecar declares (an init container with restartPolicy Always), not a plain init container', () => {
    const withInit = (name: string, ip: string, restartPolicy?: string): Pod => {
      const p = pod(name, ip, []);
      return { ...p, spec: { ...p.spec, initContainers: [{ name: 'proxy', ports: [{ containerPort: 15001, name: 'web' }], ...(restartPolicy ? { restartPolicy } : {}) }] } };
    };
    const store = cluster([{ name: 'http', port: 8000, targetPort: 'web' }], withInit('a', '10.0.0.1', 'Always'), withInit('b', '10.0.0.2'));
    expect(slicesOf(store)).toEqual([
      { ports: [{ name: 'http', port: 15001, protocol: 'TCP' }], pods: ['a'] },
      { ports: null, pods: ['b'] },
    ]);
  });

  it('leaves the port out for a pod that does not declare the name: that pod gets a slice with no ports', () => {
    const store = cluster(
      [{ name: 'http', port: 8000, targetPort: 'web' }, { name: 'metrics', port: 9090 }],
      pod('a', '10.0.0.1', [{ containerPort: 8080, name: 'web' }]),
      pod('b', '10.0.0.2', [{ containerPort: 8080, name: 'http' }]),
    );
    expect(slicesOf(store)).toEqual([
      { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }], pods: ['a'] },
      { ports: [{ name: 'metrics', port: 9090, protocol: 'TCP' }], pods: ['b'] },
    ]);
  });

  it('gives a pod no port at all a slice whose ports are unset, beside the slice of the pod that resolves', () => {
    const store = cluster([{ name: 'http', port: 8000, targetPort: 'web' }], pod('a', '10.0.0.1', [{ containerPort: 8080, name: 'web' }]), pod('b', '10.0.0.2', []));
    expect(slicesOf(store)).toEqual([
      { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], pods: ['a'] },
      { ports: null, pods: ['b'] },
    ]);
  });

  it('puts two pods resolving the same name to different numbers into two slices', () => {
    const store = cluster([{ name: 'http', port: 8000, targetPort: 'web' }], pod('a', '10.0.0.1', [{ containerPort: 8080, name: 'web' }]), pod('b', '10.0.0.2', [{ containerPort: 9090, name: 'web' }]));
    expect(slicesOf(store)).toEqual([
      { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], pods: ['a'] },
      { ports: [{ name: 'http', port: 9090, protocol: 'TCP' }], pods: ['b'] },
    ]);
  });

  it('never writes a name or nothing where a port number belongs', () => {
    const store = cluster([{ name: 'http', port: 8000, targetPort: 'web' }], pod('a', '10.0.0.1', [{ containerPort: 8080, name: 'other' }]));
    for (const slice of store.list<EndpointSlice>('EndpointSlice', 'shop')) {
      for (const port of slice.ports ?? []) expect(typeof port.port).toBe('number');
    }
    expect(slicesOf(store)).toEqual([{ ports: null, pods: ['a'] }]);
  });

  it('writes nothing more once the slices match, and deletes the slice of a port set no pod has any more', () => {
    const store = cluster([{ name: 'http', port: 8000, targetPort: 'web' }], pod('a', '10.0.0.1', [{ containerPort: 8080, name: 'web' }]), pod('b', '10.0.0.2', [{ containerPort: 9090, name: 'web' }]));
    expect(sync(store).writes ?? []).toEqual([]);
    store.delete('Pod', 'shop/a');
    const result = sync(store);
    expect(result.writes?.map((w) => w.op)).toEqual(['delete']);
    expect(slicesOf(store)).toEqual([{ ports: [{ name: 'http', port: 9090, protocol: 'TCP' }], pods: ['b'] }]);
  });

  it('turns a slice whose port set is gone into the new one, keeping its name, as upstream finalize does', () => {
    const store = cluster([{ name: 'http', port: 8000, targetPort: 'web' }], pod('a', '10.0.0.1', [{ containerPort: 8080, name: 'web' }]));
    const [before] = store.list<EndpointSlice>('EndpointSlice', 'shop');
    store.delete('Pod', 'shop/a');
    store.create(pod('b', '10.0.0.2', [{ containerPort: 9090, name: 'web' }]));
    expect(sync(store).writes?.map((w) => w.op)).toEqual(['update']);
    const after = store.list<EndpointSlice>('EndpointSlice', 'shop');
    expect(after.map((s) => s.metadata.name)).toEqual([before!.metadata.name]);
    expect(after[0]!.ports).toEqual([{ name: 'http', port: 9090, protocol: 'TCP' }]);
  });

  it('keeps one placeholder slice, with neither ports nor endpoints, once no pod is left', () => {
    const store = cluster([{ name: 'http', port: 8000, targetPort: 'web' }], pod('a', '10.0.0.1', [{ containerPort: 8080, name: 'web' }]), pod('b', '10.0.0.2', [{ containerPort: 9090, name: 'web' }]));
    store.delete('Pod', 'shop/a');
    store.delete('Pod', 'shop/b');
    sync(store);
    const slices = store.list<EndpointSlice>('EndpointSlice', 'shop');
    expect(slices.map((s) => [s.ports, s.endpoints])).toEqual([[null, null]]);
  });
});
