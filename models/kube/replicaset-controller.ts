// ReplicaSet → Pods `<rs>-<5 chars>` (W-1.2) and its status, as replica_set.go syncReplicaSet /
// manageReplicas do: creates stop at the first refusal (slow start), each answer records its event
// (controller_utils.go), a refused create sets ReplicaFailure and fails the sync, which the engine
// retries. Extra pods are deleted gracefully (kubelet finishes the deletion after the grace period).
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { podControlEvents, refusalOf } from './pod-control.js';
import { OWNER_INDEX, controllerRefs, ownerIndex, ownerKeys } from './owners.js';
import { isoAt } from './time.js';
import { memoByText } from '../memo.js';
import { isPodDeleting, isPodReady } from './pods.js';
import type { Condition, KubeObject, Pod, PodTemplateSpec, ReplicaSet } from './types.js';

const COMPONENT = 'replicaset-controller';

export const replicaSetController = controller<undefined>({
  name: COMPONENT,
  delayMs: 0,
  indexes: [ownerIndex('Pod')],
  watches: [
    { kind: 'ReplicaSet', keys: (e) => (isStatusWrite(e.object as ReplicaSet, e.old as ReplicaSet | undefined, e.type) ? NO_KEYS : [e.key]) },
    { kind: 'Pod', keys: (e) => (changesReplicaCount(e.object as Pod, e.old as Pod | undefined, e.type) ? ownerKeys(e.object, 'ReplicaSet') : NO_KEYS) },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => syncReplicaSet(key, view, ctx.cluster.epochMs, ctx.nowMs),
});

/** Its own status write (nothing else writes a ReplicaSet's status): the status is derived from the
 * spec and the pods, whose events wake it anyway. */
function isStatusWrite(rs: ReplicaSet, old: ReplicaSet | undefined, type: string): boolean {
  return type === 'MODIFIED' && old !== undefined && rs.spec === old.spec && rs.metadata.labels === old.metadata.labels && rs.metadata.deletionTimestamp === old.metadata.deletionTimestamp && rs.metadata.uid === old.metadata.uid;
}

/** What the ReplicaSet reads of its pods: that they exist, are Ready, are being deleted. */
function changesReplicaCount(pod: Pod, old: Pod | undefined, type: string): boolean {
  return type !== 'MODIFIED' || !old || isPodReady(pod) !== isPodReady(old) || pod.metadata.deletionTimestamp !== old.metadata.deletionTimestamp || pod.metadata.ownerReferences !== old.metadata.ownerReferences;
}

function syncReplicaSet(key: string, view: StoreView, epochMs: number, nowMs: number): ReconcileResult {
  const rs = view.get<ReplicaSet>('ReplicaSet', key);
  if (!rs) return {};
  const pods = view.byIndex<Pod>('Pod', OWNER_INDEX, rs.metadata.uid ?? '').filter((p) => !isPodDeleting(p));
  const replicas = rs.spec.replicas ?? 1;
  const nowIso = isoAt(epochMs, nowMs);
  const podWrites: Write[] = [];
  for (let i = pods.length; i < replicas; i++) podWrites.push({ op: 'create', object: podFromTemplate(rs, rs.spec.template) });
  const surplus = pods.length > replicas ? [...pods].sort(deletionOrder).slice(0, pods.length - replicas) : [];
  for (const pod of surplus) podWrites.push({ op: 'update', object: { ...pod, metadata: { ...pod.metadata, deletionTimestamp: nowIso } } });
  // The status counts the pods as the sync found them (calculateStatus gets the informer's list).
  const readyReplicas = pods.filter((p) => isPodReady(p) && !surplus.includes(p)).length;
  const counts = { replicas: Math.min(pods.length, replicas), readyReplicas };
  if (podWrites.length === 0) return { writes: statusWrites(rs, counts, undefined, nowIso) };
  return {
    writes: podWrites,
    afterWrites: (outcomes, atMs) => {
      const atIso = isoAt(epochMs, atMs);
      const events = podControlEvents(view, rs, outcomes, COMPONENT, atIso);
      const error = refusalOf(outcomes);
      const failure = error === undefined ? undefined : { reason: pods.length < replicas ? 'FailedCreate' : 'FailedDelete', message: error };
      const current = view.get<ReplicaSet>('ReplicaSet', key);
      if (current === undefined || current.metadata.uid !== rs.metadata.uid) return { writes: events };
      return { writes: [...events, ...statusWrites(current, counts, failure, atIso)] };
    },
  };
}

/** The status write, if the status changes: the counts and calculateStatus's ReplicaFailure condition
 * (set on the first failure with its error, kept while syncs fail, removed by one that succeeds). */
function statusWrites(rs: ReplicaSet, counts: { replicas: number; readyReplicas: number }, failure: { reason: string; message: string } | undefined, nowIso: string): Write[] {
  const conditions = withReplicaFailure(rs.status?.conditions, failure, nowIso);
  if (rs.status?.readyReplicas === counts.readyReplicas && rs.status?.replicas === counts.replicas && conditions === rs.status?.conditions) return [];
  const status: NonNullable<ReplicaSet['status']> = { replicas: counts.replicas, readyReplicas: counts.readyReplicas };
  if (conditions) status.conditions = conditions;
  return [{ op: 'update', object: { ...rs, status } }];
}

function withReplicaFailure(conditions: Condition[] | undefined, failure: { reason: string; message: string } | undefined, nowIso: string): Condition[] | undefined {
  const current = conditions?.find((c) => c.type === 'ReplicaFailure');
  if (failure && !current) return [...(conditions ?? []), { type: 'ReplicaFailure', status: 'True', lastTransitionTime: nowIso, reason: failure.reason, message: failure.message }];
  if (!failure && current) {
    const rest = conditions!.filter((c) => c !== current);
    return rest.length ? rest : undefined;
  }
  return conditions;
}

/** Not-ready pods go first, then the newest (the real controller's ranking, simplified). */
function deletionOrder(a: Pod, b: Pod): number {
  const ready = Number(isPodReady(a)) - Number(isPodReady(b));
  if (ready !== 0) return ready;
  return (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name);
}

/** A pod as a workload controller creates it from its template (generateName `<owner>-` unless named). */
export function podFromTemplate(owner: KubeObject, template: PodTemplateSpec, name?: string, extraSpec: Partial<Pod['spec']> = {}): Pod {
  // The template's labels object itself: every pod of a ReplicaSet shares it (no writer edits labels
  // in place), so what is derived from a pod's labels (selector matches, index values) is derived
  // once per ReplicaSet. As are its generateName and owner references.
  const labels = template.metadata?.labels ?? {};
  const ownerReferences = controllerRefs(owner);
  let metadata: Pod['metadata'];
  if (!name && !template.metadata?.annotations) {
    // The usual case as one literal: its fields all live in the object (keys added one by one spill).
    metadata = { name: '', generateName: generateNameFor(owner.metadata.name), namespace: owner.metadata.namespace, labels, ownerReferences };
  } else {
    // Keys set one by one, in this order, rather than spread in: see kubelet's startPod.
    metadata = { name: name ?? '' };
    if (!name) metadata.generateName = generateNameFor(owner.metadata.name);
    metadata.namespace = owner.metadata.namespace;
    metadata.labels = labels;
    if (template.metadata?.annotations) metadata.annotations = Object.assign({}, template.metadata.annotations);
    metadata.ownerReferences = ownerReferences;
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: Object.assign({}, template.spec, extraSpec), status: { phase: 'Pending' } };
}

/** `<owner>-`, one string per owner name (a ReplicaSet's pods share it). */
const generateNameFor = memoByText((ownerName) => `${ownerName}-`);
