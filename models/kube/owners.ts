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
      fn: (o) => ownerUids(o.metadata.ownerReferences),
      unchanged: (o, old) => o.metadata.ownerReferences === old.metadata.ownerReferences,
    };
    ownerIndexes.set(kind, index);
  }
  return index;
}

/** The owner index's values, one list per reference list (a ReplicaSet's pods share theirs). */
function ownerUids(refs: readonly OwnerReference[] | undefined): readonly string[] {
  if (refs === undefined || refs.length === 0) return NO_KEYS;
  let uids = uidsOfRefs.get(refs);
  if (uids === undefined) uidsOfRefs.set(refs, (uids = refs.map((r) => r.uid)));
  return uids;
}

const uidsOfRefs = new WeakMap<readonly OwnerReference[], readonly string[]>();

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

/** Watch helper: the key of the controlling owner of `kind`, if the object has one. The keys are
 * remembered per reference list (a ReplicaSet's pods share theirs, see controllerRefs): the same
 * list each time, which the engine then finds its wake-ups for without a lookup. */
export function ownerKeys(object: KubeObject, kind: string): readonly string[] {
  const refs = object.metadata.ownerReferences;
  if (refs === undefined || !refs.some((ref) => ref.kind === kind)) return NO_KEYS; // most objects, for most kinds
  const ns = object.metadata.namespace;
  let byRefs = keysOfRefs.get(kind);
  if (byRefs === undefined) keysOfRefs.set(kind, (byRefs = new WeakMap()));
  const known = byRefs.get(refs);
  if (known !== undefined && known.ns === ns) return known.keys;
  const made: string[] = [];
  for (const ref of refs) if (ref.kind === kind) made.push(ns ? `${ns}/${ref.name}` : ref.name);
  byRefs.set(refs, { ns, keys: made });
  return made;
}

/** Per owner kind, per reference list, the keys ownerKeys gave. */
const keysOfRefs = new Map<string, WeakMap<readonly OwnerReference[], { ns: string | undefined; keys: readonly string[] }>>();

/** `[controllerRef(owner)]`, one list per stored version of the owner: a ReplicaSet's pods share it. */
export function controllerRefs(owner: KubeObject): OwnerReference[] {
  let refs = refsOfOwner.get(owner);
  if (refs === undefined) refsOfOwner.set(owner, (refs = [controllerRef(owner)]));
  return refs;
}

const refsOfOwner = new WeakMap<KubeObject, OwnerReference[]>();
