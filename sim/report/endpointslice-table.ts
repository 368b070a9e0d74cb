// `kubectl get endpointslices [-A]` (W-3.4): columns and cell rules of kubernetes
// pkg/printers/internalversion/printers.go (printEndpointSlice, formatDiscoveryPorts,
// formatDiscoveryEndpoints, listWithMoreString), laid out by kubectl's tabwriter.
import type { EndpointPort, EndpointSlice } from '../../models/kube/types.js';
import { humanDuration } from './human-duration.js';
import { formatTable, kubectlTableOptions } from './tabwriter.js';

export interface EndpointSliceTableOptions {
  /** `-A`: a leading NAMESPACE column, rows from every namespace. */
  allNamespaces: boolean;
  /** The slice's creationTimestamp in virtual ms (NaN when it has none). */
  creationMs: (slice: EndpointSlice) => number;
}

const maxListed = 3;

/** The printer's list rule: first three joined by `,`, then ` + N more...`; empty is `<unset>`. */
export function listWithMore(items: string[]): string {
  const listed = items.slice(0, maxListed).join(',');
  if (items.length > maxListed) return `${listed} + ${items.length - maxListed} more...`;
  return listed === '' ? '<unset>' : listed;
}

/** PORTS: the port number, else the port's name, else `*` (kubectl's rule; only a hand-written slice
 * has a port without a number: the EndpointSlice controller leaves out a port it cannot resolve, W-3.1). */
export function formatEndpointSlicePorts(ports: EndpointPort[] | null): string {
  return listWithMore((ports ?? []).map((port) => (typeof port.port === 'number' ? String(port.port) : (port.name ?? '*'))));
}

/** ENDPOINTS: every endpoint's addresses, flattened; N in `+ N more...` counts addresses. */
export function formatEndpointSliceEndpoints(slice: EndpointSlice): string {
  return listWithMore((slice.endpoints ?? []).flatMap((endpoint) => endpoint.addresses));
}

/**
 * The table kubectl prints, rows in the order the apiserver lists them: by storage key
 * `<namespace>/<name>` compared bytewise (so namespace `a-b` comes before `a`).
 * An empty list prints nothing on stdout (kubectl says `No resources found…` on stderr).
 */
export function formatEndpointSlicesTable(
  slices: EndpointSlice[],
  nowMs: number,
  opts: EndpointSliceTableOptions,
): string {
  if (slices.length === 0) return '';
  const sorted = [...slices].sort((a, b) => compareBytewise(storageKey(a), storageKey(b)));
  const header = ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'];
  const rows = sorted.map((slice) => {
    const cells = [
      slice.metadata.name,
      slice.addressType,
      formatEndpointSlicePorts(slice.ports),
      formatEndpointSliceEndpoints(slice),
      formatAge(nowMs, opts.creationMs(slice)),
    ];
    return opts.allNamespaces ? [slice.metadata.namespace ?? '', ...cells] : cells;
  });
  return formatTable([opts.allNamespaces ? ['NAMESPACE', ...header] : header, ...rows], kubectlTableOptions);
}

function formatAge(nowMs: number, creationMs: number): string {
  if (Number.isNaN(creationMs)) return '<unknown>';
  // metav1.Time travels as RFC 3339 with whole seconds, so the age counts from the second.
  return humanDuration(nowMs - Math.floor(creationMs / 1000) * 1000);
}

function storageKey(slice: EndpointSlice): string {
  return `${slice.metadata.namespace ?? ''}/${slice.metadata.name}`;
}

function compareBytewise(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
