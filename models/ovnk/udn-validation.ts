// Placeholder until the CEL rules land (W-2.1).
import type { KubeObject } from '../kube/types.js';

export function validateNetworkApply(_object: KubeObject, _existing: KubeObject | undefined): { message: string; path: Array<string | number> } | undefined {
  return undefined;
}
