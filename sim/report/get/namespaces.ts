// `kubectl get namespaces`: kubernetes printers.go printNamespace (NAME STATUS AGE).
import type { Namespace } from '../../../models/kube/types.js';
import { formatAge, formatObjectTable, type PrintContext } from './table.js';

export function printNamespaces(namespaces: Namespace[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ['NAME', 'STATUS', 'AGE'], namespaces, (ns) => [
    // The API server defaults status.phase to Active; the simulated namespaces may not carry it.
    [ns.metadata.name, ns.status?.phase ?? (ns.metadata.deletionTimestamp ? 'Terminating' : 'Active'), formatAge(ctx, ns.metadata.creationTimestamp)],
  ]);
}
