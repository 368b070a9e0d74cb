// The in-memory API server: objects by kind and key, resourceVersions, uids, generateName, watch
// events, and client-go-style indexes (by namespace always, plus any a controller registers).
import type { KubeObject } from '../../models/kube/types.js';
import { generateName } from '../../models/kube/names.js';
import { isoAt } from '../../models/kube/time.js';
import type { Rng } from '../engine/rng.js';
import type { Changed, StoreView, WatchEvent } from '../../models/store-view.js';
import { objectKey } from '../../models/store-view.js';

export type IndexFn = (object: KubeObject) => readonly string[];
export type IndexUnchanged = (object: KubeObject, old: KubeObject) => boolean;

/**
 * One stored key: its current object and, per index of its kind, the values the index gave it.
 * Namespace maps and index buckets hold the entry, not the object, so an update that leaves every
 * index value as it was touches one map (the kind's) instead of one per index value.
 */
interface Entry extends StoredEntry {
  object: KubeObject;
  values: Array<readonly string[]>;
  /** The `changedSince` call that last listed it (each key is listed once per call). */
  listed: number;
}

/** What the store's event listener (the engine) gets with each event besides it: the key's entry. */
export interface StoredEntry {
  /** The key as first stored: events and readers reuse this one string, whose hash is cached. */
  readonly key: string;
  readonly kind: string;
  /** False once the key was deleted (a later create makes a new entry). */
  live: boolean;
  /** The listener's own state for this key (the engine's wake-up slots), kept here so that it is
   * found without a lookup of its own. The store never reads it. */
  listenerState: unknown;
}

interface Index {
  fn: IndexFn;
  unchanged: IndexUnchanged | undefined;
  buckets: Map<string, Map<string, Entry>>;
  /** Moves on whenever an object with values in this index is added, written or deleted. */
  revision: number;
}

interface KindTable {
  /** Moves on with every write of this kind: lets readers cache what they derive from the kind. */
  revision: number;
  entries: Map<string, Entry>;
  byNamespace: Map<string, Map<string, Entry>>;
  indexes: Index[];
  indexByName: Map<string, Index>;
  /** The entry written at each revision (`changes[r - 1]` moved the kind to revision r): informer
   * deltas for a reader that keeps derived state incrementally (`changedSince`). Like the engine's
   * wake-up slots, it keeps a deleted key's last entry (and a key made again, its old one too). */
  changes: Entry[];
  /** The entry `get` last returned: a controller usually writes back the object it just read. */
  lastRead: Entry | undefined;
}

export class ApiStore implements StoreView {
  private readonly kinds = new Map<string, KindTable>();
  private readonly listeners: Array<(event: WatchEvent, entry: StoredEntry) => void> = [];
  /** An entry a reader is about to read (the key a controller reconciles): `get` of its kind and
   * key returns it without a lookup in the kind's map. */
  private hint: Entry | undefined;
  private resourceVersion = 1000;
  private listings = 0;
  private readonly uidCodes = new Array<number>(36).fill(0);

  constructor(
    private readonly nowMs: () => number,
    private readonly epochMs: number,
    private readonly uidRng: Rng,
    private readonly nameRng: Rng,
  ) {}

  onEvent(listener: (event: WatchEvent, entry: StoredEntry) => void): void {
    this.listeners.push(listener);
  }

  /** The entry `get` is likely to be asked for next (see `hint`); undefined for none. */
  expectRead(entry: StoredEntry | undefined): void {
    this.hint = entry as Entry | undefined;
  }

  /** Registers an index; objects already stored are indexed at once. Controllers that share an
   * index each declare it: the same function registered again is a no-op, a different one a bug. */
  addIndex(kind: string, name: string, fn: IndexFn, unchanged?: IndexUnchanged): void {
    const table = this.table(kind);
    const existing = table.indexByName.get(name);
    if (existing?.fn === fn) return;
    if (existing) throw new Error(`index ${kind}/${name} registered twice with different functions`);
    const index: Index = { fn, unchanged, buckets: new Map(), revision: 0 };
    table.indexes.push(index);
    table.indexByName.set(name, index);
    for (const [key, entry] of table.entries) entry.values.push(addToIndex(index, fn(entry.object), key, entry));
  }

  get<T extends KubeObject>(kind: string, key: string): T | undefined {
    const table = this.kinds.get(kind);
    if (!table) return undefined;
    const hint = this.hint;
    const entry = hint !== undefined && hint.key === key && hint.kind === kind && hint.live ? hint : table.entries.get(key);
    if (entry) table.lastRead = entry;
    return entry?.object as T | undefined;
  }

  list<T extends KubeObject>(kind: string, namespace?: string): T[] {
    const table = this.kinds.get(kind);
    if (!table) return [];
    const source = namespace === undefined ? table.entries : table.byNamespace.get(namespace);
    return source ? (objectsOf(source) as T[]) : [];
  }

  byIndex<T extends KubeObject>(kind: string, index: string, value: string): readonly T[] {
    const found = this.kinds.get(kind)?.indexByName.get(index);
    if (!found) throw new Error(`no index ${kind}/${index}`);
    const bucket = found.buckets.get(value);
    return bucket ? (objectsOf(bucket) as T[]) : [];
  }

  revision(kind: string): number {
    return this.kinds.get(kind)?.revision ?? 0;
  }

  indexRevision(kind: string, index: string): number {
    const found = this.kinds.get(kind)?.indexByName.get(index);
    if (!found) throw new Error(`no index ${kind}/${index}`);
    return found.revision;
  }

  changedSince(kind: string, revision: number): readonly Changed[] | undefined {
    const table = this.kinds.get(kind);
    if (!table) return revision === 0 ? NO_CHANGES : undefined;
    if (revision < 0 || revision > table.revision) return undefined;
    // Each entry once, without a set: an entry is marked with the call that listed it.
    const listing = ++this.listings;
    const changes = table.changes;
    const changed: Entry[] = [];
    for (let r = revision; r < changes.length; r++) {
      const entry = changes[r]!;
      if (entry.listed === listing) continue;
      entry.listed = listing;
      changed.push(entry);
    }
    return changed;
  }

  countByIndex(kind: string, index: string, value: string): number {
    return this.countsByIndex(kind, index, [value])[0]!;
  }

  countsByIndex(kind: string, index: string, values: readonly string[]): number[] {
    const buckets = this.kinds.get(kind)?.indexByName.get(index)?.buckets;
    if (!buckets) throw new Error(`no index ${kind}/${index}`);
    return values.map((value) => buckets.get(value)?.size ?? 0);
  }

  kindsStored(): string[] {
    return [...this.kinds.keys()].sort();
  }

  create<T extends KubeObject>(object: T): T {
    const table = this.table(object.kind);
    let key: string;
    // Set in this order; a key the writer gave keeps its place (see storedCopy).
    const metadata = Object.assign({}, object.metadata);
    if (object.metadata.name) {
      key = objectKey(object);
      if (table.entries.has(key)) throw new Error(`${object.kind} ${key} already exists`);
    } else {
      // A generated name is one no stored object has: its key is checked as it is drawn.
      const drawn = this.drawName(table, object);
      metadata.name = drawn.name;
      key = drawn.key;
    }
    metadata.uid = object.metadata.uid ?? this.newUid();
    metadata.resourceVersion = String(++this.resourceVersion);
    metadata.creationTimestamp = isoAt(this.epochMs, this.nowMs());
    metadata.generation = object.metadata.generation ?? 1;
    const stored = storedCopy(object, metadata);
    const entry = this.insert(table, key, stored);
    this.emit({ type: 'ADDED', kind: stored.kind, key, object: stored }, entry);
    return stored;
  }

  /** Replaces an object; uid and creationTimestamp are kept, resourceVersion moves on. */
  update<T extends KubeObject>(object: T): T {
    const table = this.table(object.kind);
    const entry = entryOf(table, object);
    if (!entry) throw new Error(`${object.kind} ${objectKey(object)} does not exist`);
    const old = entry.object;
    const metadata = Object.assign({}, object.metadata); // see storedCopy
    metadata.uid = old.metadata.uid;
    metadata.creationTimestamp = old.metadata.creationTimestamp;
    metadata.resourceVersion = String(++this.resourceVersion);
    const stored = storedCopy(object, metadata);
    this.replace(table, entry, stored);
    this.emit({ type: 'MODIFIED', kind: stored.kind, key: entry.key, object: stored, old }, entry);
    return stored;
  }

  delete(kind: string, key: string): void {
    const table = this.kinds.get(kind);
    const entry = table?.entries.get(key);
    if (!table || !entry) return;
    const old = entry.object;
    table.revision++;
    table.changes.push(entry);
    table.entries.delete(key);
    entry.live = false;
    table.byNamespace.get(old.metadata.namespace ?? '')?.delete(key);
    if (table.lastRead === entry) table.lastRead = undefined;
    table.indexes.forEach((index, i) => removeFromIndex(index, entry.values[i]!, key));
    this.emit({ type: 'DELETED', kind, key: entry.key, object: old, old }, entry);
  }

  private insert(table: KindTable, key: string, object: KubeObject): Entry {
    table.revision++;
    const indexes = table.indexes;
    const entry: Entry = { key, kind: object.kind, live: true, listenerState: undefined, object, values: new Array<readonly string[]>(indexes.length), listed: 0 };
    table.changes.push(entry);
    table.entries.set(key, entry);
    const ns = object.metadata.namespace ?? '';
    let inNamespace = table.byNamespace.get(ns);
    if (!inNamespace) table.byNamespace.set(ns, (inNamespace = new Map()));
    inNamespace.set(key, entry);
    for (let i = 0; i < indexes.length; i++) entry.values[i] = addToIndex(indexes[i]!, indexes[i]!.fn(object), key, entry);
    return entry;
  }

  /** The entry now holds `object`; only the indexes whose values moved are touched. */
  private replace(table: KindTable, entry: Entry, object: KubeObject): void {
    const key = entry.key;
    table.revision++;
    table.changes.push(entry);
    const old = entry.object;
    entry.object = object;
    const indexes = table.indexes;
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i]!;
      const before = entry.values[i]!;
      // byIndex of any value this object is under now gives its new version.
      if (before.length > 0) index.revision++;
      if (index.unchanged?.(object, old)) continue;
      const values = index.fn(object);
      if (sameValues(before, values)) continue;
      removeFromIndex(index, before, key);
      entry.values[i] = addToIndex(index, values, key, entry);
    }
  }

  /** A name drawn from the object's generateName that no stored object has, and its key. */
  private drawName(table: KindTable, object: KubeObject): { name: string; key: string } {
    const base = object.metadata.generateName;
    if (!base) throw new Error(`${object.kind} has neither name nor generateName`);
    for (;;) {
      const name = generateName(base, (n) => this.nameRng.nextInt(n));
      const key = object.metadata.namespace ? [object.metadata.namespace, '/', name].join('') : name; // flat, as the name
      if (!table.entries.has(key)) return { name, key };
    }
  }

  /** A random (version 4) UUID from the seeded stream: the variant digit is drawn first, then the
   * 30 random hex digits in order. Built in one buffer (a uid per object adds up at 50 000 pods). */
  private newUid(): string {
    const variant = VARIANT_CODES[this.uidRng.nextInt(4)]!;
    const codes = this.uidCodes;
    for (let i = 0; i < codes.length; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) codes[i] = DASH;
      else if (i === 14) codes[i] = FOUR;
      else if (i === 19) codes[i] = variant;
      else codes[i] = HEX_CODES[this.uidRng.nextInt(16)]!;
    }
    return String.fromCharCode(...codes);
  }

  private table(kind: string): KindTable {
    let table = this.kinds.get(kind);
    if (!table) {
      table = { revision: 0, entries: new Map(), byNamespace: new Map(), indexes: [], indexByName: new Map(), changes: [], lastRead: undefined };
      this.kinds.set(kind, table);
    }
    return table;
  }

  private emit(event: WatchEvent, entry: Entry): void {
    for (const listener of this.listeners) listener(event, entry);
  }
}

const NO_CHANGES: readonly Changed[] = Object.freeze([]);
/** Index values of an entry with none (not frozen: V8 iterates a frozen array slowly). */
const NO_VALUES: readonly string[] = [];
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const VARIANT_CODES = Array.from('89ab', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const FOUR = '4'.charCodeAt(0);

/** The stored entry of `object`'s key: the one last read when it is the same name, else by key. */
function entryOf(table: KindTable, object: KubeObject): Entry | undefined {
  const last = table.lastRead;
  if (last !== undefined && last.object.metadata.name === object.metadata.name && last.object.metadata.namespace === object.metadata.namespace) return last;
  return table.entries.get(objectKey(object));
}

function objectsOf(entries: Map<string, Entry>): KubeObject[] {
  const objects = new Array<KubeObject>(entries.size);
  let i = 0;
  for (const entry of entries.values()) objects[i++] = entry.object;
  return objects;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Puts the entry under each value; the index's revision moves when there is any. Returns the
 * values for the entry to keep (one shared list when there are none: most entries of most indexes). */
function addToIndex(index: Index, values: readonly string[], key: string, entry: Entry): readonly string[] {
  if (values.length === 0) return NO_VALUES;
  index.revision++;
  for (const value of values) {
    let bucket = index.buckets.get(value);
    if (!bucket) index.buckets.set(value, (bucket = new Map()));
    bucket.set(key, entry);
  }
  return values;
}

function removeFromIndex(index: Index, values: readonly string[], key: string): void {
  if (values.length > 0) index.revision++;
  for (const value of values) {
    const bucket = index.buckets.get(value);
    if (!bucket) continue;
    bucket.delete(key);
    if (bucket.size === 0) index.buckets.delete(value);
  }
}

/**
 * What the store keeps: a copy of the writer's object with the metadata the store stamped, frozen.
 * In V8 (Node 20) a spread copy that then gets keys it lacks takes a slow path (≈ 2 µs a key): the
 * object, which has its metadata key, is spread; the stamped metadata, which may lack the keys the
 * store sets, is copied with Object.assign.
 */
function storedCopy<T extends KubeObject>(object: T, metadata: T['metadata']): T {
  const copy = { ...object };
  copy.metadata = metadata;
  return freezeObject(copy);
}

/** Stored objects are shared by every reader: freezing makes an accidental in-place edit throw.
 * Two levels (the object and each of its object-valued fields: metadata, spec, status…) catch the
 * edits a controller is likely to make, at a fraction of a deep freeze's cost. Arrays (a slice's
 * endpoints and ports) are left alone: V8 (Node 20) runs find, filter, slice and for-of on a frozen
 * array 5 to 35 times slower than on a plain one, and readers iterate them on every reconcile. */
function freezeObject<T extends KubeObject>(object: T): T {
  for (const field in object) {
    const value: unknown = object[field];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.freeze(value);
  }
  return Object.freeze(object);
}
