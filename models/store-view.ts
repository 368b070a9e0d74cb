// What a controller may read: the current objects and the indexes (never the clock or the writer).
import type { KubeObject } from './kube/types.js';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  key: string;
  object: KubeObject;
  old?: KubeObject;
}

export interface StoreView {
  get<T extends KubeObject>(kind: string, key: string): T | undefined;
  list<T extends KubeObject>(kind: string, namespace?: string): T[];
  /** The objects under one value of an index (readonly: a store may hand out a shared array). */
  byIndex<T extends KubeObject>(kind: string, index: string, value: string): readonly T[];
  countByIndex(kind: string, index: string, value: string): number;
  /** `countByIndex` for many values at once (the scheduler's per-node load). */
  countsByIndex(kind: string, index: string, values: readonly string[]): number[];
  /** A number that changes whenever an object of `kind` is written (for caches of derived data). */
  revision(kind: string): number;
  /** A number that changes whenever what `byIndex` gives for any value of the index may change: an
   * object with values in it is added, written or deleted (for caches of lookups in a small index). */
  indexRevision(kind: string, index: string): number;
  /** The keys of `kind` written (created, updated or deleted) since `revision`, each once in the order
   * of its first write since then, with what is stored under it now; undefined when `revision` is not
   * one this store has had (a reader then starts over). A key deleted and created again shows twice:
   * its deleted object first, then its new one. */
  changedSince(kind: string, revision: number): readonly Changed[] | undefined;
}

/** A key `changedSince` reports (an informer's delta): read-only, valid until the next write. */
export interface Changed {
  readonly key: string;
  /** False when the key was deleted: `object` is then the last version it had. */
  readonly live: boolean;
  readonly object: KubeObject;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
export function objectKey(object: KubeObject): string {
  const ns = object.metadata.namespace;
  return ns ? `${ns}/${object.metadata.name}` : object.metadata.name;
}
