// The scheduler (W-1.4): binds each unscheduled pod to the worker with the fewest pods among those
// matching its nodeSelector; ties are broken with the seeded stream (the real one breaks them at random).
import { controller } from '../controller.js';
import type { ReconcileResult, Rng } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { isoAt } from './time.js';
import type { Node, Pod } from './types.js';

export const POD_NODE_INDEX = 'pod-node';

export const scheduler = controller<undefined>({
  name: 'scheduler',
  delayMs: 0,
  indexes: [{ kind: 'Pod', name: POD_NODE_INDEX, fn: (p) => ((p as Pod).spec.nodeName ? [(p as Pod).spec.nodeName!] : []) }],
  watches: [{ kind: 'Pod', keys: (e) => (e.type !== 'DELETED' && !(e.object as Pod).spec.nodeName ? [e.key] : []) }],
  initialState: () => undefined,
  reconcile: (key, view, ctx) => schedulePod(key, view, ctx.rng, isoAt(ctx.cluster.epochMs, ctx.nowMs)),
});

function schedulePod(key: string, view: StoreView, rng: Rng, nowIso: string): ReconcileResult {
  const pod = view.get<Pod>('Pod', key);
  if (!pod || pod.spec.nodeName) return {};
  const selector = pod.spec.nodeSelector ?? {};
  const fits = view
    .list<Node>('Node')
    .filter((n) => !n.spec?.unschedulable && Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  if (fits.length === 0) return {};
  const load = (n: Node) => view.byIndex<Pod>('Pod', POD_NODE_INDEX, n.metadata.name).length;
  const least = Math.min(...fits.map(load));
  const tied = fits.filter((n) => load(n) === least);
  const node = tied[rng.nextInt(tied.length)]!;
  const conditions = [{ type: 'PodScheduled', status: 'True' as const, lastTransitionTime: nowIso }];
  return {
    writes: [
      { op: 'update', object: { ...pod, spec: { ...pod.spec, nodeName: node.metadata.name }, status: { ...pod.status, conditions } } },
    ],
  };
}
