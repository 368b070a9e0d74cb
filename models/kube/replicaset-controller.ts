// ReplicaSet → Pods `<rs>-<5 chars>` (W-1.2), and the ReplicaSet's ready count. Extra pods are
// deleted gracefully (kubelet finishes the deletion after the grace period).
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { OWNER_INDEX, controllerRefs, ownerIndex, ownerKeys } from './owners.js';
import { isoAt } from './time.js';
import { memoByText } from '../memo.js';
import { isPodDeleting, isPodReady } from './pods.js';
import type { KubeObject, Pod, PodTemplateSpec, ReplicaSet } from './types.js';

export const replicaSetController = controller<undefined>({
  name: 'replicaset-controller',
  delayMs: 0,
  indexes: [ownerIndex('Pod')],
  watches: [
    { kind: 'ReplicaSet', keys: (e) => (isStatusWrite(e.object as ReplicaSet, e.old as ReplicaSet | undefined, e.type) ? NO_KEYS : [e.key]) },
    { kind: 'Pod', keys: (e) => (changesReplicaCount(e.object as Pod, e.old as Pod | undefined, e.type) ? ownerKeys(e.object, 'ReplicaSet') : NO_KEYS) },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => reconcileReplicaSet(key, view, isoAt(ctx.cluster.epochMs, ctx.nowMs)),
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

function reconcileReplicaSet(key: string, view: StoreView, nowIso: string): ReconcileResult {
  const rs = view.get<ReplicaSet>('ReplicaSet', key);
  if (!rs) return {};
  const pods = view.byIndex<Pod>('Pod', OWNER_INDEX, rs.metadata.uid ?? '').filter((p) => !isPodDeleting(p));
  const replicas = rs.spec.replicas ?? 1;
  const writes: Write[] = [];
  for (let i = pods.length; i < replicas; i++) writes.push({ op: 'create', object: podFromTemplate(rs, rs.spec.template) });
  const surplus = pods.length > replicas ? [...pods].sort(deletionOrder).slice(0, pods.length - replicas) : [];
  for (const pod of surplus) writes.push({ op: 'update', object: { ...pod, metadata: { ...pod.metadata, deletionTimestamp: nowIso } } });
  const readyReplicas = pods.filter((p) => isPodReady(p) && !surplus.includes(p)).length;
  if (rs.status?.readyReplicas !== readyReplicas || rs.status?.replicas !== Math.min(pods.length, replicas)) {
    writes.push({ op: 'update', object: { ...rs, status: { replicas: Math.min(pods.length, replicas), readyReplicas } } });
  }
  return { writes };
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
