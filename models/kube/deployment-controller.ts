// Deployment → ReplicaSet `D-<pod-template-hash>` (W-1.2). A new template gets a new ReplicaSet;
// older ones are scaled to zero once the new one is fully ready (a coarse rolling update). Each
// scaling records ScalingReplicaSet in 1.32's words (deployment/sync.go) once its write succeeded.
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult, Write } from '../controller.js';
import type { StoreView, WatchEvent } from '../store-view.js';
import { recordEvent } from './events.js';
import { podTemplateHash } from './names.js';
import { isoAt } from './time.js';
import { OWNER_INDEX, controllerRef, ownerIndex, ownerKeys } from './owners.js';
import type { Deployment, ReplicaSet } from './types.js';

export const deploymentController = controller<undefined>({
  name: 'deployment-controller',
  delayMs: 0,
  indexes: [ownerIndex('ReplicaSet')],
  watches: [
    { kind: 'Deployment', keys: (e) => [e.key] },
    { kind: 'ReplicaSet', keys: (e) => (onlyUnreadStatusChanged(e) ? NO_KEYS : ownerKeys(e.object, 'Deployment')) },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => reconcileDeployment(key, view, isoAt(ctx.cluster.epochMs, ctx.nowMs)),
});

/** A ReplicaSet status write that leaves readyReplicas alone: the rollout reads nothing else of it. */
function onlyUnreadStatusChanged(event: WatchEvent): boolean {
  if (event.type !== 'MODIFIED' || !event.old) return false;
  const rs = event.object as ReplicaSet;
  const old = event.old as ReplicaSet;
  return rs.spec === old.spec && rs.metadata.labels === old.metadata.labels && rs.metadata.ownerReferences === old.metadata.ownerReferences && (rs.status?.readyReplicas ?? 0) === (old.status?.readyReplicas ?? 0);
}

function reconcileDeployment(key: string, view: StoreView, nowIso: string): ReconcileResult {
  const deployment = view.get<Deployment>('Deployment', key);
  if (!deployment) return {};
  const hash = podTemplateHash(deployment.spec.template, deployment.status?.collisionCount);
  const name = `${deployment.metadata.name}-${hash}`;
  const replicas = deployment.spec.replicas ?? 1;
  const owned = view.byIndex<ReplicaSet>('ReplicaSet', OWNER_INDEX, deployment.metadata.uid ?? '');
  const current = owned.find((rs) => rs.metadata.name === name);
  const writes: Write[] = [];
  // Each event follows the write it reports: a sync stops at a refused write, so it is recorded only
  // if that write succeeded.
  const scaled = (rs: ReplicaSet, from: number, to: number) =>
    recordEvent(view, { involved: deployment, type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${from < to ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, component: 'deployment-controller', nowIso });
  if (!current) {
    const created = newReplicaSet(deployment, name, hash, replicas);
    writes.push({ op: 'create', object: created });
    if (replicas > 0) writes.push(scaled(created, 0, replicas));
  } else if ((current.spec.replicas ?? 1) !== replicas) {
    writes.push({ op: 'update', object: { ...current, spec: { ...current.spec, replicas } } }, scaled(current, current.spec.replicas ?? 1, replicas));
  }
  const newReady = current !== undefined && (current.status?.readyReplicas ?? 0) >= replicas;
  for (const old of owned) {
    if (old.metadata.name === name || (old.spec.replicas ?? 1) === 0 || !newReady) continue;
    writes.push({ op: 'update', object: { ...old, spec: { ...old.spec, replicas: 0 } } }, scaled(old, old.spec.replicas ?? 1, 0));
  }
  return { writes };
}

function newReplicaSet(deployment: Deployment, name: string, hash: string, replicas: number): ReplicaSet {
  const template = deployment.spec.template;
  const labels = withTemplateHash(template.metadata?.labels, hash);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: deployment.metadata.namespace,
      labels,
      ownerReferences: [controllerRef(deployment)],
    },
    spec: {
      replicas,
      selector: {
        ...deployment.spec.selector,
        matchLabels: withTemplateHash(deployment.spec.selector.matchLabels, hash),
      },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
}

/**
 * The labels with `pod-template-hash` added. Built key by key on an empty object: in V8 (Node 20) a
 * spread with a key added gives each ReplicaSet's labels a hidden class of its own, and every pod
 * shares its ReplicaSet's labels, so every read of a pod's labels would be megamorphic.
 */
function withTemplateHash(labels: Record<string, string> | undefined, hash: string): Record<string, string> {
  const copy: Record<string, string> = Object.assign({}, labels);
  copy['pod-template-hash'] = hash;
  return copy;
}
