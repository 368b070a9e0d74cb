// `istioctl zc workloads` and `istioctl zc services` (W-5.5): istio 1.28 istioctl
// pkg/writer/ztunnel/configdump/workload.go PrintWorkloadSummary and services.go PrintServiceSummary.
import { formatTable, istioctlTableOptions } from '../../sim/report/tabwriter.js';

export interface ZtunnelWorkloadRow {
  namespace: string;
  name: string;
  addresses: string[];
  /** Shown when the workload has no address. */
  hostname?: string;
  node: string;
  /** The waypoint Service's name; `None` when absent. */
  waypoint?: string;
  protocol: 'HBONE' | 'TCP';
}

export interface ZtunnelServiceRow {
  namespace: string;
  name: string;
  /** Only breaks ties between equal namespace and name, as istioctl's sort does. */
  hostname?: string;
  /** VIPs with the `<network>/` prefix already cut. */
  vips: string[];
  waypoint?: string;
  /** Endpoints whose workload ztunnel knows and reports Healthy. */
  healthy: number;
  total: number;
}

/** Go's `<` on strings: bytewise, which UTF-16 order matches for the names Kubernetes allows. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorted by the string `<namespace>.<name>`, then node: not tuple order, since `-` sorts below `.`
 * (namespace `a-b` lists before `a`). `POD NAME` is one column.
 */
export function formatZtunnelWorkloads(workloads: ZtunnelWorkloadRow[], limit = Infinity): string {
  const keyed = workloads.map((w) => ({ w, key: `${w.namespace}.${w.name}` }));
  keyed.sort((a, b) => compareStrings(a.key, b.key) || compareStrings(a.w.node, b.w.node));
  // `limit`: only the first rows are formatted (a report showing 200 of 50 000).
  const sorted = keyed.slice(0, limit).map(({ w }) => w);
  const header = ['NAMESPACE', 'POD NAME', 'ADDRESS', 'NODE', 'WAYPOINT', 'PROTOCOL'];
  const rows = sorted.map((w) => {
    const address = w.addresses.join(',');
    return [
      w.namespace,
      w.name,
      address === '' ? (w.hostname ?? '') : address,
      w.node,
      w.waypoint ?? 'None',
      w.protocol,
    ];
  });
  return formatTable([header, ...rows], istioctlTableOptions);
}

/** Sorted by namespace, then name, then hostname; ENDPOINTS is `healthy/total`. */
export function formatZtunnelServices(services: ZtunnelServiceRow[]): string {
  const sorted = [...services].sort(
    (a, b) =>
      compareStrings(a.namespace, b.namespace) ||
      compareStrings(a.name, b.name) ||
      compareStrings(a.hostname ?? '', b.hostname ?? ''),
  );
  const header = ['NAMESPACE', 'SERVICE NAME', 'SERVICE VIP', 'WAYPOINT', 'ENDPOINTS'];
  const rows = sorted.map((s) => [
    s.namespace,
    s.name,
    s.vips.join(','),
    s.waypoint ?? 'None',
    `${s.healthy}/${s.total}`,
  ]);
  return formatTable([header, ...rows], istioctlTableOptions);
}
