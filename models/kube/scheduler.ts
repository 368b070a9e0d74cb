// The scheduler (W-1.4): binds each unscheduled pod to the worker with the fewest pods among those
// matching its nodeSelector; ties are broken with the seeded stream (the real one breaks them at random).
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult, Rng } from '../controller.js';
import type { StoreView, WatchEvent } from '../store-view.js';
import { sharedCondition } from './pods.js';
import { isoAt } from './time.js';
import { memoByText } from '../memo.js';
import type { Condition, Node, Pod } from './types.js';

export const POD_NODE_INDEX = 'pod-node';

/**
 * The scheduler's cache (kube-scheduler keeps one too: NodeInfo with its pods): the nodes by name
 * and how many pods each holds. Counted from the pod-node index whenever a Node was written, then
 * kept up to date by the pod events themselves (`observe`, as kube-scheduler's event handlers do),
 * so a pass reads an array instead of counting 250 nodes' pods. A test holds it equal to the index.
 */
interface State {
  nodeRevision: number;
  nodes: Node[];
  names: string[];
  position: Map<string, number>;
  /** Pods per node, by position in `nodes`. */
  loads: Int32Array;
  /** 1 where the node takes pods (not cordoned), by position in `nodes`. */
  schedulable: Uint8Array;
  /** Scratch for one pass: the positions of the nodes tied for the fewest pods. */
  ties: Int32Array;
}

/** The pod-node index's values: one list per node name, shared by the node's pods. */
const nodeValues = memoByText<readonly string[]>((node) => [node]);

export const scheduler = controller<State>({
  name: 'scheduler',
  delayMs: 0,
  indexes: [
    {
      kind: 'Pod',
      name: POD_NODE_INDEX,
      fn: (p) => ((p as Pod).spec.nodeName ? nodeValues((p as Pod).spec.nodeName!) : NO_KEYS),
      unchanged: (p, old) => (p as Pod).spec.nodeName === (old as Pod).spec.nodeName,
    },
  ],
  watches: [{ kind: 'Pod', keys: (e) => (e.type !== 'DELETED' && !(e.object as Pod).spec.nodeName ? [e.key] : NO_KEYS), observe: countPod }],
  initialState: () => ({ nodeRevision: -1, nodes: [], names: [], position: new Map(), loads: new Int32Array(0), schedulable: new Uint8Array(0), ties: new Int32Array(0) }),
  reconcile: (key, view, ctx) => schedulePod(key, view, ctx.rng, isoAt(ctx.cluster.epochMs, ctx.nowMs), synced(view, ctx.state)),
});

/** The scheduler's count of pods per node, brought up to date (for tests: it must equal the index's). */
export function schedulerLoads(view: StoreView, state: unknown): ReadonlyMap<string, number> {
  const current = synced(view, state as State);
  return new Map(current.names.map((name, i) => [name, current.loads[i]!]));
}

/** A pod event moves a pod between nodes' counts (the pod-node index's values: its nodeName). Before
 * the first count, or for a node not counted yet, there is nothing to move: the next count sees it. */
function countPod(event: WatchEvent, state: State): void {
  const before = event.type === 'ADDED' ? undefined : (event.old as Pod | undefined)?.spec.nodeName;
  const now = event.type === 'DELETED' ? undefined : (event.object as Pod).spec.nodeName;
  if (before === now) return;
  const from = before === undefined ? undefined : state.position.get(before);
  const to = now === undefined ? undefined : state.position.get(now);
  if (from !== undefined) state.loads[from]!--;
  if (to !== undefined) state.loads[to]!++;
}

function synced(view: StoreView, state: State): State {
  const nodeRevision = view.revision('Node');
  if (nodeRevision !== state.nodeRevision) {
    state.nodes = view.list<Node>('Node').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    state.names = state.nodes.map((n) => n.metadata.name);
    state.position = new Map(state.names.map((name, i) => [name, i]));
    state.loads = Int32Array.from(view.countsByIndex('Pod', POD_NODE_INDEX, state.names));
    state.schedulable = Uint8Array.from(state.nodes, (n) => (n.spec?.unschedulable ? 0 : 1));
    state.ties = new Int32Array(state.nodes.length);
    state.nodeRevision = nodeRevision;
  }
  return state;
}

function schedulePod(key: string, view: StoreView, rng: Rng, nowIso: string, { nodes, loads, schedulable, ties }: State): ReconcileResult {
  const pod = view.get<Pod>('Pod', key);
  if (!pod || pod.spec.nodeName) return {};
  const selector = pod.spec.nodeSelector ? Object.entries(pod.spec.nodeSelector) : [];
  // The least-loaded schedulable nodes that match the selector, in name order, gathered in one
  // pass into the state's scratch array (no list built per pod); the stream picks one of them.
  const fits = (i: number) => schedulable[i] === 1 && (selector.length === 0 || selector.every(([k, v]) => nodes[i]!.metadata.labels?.[k] === v));
  let least = Infinity;
  let tied = 0;
  for (let i = 0; i < nodes.length; i++) {
    const load = loads[i]!;
    if (load > least || !fits(i)) continue;
    if (load < least) {
      least = load;
      tied = 0;
    }
    ties[tied++] = i;
  }
  if (tied === 0) return {};
  const node = nodes[ties[rng.nextInt(tied)]!]!;
  const conditions = scheduledConditions(nowIso);
  return {
    writes: [
      // Object.assign, not spreads: nodeName and conditions are new keys (see kubelet's startPod).
      { op: 'update', object: { ...pod, spec: Object.assign({}, pod.spec, { nodeName: node.metadata.name }), status: Object.assign({}, pod.status, { conditions }) } },
    ],
  };
}

/** The conditions of a pod bound in this second: one list shared by all of them (kubelet's lists
 * then derive from it once, see its derivedConditions); not frozen, as kubelet's are not. */
function scheduledConditions(nowIso: string): Condition[] {
  if (lastScheduled.nowIso !== nowIso) lastScheduled = { nowIso, conditions: [sharedCondition('PodScheduled', 'True', nowIso)] };
  return lastScheduled.conditions;
}

let lastScheduled: { nowIso: string; conditions: Condition[] } = { nowIso: '', conditions: [] };
