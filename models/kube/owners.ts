// Owner references and the owner index every workload controller reads (controller-runtime's
// "owned by" lookups, kept O(1) by an index rather than a scan).
import { NO_KEYS, type IndexSpec } from '../controller.js';
import type { KubeObject, OwnerReference } from './types.js';

export const OWNER_INDEX = 'owner-uid';

const ownerIndexes = new Map<string, IndexSpec>();

export function ownerIndex(kind: string): IndexSpec {
  let index = ownerIndexes.get(kind);
  if (!index) {
    index = {
      kind,
      name: OWNER_INDEX,
      fn: (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid),
      unchanged: (o, old) => o.metadata.ownerReferences === old.metadata.ownerReferences,
    };
    ownerIndexes.set(kind, index);
  }
  return index;
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Watch helper: the key of the controlling owner of `kind`, if the object has one. */
export function ownerKeys(object: KubeObject, kind: string): readonly string[] {
  let keys: string[] | undefined; // most pods, for most controllers: none, and no allocation
  const ns = object.metadata.namespace;
  for (const ref of object.metadata.ownerReferences ?? []) if (ref.kind === kind) (keys ??= []).push(ns ? `${ns}/${ref.name}` : ref.name);
  return keys ?? NO_KEYS;
}
