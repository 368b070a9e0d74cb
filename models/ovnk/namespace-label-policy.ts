// The ValidatingAdmissionPolicy `user-defined-networks-namespace-label` (W-2.2): the primary-UDN
// label can only be set when a namespace is created, never added or removed later.
import type { KubeObject } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { PRIMARY_UDN_LABEL } from './types.js';

export function validateNamespaceLabelChange(object: KubeObject, existing: KubeObject | undefined, _view: StoreView): { message: string; path: string[] } | undefined {
  if (object.kind !== 'Namespace' || !existing) return undefined;
  const had = existing.metadata.labels?.[PRIMARY_UDN_LABEL] !== undefined;
  const has = object.metadata.labels?.[PRIMARY_UDN_LABEL] !== undefined;
  if (had === has) return undefined;
  return {
    message:
      `namespaces "${object.metadata.name}" is forbidden: ValidatingAdmissionPolicy 'user-defined-networks-namespace-label' with binding 'user-defined-networks-namespace-label-binding' denied request: ` +
      `The '${PRIMARY_UDN_LABEL}' label cannot be added/removed after the namespace was created`,
    path: ['metadata', 'labels'],
  };
}
