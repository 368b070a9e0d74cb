// ownerKeys: the key of an object's controlling owner of a kind. A ReplicaSet's pods share one
// reference list (controllerRefs), whose keys are remembered per kind: the answer must still be per
// namespace and per kind.
import { describe, expect, it } from 'vitest';
import { controllerRefs, ownerKeys } from '../../models/kube/owners.js';
import type { KubeObject } from '../../models/kube/types.js';

const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d9f', namespace: 'shop', uid: 'rs-uid' } };

function owned(namespace: string, refs = controllerRefs(rs)): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace, ownerReferences: refs } };
}

describe('ownerKeys', () => {
  it('gives the owner’s key in the object’s namespace, for the asked kind only', () => {
    expect(controllerRefs(rs)).toBe(controllerRefs(rs));
    expect(controllerRefs(rs)).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d9f', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }]);
    expect(ownerKeys(owned('shop'), 'ReplicaSet')).toEqual(['shop/web-5d9f']);
    expect(ownerKeys(owned('shop'), 'DaemonSet')).toEqual([]);
    expect(ownerKeys(owned('cart'), 'ReplicaSet')).toEqual(['cart/web-5d9f']);
    expect(ownerKeys(owned('shop'), 'ReplicaSet')).toEqual(['shop/web-5d9f']);
    expect(ownerKeys({ ...owned('shop'), metadata: { name: 'q', namespace: 'shop' } }, 'ReplicaSet')).toEqual([]);
  });
});
