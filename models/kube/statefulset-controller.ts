// StatefulSet → pods `<name>-0…<name>-N-1` with hostname and subdomain, created in order, each
// once the previous one is Ready (OrderedReady); each create records its event in
// stateful_pod_control.go recordPodEvent's words, and a refused one fails the sync.
import { controller } from '../controller.js';
import type { ReconcileResult } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { recordEvent } from './events.js';
import { ownerKeys } from './owners.js';
import { isPodReady } from './pods.js';
import { podFromTemplate } from './replicaset-controller.js';
import { isoAt } from './time.js';
import type { Pod, StatefulSet } from './types.js';

export const statefulSetController = controller<undefined>({
  name: 'statefulset-controller',
  delayMs: 0,
  watches: [
    { kind: 'StatefulSet', keys: (e) => [e.key] },
    { kind: 'Pod', keys: (e) => ownerKeys(e.object, 'StatefulSet') },
  ],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => reconcileStatefulSet(key, view, ctx.cluster.epochMs),
});

function reconcileStatefulSet(key: string, view: StoreView, epochMs: number): ReconcileResult {
  const set = view.get<StatefulSet>('StatefulSet', key);
  if (!set) return {};
  const ns = set.metadata.namespace ?? 'default';
  const replicas = set.spec.replicas ?? 1;
  for (let ordinal = 0; ordinal < replicas; ordinal++) {
    const name = `${set.metadata.name}-${ordinal}`;
    const pod = view.get<Pod>('Pod', `${ns}/${name}`);
    if (!pod) {
      const extra = { hostname: name, ...(set.spec.serviceName ? { subdomain: set.spec.serviceName } : {}) };
      const created = podFromTemplate(set, set.spec.template, name, extra);
      const labels = { ...created.metadata.labels, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal) };
      return {
        writes: [{ op: 'create', object: { ...created, metadata: { ...created.metadata, labels } } }],
        afterWrites: ([outcome], atMs) => {
          const base = { involved: set, component: 'statefulset-controller', nowIso: isoAt(epochMs, atMs) };
          const event = outcome!.ok
            ? recordEvent(view, { ...base, type: 'Normal', reason: 'SuccessfulCreate', message: `create Pod ${name} in StatefulSet ${set.metadata.name} successful` })
            : recordEvent(view, { ...base, type: 'Warning', reason: 'FailedCreate', message: `create Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${outcome!.message}` });
          return { writes: [event] };
        },
      };
    }
    if (!isPodReady(pod)) return {};
  }
  return {};
}
