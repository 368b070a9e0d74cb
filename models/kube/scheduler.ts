// The scheduler (W-1.4): binds each unscheduled pod to the worker with the fewest pods among those
// matching its nodeSelector; ties are broken with the seeded stream (the real one breaks them at random).
import { controller } from '../controller.js';
import type { ReconcileResult, Rng } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { isoAt } from './time.js';
import type { Node, Pod } from './types.js';

export const POD_NODE_INDEX = 'pod-node';

interface State {
  revision: number;
  nodes: Node[];
}

export const scheduler = controller<State>({
  name: 'scheduler',
  delayMs: 0,
  indexes: [{ kind: 'Pod', name: POD_NODE_INDEX, fn: (p) => ((p as Pod).spec.nodeName ? [(p as Pod).spec.nodeName!] : []) }],
  watches: [{ kind: 'Pod', keys: (e) => (e.type !== 'DELETED' && !(e.object as Pod).spec.nodeName ? [e.key] : []) }],
  initialState: () => ({ revision: -1, nodes: [] }),
  reconcile: (key, view, ctx) => schedulePod(key, view, ctx.rng, isoAt(ctx.cluster.epochMs, ctx.nowMs), sortedNodes(view, ctx.state)),
});

/** The nodes by name, recomputed only when a Node was written (the scheduler's node cache). */
function sortedNodes(view: StoreView, state: State): Node[] {
  const revision = view.revision('Node');
  if (revision !== state.revision) {
    state.nodes = view.list<Node>('Node').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    state.revision = revision;
  }
  return state.nodes;
}

function schedulePod(key: string, view: StoreView, rng: Rng, nowIso: string, nodes: Node[]): ReconcileResult {
  const pod = view.get<Pod>('Pod', key);
  if (!pod || pod.spec.nodeName) return {};
  const selector = Object.entries(pod.spec.nodeSelector ?? {});
  const fits = nodes.filter((n) => !n.spec?.unschedulable && selector.every(([k, v]) => n.metadata.labels?.[k] === v));
  if (fits.length === 0) return {};
  const loads = view.countsByIndex('Pod', POD_NODE_INDEX, fits.map((n) => n.metadata.name));
  const least = Math.min(...loads);
  const tied = fits.filter((_n, i) => loads[i] === least);
  const node = tied[rng.nextInt(tied.length)]!;
  const conditions = [{ type: 'PodScheduled', status: 'True' as const, lastTransitionTime: nowIso }];
  return {
    writes: [
      { op: 'update', object: { ...pod, spec: { ...pod.spec, nodeName: node.metadata.name }, status: { ...pod.status, conditions } } },
    ],
  };
}
