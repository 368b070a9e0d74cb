// `kubectl get pods [-o wide]`: kubernetes printers.go printPod. The simulated kubelet writes no
// containerStatuses, so the container-level reasons are derived from what it does write.
import type { Condition, Pod } from '../../../models/kube/types.js';
import { formatAge, formatObjectTable, NONE, type PrintContext } from './table.js';

const HEADER = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
const WIDE_HEADER = [...HEADER, 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];

export function printPods(pods: Pod[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ctx.wide ? WIDE_HEADER : HEADER, pods, (pod) => [podCells(pod, ctx)]);
}

function podCells(pod: Pod, ctx: PrintContext): string[] {
  const cells = [pod.metadata.name, podReady(pod), podStatus(pod), '0', formatAge(ctx, pod.metadata.creationTimestamp)];
  if (!ctx.wide) return cells;
  const nominated = (pod.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName;
  return [...cells, pod.status?.podIPs?.[0]?.ip || NONE, pod.spec.nodeName || NONE, nominated || NONE, readinessGates(pod)];
}

/** READY n/m: m counts containers and restartable (sidecar) init containers; all are ready once the pod is Ready. */
export function podReady(pod: Pod): string {
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c['restartPolicy'] === 'Always').length;
  const total = pod.spec.containers.length + sidecars;
  const ready = pod.status?.phase === 'Running' && findCondition(pod.status.conditions, 'Ready')?.status === 'True' ? total : 0;
  return `${ready}/${total}`;
}

/**
 * STATUS: the phase (or status.reason); a scheduled pod whose sandbox is not up yet shows the
 * containers' waiting reason, ContainerCreating; a deleted pod that has not ended, Terminating.
 */
export function podStatus(pod: Pod): string {
  const phase = pod.status?.phase ?? 'Pending';
  let status: string = pod.status?.reason || phase;
  if (phase === 'Pending' && pod.spec.nodeName) status = 'ContainerCreating';
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  if (pod.metadata.deletionTimestamp && pod.status?.reason === 'NodeLost') status = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) status = 'Terminating';
  return status;
}

function readinessGates(pod: Pod): string {
  const gates = (pod.spec['readinessGates'] as Array<{ conditionType: string }> | undefined) ?? [];
  if (gates.length === 0) return NONE;
  const met = gates.filter((gate) => findCondition(pod.status?.conditions, gate.conditionType)?.status === 'True').length;
  return `${met}/${gates.length}`;
}

function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
