// `kubectl get network-attachment-definitions`: the Multus CRD defines no printer columns, so the
// apiserver's default for custom resources, NAME AGE.
import type { NetworkAttachmentDefinition } from '../../../models/ovnk/types.js';
import { formatAge, formatObjectTable, type PrintContext } from './table.js';

export function printNetworkAttachmentDefinitions(nads: NetworkAttachmentDefinition[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ['NAME', 'AGE'], nads, (nad) => [[nad.metadata.name, formatAge(ctx, nad.metadata.creationTimestamp)]]);
}
