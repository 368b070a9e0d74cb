// `oc get userdefinednetworks|clusteruserdefinednetworks`: OVN-K's CRDs define no printer columns,
// so NAME AGE. `-o wide` is sim's own: one line per status condition, `TYPE=STATUS` and its message.
import type { Condition } from '../../../models/kube/types.js';
import type { ClusterUserDefinedNetwork, UserDefinedNetwork } from '../../../models/ovnk/types.js';
import { formatAge, formatObjectTable, NONE, type PrintContext } from './table.js';

type NetworkOwner = UserDefinedNetwork | ClusterUserDefinedNetwork;

export function printUserDefinedNetworks(networks: NetworkOwner[], ctx: PrintContext): string {
  if (!ctx.wide) return formatObjectTable(ctx, ['NAME', 'AGE'], networks, (n) => [[n.metadata.name, formatAge(ctx, n.metadata.creationTimestamp)]]);
  return formatObjectTable(ctx, ['NAME', 'AGE', 'CONDITION', 'MESSAGE'], networks, (network) => {
    const conditions = network.status?.conditions ?? [];
    const first = [network.metadata.name, formatAge(ctx, network.metadata.creationTimestamp)];
    if (conditions.length === 0) return [[...first, NONE, '']];
    return conditions.map((condition, i) => [...(i === 0 ? first : ['', '']), `${condition.type}=${condition.status}`, conditionMessage(condition)]);
  });
}

/** A table cell is one line: a multi-line message (one sync error per line) is joined with `; `. */
function conditionMessage(condition: Condition): string {
  return (condition.message ?? '').split('\n').map((line) => line.trim()).filter(Boolean).join('; ');
}
