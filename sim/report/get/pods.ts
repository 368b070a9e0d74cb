// `kubectl get pods [-o wide]`: kubernetes printers.go printPod (READY, STATUS and RESTARTS from
// the init container and container statuses). Before a pod's sandbox is up the simulated kubelet
// writes no statuses; the printer reads the waiting ones kubelet would have reported instead.
import { isSidecar } from '../../../models/kube/container-start.js';
import type { Condition, ContainerStatus, Pod } from '../../../models/kube/types.js';
import { formatAge, formatObjectTable, NONE, type PrintContext } from './table.js';

const HEADER = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
const WIDE_HEADER = [...HEADER, 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];

export function printPods(pods: Pod[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ctx.wide ? WIDE_HEADER : HEADER, pods, (pod) => [podCells(pod, ctx)]);
}

function podCells(pod: Pod, ctx: PrintContext): string[] {
  const { ready, status, restarts } = podSummary(pod);
  const cells = [pod.metadata.name, ready, status, String(restarts), formatAge(ctx, pod.metadata.creationTimestamp)];
  if (!ctx.wide) return cells;
  const nominated = (pod.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName;
  return [...cells, pod.status?.podIPs?.[0]?.ip || NONE, pod.spec.nodeName || NONE, nominated || NONE, readinessGates(pod)];
}

/** STATUS: the phase (or status.reason), then what the init containers and containers report; Terminating once deleted. */
export function podStatus(pod: Pod): string {
  return podSummary(pod).status;
}

/** printPod's walk over the statuses: READY n/m counts the containers and restartable (sidecar)
 * init containers, n those reported ready. (Simulated containers never restart: no "(… ago)".) */
function podSummary(pod: Pod): { ready: string; status: string; restarts: number } {
  const phase = pod.status?.phase ?? 'Pending';
  let reason: string = pod.status?.reason || phase;
  const inits = pod.spec.initContainers ?? [];
  const initByName = new Map(inits.map((c) => [c.name, c]));
  const total = pod.spec.containers.length + inits.filter(isSidecar).length;
  const { initStatuses, statuses } = reportedStatuses(pod);
  let readyCount = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let initializing = false;
  for (const [i, status] of initStatuses.entries()) {
    restarts += status.restartCount;
    const sidecar = initByName.get(status.name) !== undefined && isSidecar(initByName.get(status.name)!);
    if (sidecar) sidecarRestarts += status.restartCount;
    const terminated = status.state.terminated;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && status.started) {
      if (status.ready) readyCount++;
      continue;
    }
    if (terminated) reason = `Init:${terminated.reason || `ExitCode:${terminated.exitCode}`}`;
    else if (status.state.waiting?.reason && status.state.waiting.reason !== 'PodInitializing') reason = `Init:${status.state.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }
  if (!initializing || findCondition(pod.status?.conditions, 'Initialized')?.status === 'True') {
    restarts = sidecarRestarts;
    let hasRunning = false;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const status = statuses[i]!;
      restarts += status.restartCount;
      const { waiting, terminated, running } = status.state;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated) reason = terminated.reason || `ExitCode:${terminated.exitCode}`;
      else if (status.ready && running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = findCondition(pod.status?.conditions, 'Ready')?.status === 'True' ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp && pod.status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  return { ready: `${readyCount}/${total}`, status: reason, restarts };
}

/**
 * The statuses kubelet reports. A bound pod whose sandbox is not up yet has none in the model; kubelet
 * would report every init container waiting (PodInitializing) and every container waiting for them
 * (PodInitializing) or for its sandbox (ContainerCreating).
 */
function reportedStatuses(pod: Pod): { initStatuses: readonly ContainerStatus[]; statuses: readonly ContainerStatus[] } {
  const reported = pod.status?.containerStatuses;
  if (reported !== undefined || !pod.spec.nodeName || (pod.status?.phase ?? 'Pending') !== 'Pending') {
    return { initStatuses: pod.status?.initContainerStatuses ?? [], statuses: reported ?? [] };
  }
  const inits = pod.spec.initContainers ?? [];
  const waiting = (name: string, reason: string): ContainerStatus => ({ name, state: { waiting: { reason } }, lastState: {}, ready: false, restartCount: 0, image: '', imageID: '', started: false });
  return {
    initStatuses: inits.map((c) => waiting(c.name, 'PodInitializing')),
    statuses: pod.spec.containers.map((c) => waiting(c.name, inits.length > 0 ? 'PodInitializing' : 'ContainerCreating')),
  };
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
