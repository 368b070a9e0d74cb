// `oc apply` into a namespace that does not exist (world.md W-1.3): the API server answers
// `namespaces "X" not found` and creates nothing. A namespace exists when the cluster has it from the
// start or a Namespace of that name was applied before the object (earlier time, or earlier in order).
import { BUILTIN_NAMESPACES, CLUSTER_SCOPED_KINDS } from './kinds.js';
import type { AppliedObject } from './types.js';

/** An admitted object, in the order the scenario applies it, and where to report about its namespace. */
export interface NamespaceUse {
  applied: AppliedObject;
  /** Undefined when the object took the `default` namespace. */
  report: ((message: string) => void) | undefined;
}

export function checkNamespacesExist(uses: readonly NamespaceUse[]): void {
  const existing = new Set(BUILTIN_NAMESPACES);
  const reported = new Set<(message: string) => void>();
  // Applied in time order; objects of one time in the order the scenario lists them (a stable sort).
  const inOrder = [...uses].sort((a, b) => a.applied.atMs - b.applied.atMs);
  for (const { applied, report } of inOrder) {
    const { object } = applied;
    if (object.kind === 'Namespace') existing.add(object.metadata.name);
    const namespace = object.metadata.namespace;
    if (namespace === undefined || CLUSTER_SCOPED_KINDS.has(object.kind) || existing.has(namespace) || !report) continue;
    // Once per place the namespace is named: an entry's `namespace:` covers every object of its file.
    if (reported.has(report)) continue;
    reported.add(report);
    report(`Error from server (NotFound): error when creating "${applied.source.file}": namespaces "${namespace}" not found`);
  }
}
