// The in-memory API server: objects by kind and key, resourceVersions, uids, generateName, watch
// events, and client-go-style indexes (by namespace always, plus any a controller registers).
import type { KubeObject } from '../../models/kube/types.js';
import { generateName } from '../../models/kube/names.js';
import { isoAt } from '../../models/kube/time.js';
import type { Rng } from '../engine/rng.js';
import type { StoreView, WatchEvent } from '../../models/store-view.js';
import { objectKey } from '../../models/store-view.js';

export type IndexFn = (object: KubeObject) => readonly string[];

/** The objects under one index value, with the array handed to readers built once per change. */
interface Bucket {
  objects: Map<string, KubeObject>;
  list: readonly KubeObject[] | undefined;
}

interface Index {
  fn: IndexFn;
  entries: Map<string, Bucket>;
  /** What `fn` gave for each stored object, so an update never recomputes the old object's values. */
  valuesByKey: Map<string, readonly string[]>;
}

interface KindTable {
  /** Moves on with every write of this kind: lets readers cache what they derive from the kind. */
  revision: number;
  objects: Map<string, KubeObject>;
  byNamespace: Map<string, Map<string, KubeObject>>;
  indexes: Index[];
  indexByName: Map<string, Index>;
  /** The key written at each revision (`changes[r - 1]` moved the kind to revision r): informer
   * deltas for a reader that keeps derived state incrementally (`changedSince`). */
  changes: string[];
}

export class ApiStore implements StoreView {
  private readonly kinds = new Map<string, KindTable>();
  private readonly listeners: Array<(event: WatchEvent) => void> = [];
  private resourceVersion = 1000;

  constructor(
    private readonly nowMs: () => number,
    private readonly epochMs: number,
    private readonly uidRng: Rng,
    private readonly nameRng: Rng,
  ) {}

  onEvent(listener: (event: WatchEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Registers an index; objects already stored are indexed at once. Controllers that share an
   * index each declare it: the same function registered again is a no-op, a different one a bug. */
  addIndex(kind: string, name: string, fn: IndexFn): void {
    const table = this.table(kind);
    const existing = table.indexByName.get(name);
    if (existing?.fn === fn) return;
    if (existing) throw new Error(`index ${kind}/${name} registered twice with different functions`);
    const index: Index = { fn, entries: new Map(), valuesByKey: new Map() };
    table.indexes.push(index);
    table.indexByName.set(name, index);
    for (const [key, object] of table.objects) {
      const values = fn(object);
      index.valuesByKey.set(key, values);
      addToIndex(index.entries, values, key, object);
    }
  }

  get<T extends KubeObject>(kind: string, key: string): T | undefined {
    return this.kinds.get(kind)?.objects.get(key) as T | undefined;
  }

  list<T extends KubeObject>(kind: string, namespace?: string): T[] {
    const table = this.kinds.get(kind);
    if (!table) return [];
    const source = namespace === undefined ? table.objects : table.byNamespace.get(namespace);
    return source ? ([...source.values()] as T[]) : [];
  }

  byIndex<T extends KubeObject>(kind: string, index: string, value: string): readonly T[] {
    const found = this.kinds.get(kind)?.indexByName.get(index);
    if (!found) throw new Error(`no index ${kind}/${index}`);
    const bucket = found.entries.get(value);
    if (!bucket) return NONE as readonly T[];
    return (bucket.list ??= [...bucket.objects.values()]) as readonly T[];
  }

  revision(kind: string): number {
    return this.kinds.get(kind)?.revision ?? 0;
  }

  changedSince(kind: string, revision: number): readonly string[] | undefined {
    const table = this.kinds.get(kind);
    if (!table) return revision === 0 ? NONE_KEYS : undefined;
    if (revision < 0 || revision > table.revision) return undefined;
    return table.changes.slice(revision);
  }

  countByIndex(kind: string, index: string, value: string): number {
    return this.countsByIndex(kind, index, [value])[0]!;
  }

  countsByIndex(kind: string, index: string, values: readonly string[]): number[] {
    const entries = this.kinds.get(kind)?.indexByName.get(index)?.entries;
    if (!entries) throw new Error(`no index ${kind}/${index}`);
    return values.map((value) => entries.get(value)?.objects.size ?? 0);
  }

  kindsStored(): string[] {
    return [...this.kinds.keys()].sort();
  }

  create<T extends KubeObject>(object: T): T {
    const named = this.withName(object);
    const key = objectKey(named);
    const table = this.table(named.kind);
    if (table.objects.has(key)) throw new Error(`${named.kind} ${key} already exists`);
    const stored = freezeObject({
      ...named,
      metadata: {
        ...named.metadata,
        uid: named.metadata.uid ?? this.newUid(),
        resourceVersion: String(++this.resourceVersion),
        creationTimestamp: isoAt(this.epochMs, this.nowMs()),
        generation: named.metadata.generation ?? 1,
      },
    });
    this.put(table, key, stored, undefined);
    this.emit({ type: 'ADDED', kind: stored.kind, key, object: stored });
    return stored;
  }

  /** Replaces an object; uid and creationTimestamp are kept, resourceVersion moves on. */
  update<T extends KubeObject>(object: T): T {
    const key = objectKey(object);
    const table = this.table(object.kind);
    const old = table.objects.get(key);
    if (!old) throw new Error(`${object.kind} ${key} does not exist`);
    const stored = freezeObject({
      ...object,
      metadata: {
        ...object.metadata,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        resourceVersion: String(++this.resourceVersion),
      },
    });
    this.put(table, key, stored, old);
    this.emit({ type: 'MODIFIED', kind: stored.kind, key, object: stored, old });
    return stored;
  }

  delete(kind: string, key: string): void {
    const table = this.kinds.get(kind);
    const old = table?.objects.get(key);
    if (!table || !old) return;
    table.revision++;
    table.changes.push(key);
    table.objects.delete(key);
    table.byNamespace.get(old.metadata.namespace ?? '')?.delete(key);
    for (const index of table.indexes) {
      removeFromIndex(index.entries, index.valuesByKey.get(key) ?? NONE_KEYS, key);
      index.valuesByKey.delete(key);
    }
    this.emit({ type: 'DELETED', kind, key, object: old, old });
  }

  private put(table: KindTable, key: string, object: KubeObject, old: KubeObject | undefined): void {
    table.revision++;
    table.changes.push(key);
    table.objects.set(key, object);
    const ns = object.metadata.namespace ?? '';
    let inNamespace = table.byNamespace.get(ns);
    if (!inNamespace) table.byNamespace.set(ns, (inNamespace = new Map()));
    inNamespace.set(key, object);
    for (const index of table.indexes) {
      const values = index.fn(object);
      const before = old ? index.valuesByKey.get(key) ?? NONE_KEYS : NONE_KEYS;
      index.valuesByKey.set(key, values);
      if (old && sameValues(before, values)) {
        // Same index values: just point them at the new version of the object.
        for (const value of values) {
          const bucket = index.entries.get(value);
          if (bucket) {
            bucket.objects.set(key, object);
            bucket.list = undefined;
          }
        }
        continue;
      }
      removeFromIndex(index.entries, before, key);
      addToIndex(index.entries, values, key, object);
    }
  }

  private withName<T extends KubeObject>(object: T): T {
    if (object.metadata.name) return object;
    const base = object.metadata.generateName;
    if (!base) throw new Error(`${object.kind} has neither name nor generateName`);
    const table = this.table(object.kind);
    for (;;) {
      const name = generateName(base, (n) => this.nameRng.nextInt(n));
      const key = object.metadata.namespace ? `${object.metadata.namespace}/${name}` : name;
      if (!table.objects.has(key)) return { ...object, metadata: { ...object.metadata, name } };
    }
  }

  private newUid(): string {
    const hex = (n: number) => {
      let text = '';
      for (let i = 0; i < n; i++) text += HEX_DIGITS[this.uidRng.nextInt(16)];
      return text;
    };
    const variant = '89ab'[this.uidRng.nextInt(4)];
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
  }

  private table(kind: string): KindTable {
    let table = this.kinds.get(kind);
    if (!table) {
      table = { revision: 0, objects: new Map(), byNamespace: new Map(), indexes: [], indexByName: new Map(), changes: [] };
      this.kinds.set(kind, table);
    }
    return table;
  }

  private emit(event: WatchEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

const NONE_KEYS: readonly string[] = Object.freeze([]);
const NONE: readonly KubeObject[] = Object.freeze([]);
const HEX_DIGITS = '0123456789abcdef';

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function addToIndex(entries: Map<string, Bucket>, values: readonly string[], key: string, object: KubeObject): void {
  for (const value of values) {
    let bucket = entries.get(value);
    if (!bucket) entries.set(value, (bucket = { objects: new Map(), list: undefined }));
    bucket.objects.set(key, object);
    bucket.list = undefined;
  }
}

function removeFromIndex(entries: Map<string, Bucket>, values: readonly string[], key: string): void {
  for (const value of values) {
    const bucket = entries.get(value);
    if (!bucket) continue;
    bucket.objects.delete(key);
    bucket.list = undefined;
    if (bucket.objects.size === 0) entries.delete(value);
  }
}

/** Stored objects are shared by every reader: freezing makes an accidental in-place edit throw.
 * Two levels (the object and its metadata, spec and status, and their other object-valued fields)
 * catch the edits a controller is likely to make, at a fraction of a deep freeze's cost. */
function freezeObject<T extends KubeObject>(object: T): T {
  Object.freeze(object.metadata);
  if (object.spec !== null && typeof object.spec === 'object') Object.freeze(object.spec);
  if (object.status !== null && typeof object.status === 'object') Object.freeze(object.status);
  for (const value of Object.values(object)) {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) Object.freeze(value);
  }
  return Object.freeze(object);
}
