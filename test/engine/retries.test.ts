// How the engine finishes a sync, as client-go's workqueue and a controller's processNextWorkItem do
// (kubernetes pkg/controller/replicaset/replica_set.go processNextWorkItem: Forget on success,
// AddRateLimited on error; ovn-kubernetes' handleErr: NumRequeues(key) < maxRetries): a failed sync
// is requeued through the controller's rate limiter, a success forgets the key, a refused write fails
// the sync and ends it, the sync learns what the API server answered, and a write held by a
// webhook's time-out delays the rest of the sync and the key's other wake-ups.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../sim/engine/simulation.js';
import { controller, NO_KEYS, type AdmissionHook, type ReconcileResult, type RetryPolicy, type WriteOutcome } from '../../models/controller.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { KubeObject } from '../../models/kube/types.js';

type ConfigMap = KubeObject & { data: Record<string, string> };

const configMap = (name: string, data: Record<string, string> = {}): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data });

/** A simulation with one controller that syncs ConfigMaps with `sync`; each run is recorded. */
function withController(sync: (key: string, requeues: number, nowMs: number) => ReconcileResult, retry?: RetryPolicy) {
  const sim = Simulation.create({ epochMs: 0 } as ClusterConfig, 1);
  const runs: Array<{ atMs: number; requeues: number }> = [];
  sim.addController(
    controller<undefined>({
      name: 'syncer',
      delayMs: 0,
      ...(retry ? { retry } : {}),
      watches: [{ kind: 'ConfigMap', keys: (e) => (e.type === 'ADDED' || (e.object as ConfigMap).data['poke'] !== (e.old as ConfigMap | undefined)?.data['poke'] ? [e.key] : NO_KEYS) }],
      initialState: () => undefined,
      reconcile: (key, _view, ctx) => {
        runs.push({ atMs: ctx.nowMs, requeues: ctx.requeues ?? 0 });
        return sync(key, ctx.requeues ?? 0, ctx.nowMs);
      },
    }) as never,
  );
  const write = (atMs: number, op: 'create' | 'update', object: KubeObject) => sim.at(atMs, 'write', () => sim.applyWrites('test', [{ op, object }]));
  return { sim, runs, write };
}

/** Refuses a CREATE of a Pod while `refusing.message` is set, answering after `refusing.afterMs`. */
function refusingPods(refusing: { message?: string; afterMs?: number }): AdmissionHook {
  return (object) => (object.kind === 'Pod' && refusing.message !== undefined ? { ok: false, message: refusing.message, afterMs: refusing.afterMs } : { ok: true, object });
}

const pod = (generateName: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: '', generateName, namespace: 'ns' }, spec: { containers: [] } });

describe('a failed sync', () => {
  it('is retried 5, 10, 20, 40 ms apart (DefaultControllerRateLimiter) until it succeeds, which forgets the key', () => {
    let failUntilMs = 70;
    const { sim, runs, write } = withController((_key, _requeues, nowMs) => (nowMs < failUntilMs ? { error: 'not yet' } : {}));
    write(0, 'create', configMap('a'));
    sim.runUntilSettled(10_000);
    expect(runs).toEqual([
      { atMs: 0, requeues: 0 },
      { atMs: 5, requeues: 1 },
      { atMs: 15, requeues: 2 },
      { atMs: 35, requeues: 3 },
      { atMs: 75, requeues: 4 },
    ]);
    // Forgotten: the next failure starts again at 5 ms.
    failUntilMs = 1010;
    write(1000, 'update', configMap('a', { poke: '1' }));
    sim.runUntilSettled(10_000);
    expect(runs.slice(5).map((r) => r.atMs)).toEqual([1000, 1005, 1015]);
  });

  it('is dropped once it has been retried maxRetries times, until the key’s next event', () => {
    const { sim, runs, write } = withController(() => ({ error: 'never' }), { baseDelayMs: 5, maxDelayMs: 1000, maxRetries: 3 });
    write(0, 'create', configMap('a'));
    sim.runUntilSettled(10_000);
    expect(runs.map((r) => [r.atMs, r.requeues])).toEqual([[0, 0], [5, 1], [15, 2], [35, 3]]);
    write(500, 'update', configMap('a', { poke: '1' }));
    sim.runUntilSettled(10_000);
    expect(runs.slice(4).map((r) => [r.atMs, r.requeues])).toEqual([[500, 0], [505, 1], [515, 2], [535, 3]]);
  });

  it('waits apart from the key’s events (the delaying queue’s waiting entries): an event syncs at once, the retry still runs when due', () => {
    const { sim, runs, write } = withController((_key, _requeues, nowMs) => (nowMs < 100 ? { error: 'not yet' } : {}));
    write(0, 'create', configMap('a'));
    write(50, 'update', configMap('a', { poke: '1' }));
    sim.runUntilSettled(10_000);
    // The sync at 50 fails too and asks for a retry at 130: the one waiting for 75 is earlier and stays.
    expect(runs.map((r) => [r.atMs, r.requeues])).toEqual([[0, 0], [5, 1], [15, 2], [35, 3], [50, 4], [75, 5], [235, 6]]);
  });
});

describe('a sync’s writes', () => {
  it('stop at the first refused one, which fails the sync; the sync learns each answer, the generated name included', () => {
    const refusing: { message?: string } = { message: 'webhook says no' };
    const answers: WriteOutcome[][] = [];
    const { sim, runs, write } = withController(() => ({
      writes: [{ op: 'create', object: pod('web-') }, { op: 'update', object: configMap('a', { after: 'the pod' }) }],
      afterWrites: (outcomes) => {
        answers.push([...outcomes]);
        return {};
      },
    }));
    sim.addAdmissionHook(refusingPods(refusing));
    write(0, 'create', configMap('a'));
    sim.runUntil(10);
    expect(sim.store.get<ConfigMap>('ConfigMap', 'ns/a')?.data).toEqual({}); // the write after the refused one was not made
    refusing.message = undefined;
    sim.runUntil(16);
    expect(runs.map((r) => r.atMs)).toEqual([0, 5, 15]);
    expect(answers[0]).toEqual([{ ok: false, write: expect.objectContaining({ op: 'create' }), message: 'webhook says no' }]);
    expect(sim.store.get<ConfigMap>('ConfigMap', 'ns/a')?.data).toEqual({ after: 'the pod' });
    expect(answers[2]![1]).toMatchObject({ ok: true, object: { data: { after: 'the pod' } } });
    const created = answers[2]![0]!;
    expect(created.ok && created.object?.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(sim.logs.filter((l) => l.component === 'kube-apiserver').map((l) => [l.atMs, l.message])).toEqual([
      [0, 'syncer: create Pod ns/web-*: webhook says no'],
      [5, 'syncer: create Pod ns/web-*: webhook says no'],
    ]);
  });

  it('wait out a write held by a webhook’s time-out: the sync goes on after it, its retry counts from then, other wake-ups wait', () => {
    const refusing: { message?: string; afterMs?: number } = { message: 'context deadline exceeded', afterMs: 10_000 };
    const answeredAt: number[] = [];
    const { sim, runs, write } = withController(() => ({
      writes: [{ op: 'create', object: pod('web-') }],
      afterWrites: (_outcomes, nowMs) => {
        answeredAt.push(nowMs);
        return {};
      },
    }));
    sim.addAdmissionHook(refusingPods(refusing));
    write(0, 'create', configMap('a'));
    write(3_000, 'update', configMap('a', { poke: '1' })); // while the first call hangs
    sim.runUntil(25_000);
    expect(answeredAt).toEqual([10_000, 20_000]);
    // The poke waits for the held sync and runs when it ends; the retry asked for then (at 10 005)
    // waits for that one in turn, so while the webhook times out the key is synced back to back.
    expect(runs.map((r) => r.atMs)).toEqual([0, 10_000, 20_000]);
    refusing.message = undefined;
    sim.runUntilSettled(100_000);
    // The sync at 20 000 fails at 30 000 (its retry waits 20 ms); the one at 30 000 succeeds at once.
    expect(runs.map((r) => r.atMs)).toEqual([0, 10_000, 20_000, 30_000, 30_020]);
    expect(answeredAt).toEqual([10_000, 20_000, 30_000, 30_000, 30_020]);
  });
});
