// kubelet's wake-ups and the conditions it writes: a bound pod is first looked at when its sandbox
// is due (the watch says when, so no look only asks to be requeued), and pods written in the same
// second share their condition objects and lists, with the values kubelet writes.
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { Write } from '../../models/controller.js';
import type { WatchEvent } from '../../models/store-view.js';
import { createKubelet } from '../../models/kube/kubelet.js';
import { scheduler } from '../../models/kube/scheduler.js';
import type { Node, Pod } from '../../models/kube/types.js';
import { createRng } from '../../sim/engine/rng.js';
import { ApiStore } from '../../sim/store/api-store.js';

const EPOCH = Date.parse('2026-01-01T00:00:00Z');
const cluster = { epochMs: EPOCH } as ClusterConfig;
const timing = { sandboxMs: 300, readyAfterStartMs: 1500 };

function pod(name: string): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'i' }], hostNetwork: true }, status: { phase: 'Pending' } };
}

function setUp() {
  let nowMs = 0;
  const store = new ApiStore(() => nowMs, EPOCH, createRng(1), createRng(2));
  for (const index of scheduler.indexes ?? []) store.addIndex(index.kind, index.name, index.fn, index.unchanged);
  store.create<Node>({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-0' }, spec: {}, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.5' }] } });
  const kubelet = createKubelet([], timing);
  const state = scheduler.initialState();
  const events: WatchEvent[] = [];
  store.onEvent((event) => {
    events.push(event);
    for (const watch of scheduler.watches) if (watch.kind === event.kind) watch.observe?.(event, state);
  });
  const apply = (writes: readonly Write[] | undefined) => {
    for (const write of writes ?? []) if (write.op === 'update') store.update(write.object);
  };
  const at = (ms: number) => (nowMs = ms);
  const bind = (key: string) => apply(scheduler.reconcile(key, store, { nowMs, rng: createRng(3), state, cluster }).writes);
  const kubeletState = kubelet.initialState();
  const reconcile = (key: string) => kubelet.reconcile(key, store, { nowMs, rng: createRng(4), state: kubeletState, cluster });
  const dueInMs = (event: WatchEvent) => kubelet.watches[0]!.dueInMs!(event, { nowMs, cluster });
  return { store, events, apply, at, bind, reconcile, dueInMs };
}

describe('kubelet', () => {
  it('is woken for a bound pod when its sandbox is due, counted from the bind’s whole second', () => {
    const { store, events, at, bind, dueInMs } = setUp();
    at(30_250);
    store.create(pod('a'));
    bind('ns/a');
    const bound = events.at(-1)!;
    expect((bound.object as Pod).spec.nodeName).toBe('worker-0');
    // PodScheduled says 00:00:30 (second precision): the sandbox is due at 30 300 ms.
    expect(dueInMs(bound)).toBe(50);
    at(30_400);
    expect(dueInMs(bound)).toBe(-100); // overdue: the engine wakes it after its delay alone
  });

  it('is woken at once for a started pod, whose readiness it requeues itself', () => {
    const { store, events, at, apply, bind, reconcile, dueInMs } = setUp();
    at(30_000);
    store.create(pod('a'));
    bind('ns/a');
    at(30_300);
    const started = reconcile('ns/a');
    apply(started.writes);
    expect(started.requeueAfterMs).toBe(1_200); // Ready is due 1 500 ms after startTime 00:00:30
    expect(dueInMs(events.at(-1)!)).toBe(0);
  });

  it('writes the same condition objects and lists for pods started and made ready in the same second', () => {
    const { store, at, apply, bind, reconcile } = setUp();
    at(30_000);
    for (const name of ['a', 'b']) {
      store.create(pod(name));
      bind(`ns/${name}`);
    }
    at(30_300);
    for (const key of ['ns/a', 'ns/b']) apply(reconcile(key).writes);
    const [a, b] = ['ns/a', 'ns/b'].map((key) => store.get<Pod>('Pod', key)!);
    expect(a!.status!.conditions).toBe(b!.status!.conditions);
    expect(a!.status!.conditions).toEqual([
      { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: '2026-01-01T00:00:30Z' },
      { type: 'Initialized', status: 'True', lastTransitionTime: '2026-01-01T00:00:30Z' },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: '2026-01-01T00:00:30Z' },
      { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: '2026-01-01T00:00:30Z' },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:30Z' },
    ]);
    at(31_500);
    apply(reconcile('ns/a').writes);
    at(31_900);
    apply(reconcile('ns/b').writes);
    const [readyA, readyB] = ['ns/a', 'ns/b'].map((key) => store.get<Pod>('Pod', key)!);
    expect(readyA!.status!.conditions).toBe(readyB!.status!.conditions);
    expect(readyA!.status!.conditions!.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ['PodReadyToStartContainers', 'True', '2026-01-01T00:00:30Z'],
      ['Initialized', 'True', '2026-01-01T00:00:30Z'],
      ['Ready', 'True', '2026-01-01T00:00:31Z'],
      ['ContainersReady', 'True', '2026-01-01T00:00:31Z'],
      ['PodScheduled', 'True', '2026-01-01T00:00:30Z'],
    ]);
    // A pod made ready in another second gets its own list and objects.
    at(32_000);
    store.create(pod('c'));
    bind('ns/c');
    at(32_300);
    apply(reconcile('ns/c').writes);
    at(33_800);
    apply(reconcile('ns/c').writes);
    const readyC = store.get<Pod>('Pod', 'ns/c')!;
    expect(readyC.status!.conditions).not.toBe(readyA!.status!.conditions);
    expect(readyC.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe('2026-01-01T00:00:33Z');
  });
});
