// `kubectl get events [-o wide]` as the API server prints it (printers.go printEvent): a repeated
// event is one row, LAST SEEN its last time, COUNT and FIRST SEEN under -o wide (the `2s (x12 over
// 9s)` form is `kubectl events`). Rows come in the apiserver's namespace/name order (kubernetes#29838).
import type { KubeEvent } from '../../../models/kube/types.js';
import { formatAge, formatObjectTable, type PrintContext } from './table.js';

const HEADER = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
const WIDE_HEADER = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'];

export function printEvents(events: KubeEvent[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ctx.wide ? WIDE_HEADER : HEADER, events, (event) => {
    const eventTime = event['eventTime'] as string | undefined;
    const series = event['series'] as { count?: number; lastObservedTime?: string } | undefined;
    const firstSeen = formatAge(ctx, event.firstTimestamp ?? eventTime);
    const lastSeen = series ? formatAge(ctx, series.lastObservedTime) : event.lastTimestamp ? formatAge(ctx, event.lastTimestamp) : firstSeen;
    const count = series ? (series.count ?? 0) : event.count || 1;
    const { kind, name } = event.involvedObject;
    const object = name ? `${kind.toLowerCase()}/${name}` : kind.toLowerCase();
    const message = event.message.trim();
    if (!ctx.wide) return [[lastSeen, event.type, event.reason, object, message]];
    const fieldPath = (event.involvedObject as { fieldPath?: string }).fieldPath ?? '';
    const component = event.source?.component || (event['reportingComponent'] as string | undefined) || '';
    const instance = event.source?.host || (event['reportingInstance'] as string | undefined) || '';
    const source = instance ? `${component}, ${instance}` : component;
    return [[lastSeen, event.type, event.reason, object, fieldPath, source, message, firstSeen, String(count), event.metadata.name]];
  });
}
