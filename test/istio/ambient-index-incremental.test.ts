// istiod keeps its ambient index between pushes and patches it with the pods written since the last
// push; every push must equal a full rebuild over the same store, in every scenario and under every
// address source (rollouts, deletions, pods that lose their address, selector-less Services).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADDRESS_SOURCE_NAMES } from '../../models/istio/address-sources/index.js';
import { AmbientIndex, buildAmbientSnapshot, provenanceOf } from '../../models/istio/ambient-index.js';
import { AMBIENT_PUSH, type AmbientPush } from '../../models/istio/istiod-controller.js';
import type { Pod } from '../../models/kube/types.js';
import { objectKey } from '../../models/store-view.js';
import { SETTLE_LIMIT_MS, startSimulation } from '../../sim/run/run-scenario.js';
import { loadScenario } from '../../sim/scenario/load-scenario.js';
import { defaultSlice, newStore, service, udnPod } from './pod-fixtures.js';

const HTTPBIN_POD_IP = '10.131.1.99';

const SCENARIOS = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
/** The scenarios that install the mesh (the others are about OVN-K alone and have no istiod). */
const MESH = ['l3-cudn.yaml', 'l3-cudn-fixed.yaml', 'l3-cudn-ovn-pod-networks.yaml', 'mixed-cluster.yaml', 'headless.yaml', 'headless-dns-capture.yaml', 'rollout-race.yaml', 'bookinfo.yaml'];

function pushesOf(file: string, sets: string[]): { pushes: number; mismatches: string[] } {
  const loaded = loadScenario(`scenarios/${file}`, sets, (p) => readFileSync(p, 'utf8'));
  if (!loaded.ok) throw new Error(`${file}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const { sim } = startSimulation(loaded.scenario);
  const mismatches: string[] = [];
  let pushes = 0;
  sim.store.onEvent((event) => {
    if (event.kind !== AMBIENT_PUSH || event.type === 'DELETED') return;
    pushes++;
    const push = event.object as AmbientPush;
    const settings = { addressSource: push.spec.behaviour.ambientAddressSource, serviceLabel: push.spec.behaviour.endpointSliceServiceLabel, clusterDomain: sim.cluster.clusterDomain };
    const rebuilt = buildAmbientSnapshot(sim.store, settings).snapshot;
    try {
      expect(push.spec.snapshot).toEqual(rebuilt);
      expect(push.spec.snapshot.workloads.map(provenanceOf)).toEqual(rebuilt.workloads.map(provenanceOf));
    } catch {
      mismatches.push(`${file} push ${push.spec.version} at ${sim.nowMs} ms`);
    }
  });
  sim.runUntilSettled(SETTLE_LIMIT_MS);
  return { pushes, mismatches };
}

describe('istiod’s incremental ambient index', () => {
  it.each(SCENARIOS)('equals a full rebuild at every push of %s', (file) => {
    const { pushes, mismatches } = pushesOf(file, []);
    expect(mismatches).toEqual([]);
    if (MESH.includes(file)) expect(pushes).toBeGreaterThan(1);
  });

  it.each(ADDRESS_SOURCE_NAMES)('equals a full rebuild at every push of the rollout race under %s', (source) => {
    const { pushes, mismatches } = pushesOf('rollout-race.yaml', [`istiod.ambientAddressSource=${source}`]);
    expect(mismatches).toEqual([]);
    expect(pushes).toBeGreaterThan(1);
  });

  it('patches only what changed: a push after one pod update reuses every other workload and Service', () => {
    const store = newStore();
    for (let i = 0; i < 3; i++) store.create(udnPod({ namespace: 'httpbin', name: `httpbin-${i}`, uid: `uid-${i}`, defaultIp: `10.131.1.${40 + i}`, udnIp: `3.3.0.${10 + i}` }));
    const index = new AmbientIndex();
    const settings = { addressSource: 'status-pod-ips' as const, serviceLabel: 'kubernetes.io/service-name', clusterDomain: 'cluster.local' };
    const first = index.update(store, settings).snapshot;
    expect(index.update(store, settings).snapshot).toBe(first); // nothing written: the same push
    const pod = store.get<Pod>('Pod', 'httpbin/httpbin-1')!;
    store.update({ ...pod, status: { ...pod.status, podIP: HTTPBIN_POD_IP, podIPs: [{ ip: HTTPBIN_POD_IP }] } });
    const second = index.update(store, settings).snapshot;
    expect(second).not.toBe(first);
    expect(second.workloads[0]).toBe(first.workloads[0]);
    expect(second.workloads[2]).toBe(first.workloads[2]);
    expect(second.workloads[1]?.workloadIps).toEqual([HTTPBIN_POD_IP]);
    expect(first.workloads[1]?.workloadIps).toEqual(['10.131.1.41']); // the earlier push is unchanged
    expect(second).toEqual(buildAmbientSnapshot(store, settings).snapshot);
    store.delete('Pod', objectKey(pod));
    expect(index.update(store, settings).snapshot.workloads.map((w) => w.name)).toEqual(['httpbin-0', 'httpbin-2']);
  });

  it('follows the slices of a selector-less Service written after its pods were indexed, with no pod written', () => {
    const store = newStore();
    const target = { namespace: 'httpbin', name: 'httpbin-0', uid: 'uid-0', defaultIp: '10.131.1.40', udnIp: '3.3.0.10' };
    store.create(udnPod(target));
    store.create(service('httpbin', 'direct', { clusterIP: '172.30.1.9', ports: [{ name: 'http', port: 8000 }] }));
    const index = new AmbientIndex();
    const settings = { addressSource: 'status-pod-ips' as const, serviceLabel: 'kubernetes.io/service-name', clusterDomain: 'cluster.local' };
    expect(index.update(store, settings).snapshot.workloads[0]?.services).toBeUndefined();
    const slice = store.create(defaultSlice('httpbin', 'direct-1', 'direct', [{ pod: target, addresses: [target.defaultIp] }]));
    const joined = index.update(store, settings).snapshot;
    expect(joined.workloads[0]?.services).toEqual(['httpbin/direct.httpbin.svc.cluster.local']);
    expect(joined).toEqual(buildAmbientSnapshot(store, settings).snapshot);
    store.update({ ...slice, endpoints: null });
    expect(index.update(store, settings).snapshot.workloads[0]?.services).toBeUndefined();
  });
});
