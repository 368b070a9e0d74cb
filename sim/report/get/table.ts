// What every `sim get` table shares: the moment it is printed at, kubectl's AGE cell
// (printers.go translateTimestampSince) and the NAMESPACE column kubectl adds for `-A`.
import type { KubeObject } from '../../../models/kube/types.js';
import { humanDuration } from '../human-duration.js';
import { formatTable, kubectlTableOptions } from '../tabwriter.js';

export interface PrintContext {
  /** Wall-clock ms of virtual time 0 (cluster.epochMs): timestamps in objects count from it. */
  epochMs: number;
  /** The snapshot's virtual time in ms. */
  nowMs: number;
  /** `-o wide`: the columns kubectl gives priority 1. */
  wide: boolean;
  /** A leading NAMESPACE column: every namespace is listed and the kind is namespaced. */
  withNamespace: boolean;
}

export const NONE = '<none>';

/** How long ago an RFC 3339 timestamp was, as kubectl's AGE / LAST SEEN; `<unknown>` without one. */
export function formatAge(ctx: PrintContext, timestamp: string | undefined): string {
  const atMs = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  if (Number.isNaN(atMs)) return '<unknown>';
  return humanDuration(ctx.epochMs + ctx.nowMs - atMs);
}

/**
 * Lays out one or more rows per object under `header`. With `withNamespace` the first row of each
 * object starts with its namespace; further rows (sim's condition lines) leave that cell empty.
 */
export function formatObjectTable<T extends KubeObject>(
  ctx: PrintContext,
  header: string[],
  objects: T[],
  rowsOf: (object: T) => string[][],
): string {
  const rows = objects.flatMap((object) =>
    rowsOf(object).map((cells, i) => (ctx.withNamespace ? [i === 0 ? (object.metadata.namespace ?? '') : '', ...cells] : cells)),
  );
  return formatTable([ctx.withNamespace ? ['NAMESPACE', ...header] : header, ...rows], kubectlTableOptions);
}
