// What the API server refuses on `oc apply` before anything is stored: the CEL rules of OVN-K's
// CRDs (W-2.1) and the namespace-label admission policy (W-2.2). Returns the message kubectl would
// print, and the field it is about (to point at the manifest's line).
import type { KubeObject } from '../../models/kube/types.js';
import type { StoreView } from '../../models/store-view.js';
import { validateNamespaceLabelChange } from '../../models/ovnk/namespace-label-policy.js';
import { validateNetworkApply } from '../../models/ovnk/udn-validation.js';

export interface ApplyRejection {
  message: string;
  path?: ReadonlyArray<string | number>;
}

export function validateOnApply(object: KubeObject, existing: KubeObject | undefined, view: StoreView): ApplyRejection | undefined {
  return validateNamespaceLabelChange(object, existing, view) ?? validateNetworkApply(object, existing);
}
