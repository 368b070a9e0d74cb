// `kubectl get endpointslices`: the existing printer (endpointslice-table.ts), fed the snapshot's clock.
import type { EndpointSlice } from '../../../models/kube/types.js';
import { msSinceEpoch } from '../../../models/kube/time.js';
import { formatEndpointSlicesTable } from '../endpointslice-table.js';
import type { PrintContext } from './table.js';

export function printEndpointSlices(slices: EndpointSlice[], ctx: PrintContext): string {
  return formatEndpointSlicesTable(slices, ctx.nowMs, {
    allNamespaces: ctx.withNamespace,
    creationMs: (slice) => (slice.metadata.creationTimestamp ? msSinceEpoch(ctx.epochMs, slice.metadata.creationTimestamp) : Number.NaN),
  });
}
