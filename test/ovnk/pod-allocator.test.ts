// OVN-K's pod IPAM controller on its own (W-2.4): what a pod holds is released when it is deleted,
// also when a pod of the same name was deleted before it.
import { describe, expect, it } from 'vitest';
import { ApiStore } from '../../sim/store/api-store.js';
import { createRng } from '../../sim/engine/rng.js';
import { podAllocator } from '../../models/ovnk/pod-allocator.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { Pod } from '../../models/kube/types.js';

const cluster = { epochMs: 0, clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], masqueradeSubnet: '169.254.0.0/17' } as ClusterConfig;

function setUp() {
  const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
  store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-0', annotations: { 'k8s.ovn.org/node-subnets': '{"default":["10.128.0.0/29"]}' } } });
  const state = podAllocator.initialState() as { held: Map<string, unknown> };
  const reconcile = (key: string) => {
    const result = podAllocator.reconcile(key, store, { nowMs: 0, rng: createRng(3), state, cluster });
    for (const write of result.writes ?? []) if (write.op === 'update') store.update(write.object);
    return result;
  };
  const createPod = (name: string) => store.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: { nodeName: 'worker-0', containers: [] } });
  const address = (name: string) => (JSON.parse(store.get<Pod>('Pod', `ns/${name}`)!.metadata.annotations!['k8s.ovn.org/pod-networks']!) as Record<string, { ip_address: string }>)['default']!.ip_address;
  return { store, state, reconcile, createPod, address };
}

describe('the pod allocator', () => {
  it('releases what a pod holds when it is deleted, also for a pod made again under a deleted name', () => {
    const { store, state, reconcile, createPod, address } = setUp();
    // A /29 has six host addresses, two reserved (.1 gateway, .2 management): four for pods.
    createPod('a');
    reconcile('ns/a');
    expect(address('a')).toBe('10.128.0.3/29');
    store.delete('Pod', 'ns/a');
    reconcile('ns/a');
    createPod('a');
    reconcile('ns/a');
    expect(address('a')).toBe('10.128.0.4/29');
    store.delete('Pod', 'ns/a');
    reconcile('ns/a');
    expect(state.held.size).toBe(0);
    // Every address is free again: four pods get one each, the fifth finds the subnet full.
    for (const name of ['b', 'c', 'd', 'e']) {
      createPod(name);
      reconcile(`ns/${name}`);
    }
    expect(['b', 'c', 'd', 'e'].map(address).sort()).toEqual(['10.128.0.3/29', '10.128.0.4/29', '10.128.0.5/29', '10.128.0.6/29']);
    createPod('f');
    expect(reconcile('ns/f').logs?.[0]?.message).toContain('range is full');
  });
});
