// The EndpointSlice controller's pod watch: which Services a pod event wakes. The Services selecting a
// labels object are remembered per Service revision, and a ReplicaSet's pods share their labels
// object, so the answer must follow new Services and stay per namespace.
import { describe, expect, it } from 'vitest';
import { endpointSliceController } from '../../models/kube/endpointslice-controller.js';
import type { Pod, Service } from '../../models/kube/types.js';
import type { WatchEvent } from '../../models/store-view.js';
import { createRng } from '../../sim/engine/rng.js';
import { ApiStore } from '../../sim/store/api-store.js';

const labels = { app: 'shop', 'pod-template-hash': 'abc12' };

function service(namespace: string, name: string, selector: Record<string, string>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports: [{ port: 80 }] } } as Service;
}

function started(namespace: string, name: string, ip: string): WatchEvent {
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [], nodeName: 'n' }, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] } };
  const old: Pod = { ...pod, status: { phase: 'Pending' } };
  return { type: 'MODIFIED', kind: 'Pod', key: `${namespace}/${name}`, object: pod, old };
}

describe('the EndpointSlice controller’s pod watch', () => {
  it('wakes the Services selecting the pod, in its namespace, as the Services are now', () => {
    const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
    for (const index of endpointSliceController.indexes ?? []) store.addIndex(index.kind, index.name, index.fn, index.unchanged);
    const keys = (event: WatchEvent) => endpointSliceController.watches.find((w) => w.kind === 'Pod')!.keys(event, store);
    store.create(service('shop', 'web', { app: 'shop' }));
    store.create(service('shop', 'other', { app: 'other' }));
    store.create(service('cart', 'web', { app: 'shop' }));
    expect(keys(started('shop', 'a', '10.0.0.1'))).toEqual(['shop/web']);
    store.create(service('shop', 'canary', { 'pod-template-hash': 'abc12' }));
    expect(keys(started('shop', 'c', '10.0.0.3'))).toEqual(['shop/canary', 'shop/web']);
    expect(keys(started('cart', 'b', '10.0.0.2'))).toEqual(['cart/web']);
    expect(keys(started('shop', 'd', '10.0.0.4'))).toEqual(['shop/canary', 'shop/web']);
  });
});
