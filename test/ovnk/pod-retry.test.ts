// A pod that found no address (W-2.4) waits in OVN-K's retry cache, as upstream
// go-controller/pkg/retry/obj_retry.go has it in the OpenShift 4.18/4.19 era (before commit f10deebaf,
// December 2025, made pods retry forever): nothing retries it when another pod frees an address
// (DeleteFunc releases and calls no RequestRetryObjs); periodicallyRetryResources wakes every
// RetryObjInterval (30 s) and resourceRetry tries each entry whose backoff (initialBackoff 1 s,
// doubled before each try, maxBackoff 60 s, + rand.Intn(500) ms) has passed, dropping it after
// MaxFailedAttempts (15); the pod's own update event tries at once and starts the entry over.
import { describe, expect, it } from 'vitest';
import { ApiStore } from '../../sim/store/api-store.js';
import { createRng } from '../../sim/engine/rng.js';
import { podAllocator } from '../../models/ovnk/pod-allocator.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { ReconcileResult } from '../../models/controller.js';
import type { Pod } from '../../models/kube/types.js';
import { snapshotAt } from '../../sim/run/run-scenario.js';
import { HEADER, loadOk } from '../scenario/in-memory-files.js';

const cluster = { epochMs: 0, clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], masqueradeSubnet: '169.254.0.0/17' } as ClusterConfig;

/** A node whose /29 has four pod addresses, all taken by pods a–d; the allocator's reconcile at a time. */
function fullNode() {
  const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
  store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-0', annotations: { 'k8s.ovn.org/node-subnets': '{"default":["10.128.0.0/29"]}' } } });
  const state = podAllocator.initialState();
  const rng = createRng(3);
  const reconcile = (key: string, nowMs: number): ReconcileResult => {
    const result = podAllocator.reconcile(key, store, { nowMs, rng, state, cluster });
    for (const write of result.writes ?? []) if (write.op === 'update') store.update(write.object);
    return result;
  };
  const createPod = (name: string) => store.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: { nodeName: 'worker-0', containers: [] } });
  const annotated = (name: string) => store.get<Pod>('Pod', `ns/${name}`)?.metadata.annotations?.['k8s.ovn.org/pod-networks'] !== undefined;
  for (const name of ['a', 'b', 'c', 'd']) {
    createPod(name);
    reconcile(`ns/${name}`, 0);
  }
  createPod('e');
  return { store, reconcile, createPod, annotated };
}

/** Follows the requeues of `key` from `fromMs` while it keeps failing: the moments it is tried and what each try logged. */
function retries(reconcile: (key: string, nowMs: number) => ReconcileResult, key: string, fromMs: number, untilMs: number) {
  const times: number[] = [];
  const logs: NonNullable<ReconcileResult['logs']> = [];
  let next: number | undefined = fromMs;
  while (next !== undefined && next <= untilMs) {
    times.push(next);
    const result = reconcile(key, next);
    logs.push(...(result.logs ?? []));
    next = result.requeueAfterMs === undefined ? undefined : next + result.requeueAfterMs;
  }
  return { times, logs };
}

describe('a pod waiting for an address (obj_retry.go)', () => {
  it('is not given one when another pod frees it, but at the next tick of the 30 s retry loop', () => {
    const { store, reconcile, annotated } = fullNode();
    const failed = reconcile('ns/e', 10_000);
    expect(failed.logs?.[0]).toMatchObject({ level: 'error', message: 'failed to allocate IPs for pod ns/e on network default: subnet 10.128.0.0/29: range is full' });
    expect(10_000 + failed.requeueAfterMs!).toBe(30_000);
    store.delete('Pod', 'ns/a');
    reconcile('ns/a', 12_000); // the delete releases .3 and wakes nothing else
    expect(annotated('e')).toBe(false);
    reconcile('ns/e', 30_000);
    expect(annotated('e')).toBe(true);
  });

  it('is tried at the ticks its backoff allows: 1, 2, 4, 8, 16 s fit in one interval, 32 s skips one, 60 s two', () => {
    const { reconcile } = fullNode();
    expect(retries(reconcile, 'ns/e', 10_000, 400_000).times).toEqual([10_000, 30_000, 60_000, 90_000, 120_000, 150_000, 210_000, 300_000, 390_000]);
  });

  it('logs the retries at info level and drops the pod, with a warning, at the tick after its 15th failed attempt', () => {
    const { reconcile } = fullNode();
    const { times, logs } = retries(reconcile, 'ns/e', 10_000, Infinity);
    expect(times).toHaveLength(16);
    expect(times.at(-1)! - times.at(-2)!).toBe(30_000); // the next tick, whatever the backoff
    expect(logs.map((l) => l.level)).toEqual(['error', ...Array<string>(14).fill('info'), 'warn']);
    expect(logs[1]?.message).toMatch(/^retry add failed for \*v1\.Pod ns\/e, will try again later: failed to allocate IPs/);
    expect(logs.at(-1)?.message).toBe('dropping retry entry for *v1.Pod ns/e: exceeded number of failed attempts');
  });

  it('is then only tried again by an event of the pod, at once', () => {
    const { store, reconcile, annotated } = fullNode();
    const dropMs = retries(reconcile, 'ns/e', 10_000, Infinity).times.at(-1)!;
    store.delete('Pod', 'ns/a');
    reconcile('ns/a', dropMs + 1_000);
    expect(annotated('e')).toBe(false);
    const event = reconcile('ns/e', dropMs + 5_000); // e.g. kubelet updating the pod
    expect(event.requeueAfterMs).toBeUndefined();
    expect(annotated('e')).toBe(true);
  });

  it('starts the entry over when an event tries it between ticks (initRetryObjWithAdd)', () => {
    const { reconcile } = fullNode();
    retries(reconcile, 'ns/e', 10_000, 150_000); // backoff is 32 s by now
    const event = reconcile('ns/e', 160_000);
    expect(event.logs?.[0]?.level).toBe('error');
    expect(160_000 + event.requeueAfterMs!).toBe(180_000); // 1 s backoff again: the next tick
  });
});

describe('on a cluster', () => {
  it('runs a pod that waited for an address at the first retry tick after a scale-down freed one', () => {
    // worker-0's /29 (four pod addresses) is full with `full`; `waiting` is pinned there too. At 45 s
    // `full` scales down; `waiting` gets the freed address at the loop's tick at 60 s, not before.
    const deployment = (name: string, replicas: number) => `
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: ${name}, namespace: default}
      spec:
        replicas: ${replicas}
        selector: {matchLabels: {app: ${name}}}
        template:
          metadata: {labels: {app: ${name}}}
          spec:
            nodeSelector: {kubernetes.io/hostname: worker-0}
            terminationGracePeriodSeconds: 0
            containers: [{name: c, image: busybox}]`;
    const scenario = loadOk(`${HEADER}cluster:
  nodes: 1
  clusterNetwork: [{cidr: 10.128.0.0/14, hostPrefix: 29}]
apply:
  - objects:${deployment('full', 4)}
  - at: 10s
    objects:${deployment('waiting', 1)}
  - at: 45s
    objects:${deployment('full', 0)}
`);
    const waitingPod = (atMs: number) => snapshotAt(scenario, atMs).sim.store.list<Pod>('Pod', 'default').find((p) => p.metadata.name.startsWith('waiting-'));
    const hasAddress = (pod: Pod | undefined) => pod?.metadata.annotations?.['k8s.ovn.org/pod-networks'] !== undefined;
    expect(hasAddress(waitingPod(59_999))).toBe(false);
    expect(hasAddress(waitingPod(60_000))).toBe(true);
  });
});
