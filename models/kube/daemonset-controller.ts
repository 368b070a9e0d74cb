// DaemonSet → one pod per node its nodeSelector admits (`<ds>-<5 chars>`), as daemon_controller.go
// syncNodes does: pinned by a required node affinity on metadata.name, with the DaemonSet tolerations
// (daemon/util), bound by the scheduler; creates stop at the first refusal, each answer is an event.
import { controller } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { memoByText } from '../memo.js';
import { OWNER_INDEX, ownerKeys } from './owners.js';
import { podControlEvents } from './pod-control.js';
import { podFromTemplate } from './replicaset-controller.js';
import { isoAt } from './time.js';
import type { Affinity, DaemonSet, Node, Pod, PodSpec, Toleration } from './types.js';

export const daemonSetController = controller<undefined>({
  name: 'daemonset-controller',
  delayMs: 0,
  watches: [
    { kind: 'DaemonSet', keys: (e) => [e.key] },
    { kind: 'Pod', keys: (e) => ownerKeys(e.object, 'DaemonSet') },
    { kind: 'Node', keys: (_e, view) => view.list('DaemonSet').map((d) => `${d.metadata.namespace}/${d.metadata.name}`) },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => syncDaemonSet(key, view, ctx.cluster.epochMs),
});

function syncDaemonSet(key: string, view: StoreView, epochMs: number): ReconcileResult {
  const ds = view.get<DaemonSet>('DaemonSet', key);
  if (!ds) return {};
  const covered = new Set(view.byIndex<Pod>('Pod', OWNER_INDEX, ds.metadata.uid ?? '').map(targetNodeName));
  const selector = ds.spec.template.spec.nodeSelector;
  const tolerations = withDaemonTolerations(ds.spec.template.spec);
  const writes: Write[] = [];
  const nodes = view.list<Node>('Node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const node of nodes) {
    const name = node.metadata.name;
    if (covered.has(name) || !Object.entries(selector ?? {}).every(([k, v]) => node.metadata.labels?.[k] === v)) continue;
    const affinity = pinnedTo(ds.spec.template.spec.affinity, name);
    writes.push({ op: 'create', object: podFromTemplate(ds, ds.spec.template, undefined, { affinity, tolerations }) });
  }
  if (writes.length === 0) return {};
  return { writes, afterWrites: (outcomes, atMs) => ({ writes: podControlEvents(view, ds, outcomes, 'daemonset-controller', isoAt(epochMs, atMs)) }) };
}

/** The node a daemon pod is for: its nodeName once bound, else its affinity's (util.GetTargetNodeName). */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const field = term.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1);
    if (field) return field.values![0];
  }
  return undefined;
}

/** The template's affinity with its required node affinity replaced by one term naming the node. */
function pinnedTo(affinity: Affinity | undefined, node: string): Affinity {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: nodeNames(node) }] }] };
  return { ...affinity, nodeAffinity: { ...affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } };
}

const nodeNames = memoByText<string[]>((node) => [node]);

/** What every daemon pod tolerates, after the template's own (daemon/util AddOrUpdateDaemonPodTolerations). */
function withDaemonTolerations(spec: PodSpec): Toleration[] {
  const tolerations = [...(spec.tolerations ?? [])];
  const wanted: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(spec.hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' } as const] : []),
  ];
  for (const toleration of wanted) {
    if (!tolerations.some((t) => t.key === toleration.key && t.operator === toleration.operator && t.effect === toleration.effect && t.value === toleration.value)) tolerations.push(toleration);
  }
  return tolerations;
}
