// The scheduler (W-1.4): the least-loaded node matching the pod's nodeSelector, ties broken by the
// seeded stream; its cache of pods per node, kept from pod events, stays equal to the pod-node
// index through binds, pods bound by others, deletions and node changes.
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { Write } from '../../models/controller.js';
import { POD_NODE_INDEX, scheduler, schedulerLoads } from '../../models/kube/scheduler.js';
import type { Node, NodeSelectorTerm, Pod } from '../../models/kube/types.js';
import { createRng } from '../../sim/engine/rng.js';
import { ApiStore } from '../../sim/store/api-store.js';

function node(name: string, labels: Record<string, string> = {}, unschedulable = false): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: unschedulable ? { unschedulable } : {} };
}

function pod(name: string, extra: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: { containers: [], ...extra }, status: { phase: 'Pending' } };
}

function setUp() {
  const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
  for (const index of scheduler.indexes ?? []) store.addIndex(index.kind, index.name, index.fn, index.unchanged);
  const state = scheduler.initialState();
  // What the engine does: every event of a watched kind reaches the watch's handler.
  store.onEvent((event) => {
    for (const watch of scheduler.watches) if (watch.kind === event.kind) watch.observe?.(event, state);
  });
  const rng = createRng(7);
  const schedule = (key: string): string | undefined => {
    const result = scheduler.reconcile(key, store, { nowMs: 0, rng, state, cluster: { epochMs: 0 } as ClusterConfig });
    for (const write of result.writes ?? []) if (write.op === 'update') store.update((write as Extract<Write, { op: 'update' }>).object);
    return store.get<Pod>('Pod', key)?.spec.nodeName;
  };
  const counted = () => {
    const names = store.list<Node>('Node').map((n) => n.metadata.name).sort();
    return new Map(names.map((name, i) => [name, store.countsByIndex('Pod', POD_NODE_INDEX, names)[i]!]));
  };
  return { store, state, schedule, counted };
}

describe('scheduler (W-1.4)', () => {
  it('spreads pods over the least-loaded nodes and keeps its counts equal to the index', () => {
    const { store, state, schedule, counted } = setUp();
    for (const name of ['worker-a', 'worker-b', 'worker-c']) store.create(node(name));
    for (let i = 0; i < 6; i++) {
      store.create(pod(`p${i}`));
      schedule(`ns/p${i}`);
    }
    expect([...counted().values()]).toEqual([2, 2, 2]);
    expect(schedulerLoads(store, state)).toEqual(counted());
    // Bound by someone else (a DaemonSet pod with nodeName), and deleted pods.
    store.create(pod('ds', { nodeName: 'worker-a' }));
    store.delete('Pod', 'ns/p0');
    store.delete('Pod', 'ns/p1');
    store.create(pod('next'));
    const placed = schedule('ns/next');
    expect(schedulerLoads(store, state)).toEqual(counted());
    const before = new Map(counted());
    before.set(placed!, before.get(placed!)! - 1);
    expect(Math.min(...before.values())).toBe(before.get(placed!));
  });

  it('honours nodeSelector and unschedulable nodes, and recounts when a node is added', () => {
    const { store, state, schedule, counted } = setUp();
    store.create(node('worker-a', { zone: 'x' }));
    store.create(node('worker-b', { zone: 'y' }));
    store.create(node('worker-c', { zone: 'x' }, true));
    for (let i = 0; i < 3; i++) {
      store.create(pod(`x${i}`, { nodeSelector: { zone: 'x' } }));
      expect(schedule(`ns/x${i}`)).toBe('worker-a');
    }
    store.create(node('worker-d', { zone: 'x' }));
    store.create(pod('x3', { nodeSelector: { zone: 'x' } }));
    expect(schedule('ns/x3')).toBe('worker-d');
    store.create(pod('nowhere', { nodeSelector: { zone: 'z' } }));
    expect(schedule('ns/nowhere')).toBeUndefined();
    expect(schedulerLoads(store, state)).toEqual(counted());
  });

  // kube-scheduler's NodeAffinity filter (component-helpers nodeaffinity: terms ORed, requirements
  // ANDed, matchFields on metadata.name) and NodeUnschedulable (a cordoned node only for a pod that
  // tolerates node.kubernetes.io/unschedulable:NoSchedule).
  it('honours a required node affinity, and a cordoned node only for a pod that tolerates it', () => {
    const { store, schedule } = setUp();
    store.create(node('worker-a', { zone: 'x' }));
    store.create(node('worker-b', { zone: 'y' }));
    store.create(node('worker-c', { zone: 'y' }, true));
    const required = (...nodeSelectorTerms: NodeSelectorTerm[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } } });
    store.create(pod('in-y', required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['y'] }] })));
    expect(schedule('ns/in-y')).toBe('worker-b');
    store.create(pod('not-b', required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['worker-b'] }] })));
    expect(schedule('ns/not-b')).toBe('worker-a');
    const pinnedToC = required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-c'] }] });
    store.create(pod('pinned', pinnedToC));
    expect(schedule('ns/pinned')).toBeUndefined();
    store.create(pod('tolerant', { ...pinnedToC, tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }));
    expect(schedule('ns/tolerant')).toBe('worker-c');
  });
});
