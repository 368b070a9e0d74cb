// The in-memory API server: names, versions, frozen objects, indexes kept in step with every write,
// and the informer deltas (`changedSince`) istiod's incremental index reads.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../models/kube/types.js';
import { createRng, type Rng } from '../../sim/engine/rng.js';
import { nameAlphabet } from '../../models/kube/names.js';
import { ApiStore } from '../../sim/store/api-store.js';

function store(): ApiStore {
  const s = new ApiStore(() => 0, Date.parse('2026-01-01T00:00:00Z'), createRng(1), createRng(2));
  s.addIndex('Pod', 'node', (o) => ((o as Pod).spec.nodeName ? [(o as Pod).spec.nodeName!] : []));
  return s;
}

function pod(name: string, nodeName?: string): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', labels: { app: name } }, spec: { containers: [], ...(nodeName ? { nodeName } : {}) } };
}

/** A name stream that draws the given suffixes in turn (indexes into the name alphabet). */
function drawing(...suffixes: string[]): Rng {
  const draws = suffixes.flatMap((suffix) => [...suffix].map((c) => nameAlphabet.indexOf(c)));
  const rng: Rng = { next: () => 0, nextInt: () => draws.shift() ?? 0, fork: () => rng };
  return rng;
}

describe('ApiStore', () => {
  it('refuses a second object of the same kind and key, not of another kind or namespace', () => {
    const s = store();
    s.create(pod('a'));
    expect(() => s.create(pod('a'))).toThrow('Pod ns/a already exists');
    expect(() => s.create({ ...pod('a'), metadata: { name: 'a', namespace: 'other' } })).not.toThrow();
    expect(() => s.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'ns' }, spec: {} })).not.toThrow();
  });

  it('draws a generated name again while its key is taken, and stores the object under the name drawn', () => {
    const s = new ApiStore(() => 0, 0, createRng(1), drawing('bbbbb', 'bbbbb', 'ccccc'));
    const first = s.create({ ...pod(''), metadata: { name: '', generateName: 'web-', namespace: 'ns' } });
    const second = s.create({ ...pod(''), metadata: { name: '', generateName: 'web-', namespace: 'ns' } });
    expect([first.metadata.name, second.metadata.name]).toEqual(['web-bbbbb', 'web-ccccc']);
    expect(s.get<Pod>('Pod', 'ns/web-ccccc')).toBe(second);
    expect(s.list('Pod').map((p) => p.metadata.name)).toEqual(['web-bbbbb', 'web-ccccc']);
  });

  it('keeps uid and creationTimestamp on update and moves resourceVersion on', () => {
    const s = store();
    const created = s.create(pod('a'));
    const updated = s.update({ ...created, spec: { ...created.spec, nodeName: 'worker-0' } });
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('freezes the object and its first-level fields, so an in-place edit throws', () => {
    const created = store().create(pod('a'));
    expect(() => ((created.metadata as { name: string }).name = 'b')).toThrow(TypeError);
    expect(() => ((created.spec as { nodeName?: string }).nodeName = 'x')).toThrow(TypeError);
  });

  it('moves an index revision on when an object with values in the index is added, written or deleted, and only then', () => {
    const s = store();
    const revision = () => s.indexRevision('Pod', 'node');
    const unbound = s.create(pod('a'));
    const r0 = revision();
    s.update({ ...unbound, metadata: { ...unbound.metadata, labels: { app: 'z' } } }); // no value in the index
    expect(revision()).toBe(r0);
    const bound = s.update({ ...s.get<Pod>('Pod', 'ns/a')!, spec: { containers: [], nodeName: 'worker-0' } });
    const r1 = revision();
    expect(r1).toBeGreaterThan(r0);
    s.update({ ...bound, metadata: { ...bound.metadata, labels: { app: 'y' } } }); // same value, new version
    const r2 = revision();
    expect(r2).toBeGreaterThan(r1);
    s.create(pod('b', 'worker-1'));
    const r3 = revision();
    expect(r3).toBeGreaterThan(r2);
    s.delete('Pod', 'ns/b');
    expect(revision()).toBeGreaterThan(r3);
    expect(() => s.indexRevision('Pod', 'missing')).toThrow('no index');
  });

  it('moves an object between index values as it changes, and drops it on delete', () => {
    const s = store();
    const a = s.create(pod('a'));
    s.create(pod('b', 'worker-1'));
    expect(s.byIndex('Pod', 'node', 'worker-0')).toEqual([]);
    const moved = s.update({ ...a, spec: { ...a.spec, nodeName: 'worker-0' } });
    expect(s.byIndex('Pod', 'node', 'worker-0')).toEqual([moved]);
    const relabelled = s.update({ ...moved, metadata: { ...moved.metadata, labels: { app: 'c' } } });
    expect(s.byIndex('Pod', 'node', 'worker-0')).toEqual([relabelled]); // same values: the new version
    s.update({ ...relabelled, spec: { ...relabelled.spec, nodeName: 'worker-1' } });
    expect(s.byIndex('Pod', 'node', 'worker-0')).toEqual([]);
    expect(s.countsByIndex('Pod', 'node', ['worker-0', 'worker-1'])).toEqual([0, 2]);
    s.delete('Pod', 'ns/b');
    expect(s.byIndex<Pod>('Pod', 'node', 'worker-1').map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('lists the keys written since a revision once each, with what they hold now, and refuses revisions it never had', () => {
    const s = store();
    expect(s.changedSince('Pod', 0)).toEqual([]);
    s.create(pod('a'));
    const after = s.revision('Pod');
    s.create(pod('b'));
    s.create(pod('c'));
    const b = s.get<Pod>('Pod', 'ns/b')!;
    s.update({ ...b, spec: { ...b.spec, nodeName: 'worker-0' } });
    const lastA = s.get<Pod>('Pod', 'ns/a')!;
    s.delete('Pod', 'ns/a');
    const listed = (revision: number) => s.changedSince('Pod', revision)!.map((c) => [c.key, c.live, c.object.spec]);
    // In the order of each key's first write since then; a deleted key with its last version.
    expect(listed(after)).toEqual([
      ['ns/b', true, { ...b.spec, nodeName: 'worker-0' }],
      ['ns/c', true, pod('c').spec],
      ['ns/a', false, lastA.spec],
    ]);
    expect(s.changedSince('Pod', after)![2]!.object).toBe(lastA);
    // A key deleted and created again: its old entry (deleted), then its new one.
    const beforeAgain = s.revision('Pod');
    s.update({ ...s.get<Pod>('Pod', 'ns/c')!, spec: { ...pod('c').spec, nodeName: 'worker-1' } });
    s.create(pod('a'));
    s.delete('Pod', 'ns/c');
    s.create(pod('c'));
    expect(s.changedSince('Pod', beforeAgain)!.map((c) => [c.key, c.live])).toEqual([
      ['ns/c', false],
      ['ns/a', true],
      ['ns/c', true],
    ]);
    expect(s.changedSince('Pod', s.revision('Pod'))).toEqual([]);
    expect(s.changedSince('Pod', s.revision('Pod') + 1)).toBeUndefined();
    expect(s.changedSince('Service', 3)).toBeUndefined();
  });
});
