// `kubectl get deployments|replicasets|daemonsets [-o wide]`: kubernetes printers.go printDeployment,
// printReplicaSet, printDaemonSet, layoutContainerCells. A status count the controller has not
// written prints as 0, as kubectl prints an unset int32.
import type { Container, DaemonSet, Deployment, LabelSelector, ReplicaSet } from '../../../models/kube/types.js';
import { formatAge, formatObjectTable, NONE, type PrintContext } from './table.js';

const WIDE = ['CONTAINERS', 'IMAGES', 'SELECTOR'];
const DEPLOYMENT_HEADER = ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'];
const REPLICASET_HEADER = ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'];
const DAEMONSET_HEADER = ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'];

export function printDeployments(deployments: Deployment[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ctx.wide ? [...DEPLOYMENT_HEADER, ...WIDE] : DEPLOYMENT_HEADER, deployments, (d) => {
    const status = d.status ?? {};
    // The API server defaults spec.replicas to 1.
    const cells = [d.metadata.name, `${count(status.readyReplicas)}/${d.spec.replicas ?? 1}`, count(status.updatedReplicas), count(status.availableReplicas), formatAge(ctx, d.metadata.creationTimestamp)];
    return [ctx.wide ? [...cells, ...wideCells(d.spec.template.spec.containers, d.spec.selector)] : cells];
  });
}

export function printReplicaSets(replicaSets: ReplicaSet[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ctx.wide ? [...REPLICASET_HEADER, ...WIDE] : REPLICASET_HEADER, replicaSets, (rs) => {
    const status = rs.status ?? {};
    const cells = [rs.metadata.name, String(rs.spec.replicas ?? 1), count(status.replicas), count(status.readyReplicas), formatAge(ctx, rs.metadata.creationTimestamp)];
    return [ctx.wide ? [...cells, ...wideCells(rs.spec.template.spec.containers, rs.spec.selector)] : cells];
  });
}

export function printDaemonSets(daemonSets: DaemonSet[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ctx.wide ? [...DAEMONSET_HEADER, ...WIDE] : DAEMONSET_HEADER, daemonSets, (ds) => {
    const status = ds.status ?? {};
    const cells = [
      ds.metadata.name,
      count(status.desiredNumberScheduled),
      count(status.currentNumberScheduled),
      count(status.numberReady),
      count(status.updatedNumberScheduled),
      count(status.numberAvailable),
      formatLabels(ds.spec.template.spec.nodeSelector),
      formatAge(ctx, ds.metadata.creationTimestamp),
    ];
    return [ctx.wide ? [...cells, ...wideCells(ds.spec.template.spec.containers, ds.spec.selector)] : cells];
  });
}

function count(value: number | undefined): string {
  return String(value ?? 0);
}

/** layoutContainerCells: container names and images, each comma-joined; then the selector. */
function wideCells(containers: readonly Container[], selector: LabelSelector | undefined): string[] {
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(','), formatLabelSelector(selector)];
}

/** labels.FormatLabels: `k=v` pairs sorted by key, `<none>` for none. */
function formatLabels(labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {}).sort(([a], [b]) => compare(a, b));
  return pairs.map(([k, v]) => `${k}=${v}`).join(',') || NONE;
}

/**
 * LabelSelectorAsSelector(…).String(): one requirement per matchLabels entry and per expression,
 * sorted by key; `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k` (values sorted); an empty or
 * missing selector prints nothing.
 */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const requirements: Array<[string, string]> = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${v}`]);
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const list = `(${[...values].sort(compare).join(',')})`;
    const text = operator === 'In' ? `${key} in ${list}` : operator === 'NotIn' ? `${key} notin ${list}` : operator === 'Exists' ? key : `!${key}`;
    requirements.push([key, text]);
  }
  return requirements
    .sort(([a], [b]) => compare(a, b))
    .map(([, text]) => text)
    .join(',');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
