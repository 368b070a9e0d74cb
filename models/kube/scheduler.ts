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
  names: string[];
}

export const scheduler = controller<State>({
  name: 'scheduler',
  delayMs: 0,
  indexes: [
    {
      kind: 'Pod',
      name: POD_NODE_INDEX,
      fn: (p) => ((p as Pod).spec.nodeName ? [(p as Pod).spec.nodeName!] : []),
      unchanged: (p, old) => (p as Pod).spec.nodeName === (old as Pod).spec.nodeName,
    },
  ],
  watches: [{ kind: 'Pod', keys: (e) => (e.type !== 'DELETED' && !(e.object as Pod).spec.nodeName ? [e.key] : []) }],
  initialState: () => ({ revision: -1, nodes: [], names: [] }),
  reconcile: (key, view, ctx) => schedulePod(key, view, ctx.rng, isoAt(ctx.cluster.epochMs, ctx.nowMs), sortedNodes(view, ctx.state)),
});

/** The nodes by name, recomputed only when a Node was written (the scheduler's node cache). */
function sortedNodes(view: StoreView, state: State): State {
  const revision = view.revision('Node');
  if (revision !== state.revision) {
    state.nodes = view.list<Node>('Node').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    state.names = state.nodes.map((n) => n.metadata.name);
    state.revision = revision;
  }
  return state;
}

function schedulePod(key: string, view: StoreView, rng: Rng, nowIso: string, { nodes, names }: State): ReconcileResult {
  const pod = view.get<Pod>('Pod', key);
  if (!pod || pod.spec.nodeName) return {};
  const selector = pod.spec.nodeSelector ? Object.entries(pod.spec.nodeSelector) : [];
  const fits = selector.length ? nodes.filter((n) => selector.every(([k, v]) => n.metadata.labels?.[k] === v)) : nodes;
  const loads = view.countsByIndex('Pod', POD_NODE_INDEX, fits === nodes ? names : fits.map((n) => n.metadata.name));
  // The least-loaded schedulable nodes, in name order.
  let least = Infinity;
  const tied: Node[] = [];
  for (let i = 0; i < fits.length; i++) {
    const node = fits[i]!;
    if (node.spec?.unschedulable || loads[i]! > least) continue;
    if (loads[i]! < least) {
      least = loads[i]!;
      tied.length = 0;
    }
    tied.push(node);
  }
  if (tied.length === 0) return {};
  const node = tied[rng.nextInt(tied.length)]!;
  const conditions = [{ type: 'PodScheduled', status: 'True' as const, lastTransitionTime: nowIso }];
  return {
    writes: [
      { op: 'update', object: { ...pod, spec: { ...pod.spec, nodeName: node.metadata.name }, status: { ...pod.status, conditions } } },
    ],
  };
}
