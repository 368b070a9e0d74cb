// How watch events wake controllers: after the controller's delay or the watch's due time, one
// reconcile per key however many events came first, and the key's current object when it runs
// (also after the key was deleted and made again, whose wake-ups its new store entry shares).
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../sim/engine/simulation.js';
import { controller, NO_KEYS, type Watch } from '../../models/controller.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { KubeObject } from '../../models/kube/types.js';

type ConfigMap = KubeObject & { data: Record<string, string> };

function configMap(name: string, data: Record<string, string> = {}): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data };
}

/** A simulation with one controller watching ConfigMaps; it records when it ran, for which key and
 * what `get` gave it. */
function watching(watch: Partial<Watch<undefined>>, delayMs = 10) {
  const sim = Simulation.create({ epochMs: 0 } as ClusterConfig, 1);
  const runs: Array<{ atMs: number; key: string; data: Record<string, string> | undefined }> = [];
  sim.addController(
    controller<undefined>({
      name: 'recorder',
      delayMs,
      watches: [{ kind: 'ConfigMap', keys: (e) => (e.type === 'DELETED' ? NO_KEYS : [e.key]), ...watch }],
      initialState: () => undefined,
      reconcile: (key, view, ctx) => {
        runs.push({ atMs: ctx.nowMs, key, data: view.get<ConfigMap>('ConfigMap', key)?.data });
        return {};
      },
    }) as never,
  );
  const write = (atMs: number, op: 'create' | 'update', object: KubeObject) => sim.at(atMs, 'write', () => sim.applyWrites('test', [{ op, object }]));
  const remove = (atMs: number, key: string) => sim.at(atMs, 'delete', () => sim.applyWrites('test', [{ op: 'delete', kind: 'ConfigMap', key }]));
  return { sim, runs, write, remove };
}

describe('watch wake-ups', () => {
  it('reconcile a key once, after the delay from its first event, with the object as it is then', () => {
    const { sim, runs, write } = watching({});
    write(0, 'create', configMap('a', { v: '1' }));
    write(5, 'update', configMap('a', { v: '2' }));
    write(5, 'create', configMap('b'));
    sim.runUntilSettled(1_000);
    expect(runs).toEqual([
      { atMs: 10, key: 'ns/a', data: { v: '2' } },
      { atMs: 15, key: 'ns/b', data: {} },
    ]);
  });

  it('wait for the watch’s due time when it is later than the controller’s delay', () => {
    const { sim, runs, write } = watching({ dueInMs: (e) => (e.object.metadata.name === 'late' ? 300 : 0) });
    write(0, 'create', configMap('late'));
    write(0, 'create', configMap('soon'));
    sim.runUntilSettled(1_000);
    expect(runs.map((r) => [r.atMs, r.key])).toEqual([
      [10, 'ns/soon'],
      [300, 'ns/late'],
    ]);
  });

  it('keep an earlier wake-up when a later event asks for a later one', () => {
    let due = 0;
    const { sim, runs, write } = watching({ dueInMs: () => due });
    write(0, 'create', configMap('a'));
    sim.at(1, 'later', () => (due = 500));
    write(2, 'update', configMap('a', { v: '2' }));
    sim.runUntilSettled(1_000);
    expect(runs.map((r) => r.atMs)).toEqual([10]);
  });

  it('share one wake-up between a deleted key and the object made again under it, which the reconcile reads', () => {
    const { sim, runs, write, remove } = watching({ keys: (e) => [e.key] });
    write(0, 'create', configMap('a', { v: 'old' }));
    remove(1, 'ns/a');
    write(2, 'create', configMap('a', { v: 'new' }));
    write(20, 'update', configMap('a', { v: 'newer' }));
    remove(40, 'ns/a');
    sim.runUntilSettled(1_000);
    expect(runs).toEqual([
      { atMs: 10, key: 'ns/a', data: { v: 'new' } },
      { atMs: 30, key: 'ns/a', data: { v: 'newer' } },
      { atMs: 50, key: 'ns/a', data: undefined },
    ]);
  });
});
