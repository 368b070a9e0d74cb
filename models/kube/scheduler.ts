// The scheduler (W-1.4): binds each unscheduled pod to the least-loaded worker its nodeSelector and
// required node affinity admit (a cordoned one only if it tolerates that), ties broken by the seeded
// stream (the real one picks at random); each binding records Scheduled (schedule_one.go).
import { controller, NO_KEYS } from '../controller.js';
import type { ReconcileResult, Rng } from '../controller.js';
import type { StoreView, WatchEvent } from '../store-view.js';
import { microTimeAt, recordEvent } from './events.js';
import { sharedCondition } from './pods.js';
import { isoAt } from './time.js';
import { memoByText } from '../memo.js';
import type { Condition, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from './types.js';

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
  reconcile: (key, view, ctx) => schedulePod(key, view, ctx.rng, ctx.cluster.epochMs, ctx.nowMs, synced(view, ctx.state)),
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

function schedulePod(key: string, view: StoreView, rng: Rng, epochMs: number, nowMs: number, state: State): ReconcileResult {
  const pod = view.get<Pod>('Pod', key);
  if (!pod || pod.spec.nodeName) return {};
  const node = pod.spec.affinity === undefined && pod.spec.tolerations === undefined ? leastLoaded(pod, rng, state) : placeConstrained(pod, rng, state);
  if (node === undefined) return {};
  const conditions = scheduledConditions(isoAt(epochMs, nowMs));
  // Joined flat: 50 000 of these are kept.
  const message = ['Successfully assigned ', String(pod.metadata.namespace), '/', pod.metadata.name, ' to ', node.metadata.name].join('');
  return {
    writes: [
      // Object.assign, not spreads: nodeName and conditions are new keys (see kubelet's startPod).
      { op: 'update', object: { ...pod, spec: Object.assign({}, pod.spec, { nodeName: node.metadata.name }), status: Object.assign({}, pod.status, { conditions }) } },
      // After the binding, so it is recorded only if the binding went through.
      recordEvent(view, { involved: pod, type: 'Normal', reason: 'Scheduled', message, component: 'default-scheduler', nowIso: microTimeAt(epochMs, nowMs), action: 'Binding' }),
    ],
  };
}

/** The usual pod: the least-loaded schedulable nodes that match its nodeSelector, gathered in one pass
 * into the state's scratch array (no list built per pod); the stream picks one of them. */
function leastLoaded(pod: Pod, rng: Rng, { nodes, loads, schedulable, ties }: State, fitsMore?: (node: Node) => boolean, cordonedToo = false): Node | undefined {
  const selector = pod.spec.nodeSelector ? Object.entries(pod.spec.nodeSelector) : [];
  const fits = (i: number) =>
    (cordonedToo || schedulable[i] === 1) && (selector.length === 0 || selector.every(([k, v]) => nodes[i]!.metadata.labels?.[k] === v)) && (fitsMore === undefined || fitsMore(nodes[i]!));
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
  if (tied === 0) return undefined;
  return nodes[ties[rng.nextInt(tied)]!];
}

/** A pod with a required node affinity or tolerations. One pinned to a node by name (a DaemonSet's)
 * goes there if it fits, without drawing from the stream. */
function placeConstrained(pod: Pod, rng: Rng, state: State): Node | undefined {
  const cordonedToo = toleratesUnschedulable(pod);
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const pinned = terms?.length === 1 ? pinnedName(terms[0]!) : undefined;
  if (pinned === undefined) return leastLoaded(pod, rng, state, terms === undefined ? undefined : (node) => terms.some((term) => termMatches(term, node)), cordonedToo);
  const i = state.position.get(pinned);
  if (i === undefined || !(cordonedToo || state.schedulable[i] === 1)) return undefined;
  const node = state.nodes[i]!;
  return Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => node.metadata.labels?.[k] === v) ? node : undefined;
}

/** The node a term names when it is only `metadata.name In [one name]`. */
function pinnedName(term: NodeSelectorTerm): string | undefined {
  const field = term.matchFields?.length === 1 && !term.matchExpressions?.length ? term.matchFields[0]! : undefined;
  return field?.key === 'metadata.name' && field.operator === 'In' && field.values?.length === 1 ? field.values[0] : undefined;
}

/** A node selector term (v1 helper MatchNodeSelectorTerms): every requirement holds; an empty term matches nothing. */
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  if (!term.matchExpressions?.length && !term.matchFields?.length) return false;
  const labels = node.metadata.labels ?? {};
  return (term.matchExpressions ?? []).every((r) => requirementHolds(r, labels[r.key])) && (term.matchFields ?? []).every((r) => r.key === 'metadata.name' && requirementHolds(r, node.metadata.name));
}

function requirementHolds(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const [have, bound] = [Number.parseInt(value ?? '', 10), Number.parseInt(values[0] ?? '', 10)];
      if (Number.isNaN(have) || Number.isNaN(bound)) return false;
      return requirement.operator === 'Gt' ? have > bound : have < bound;
    }
  }
}

/** Whether the pod tolerates the taint a cordoned node carries (node.kubernetes.io/unschedulable:NoSchedule). */
function toleratesUnschedulable(pod: Pod): boolean {
  return (pod.spec.tolerations ?? []).some(
    (t) => (t.key === 'node.kubernetes.io/unschedulable' || (!t.key && t.operator === 'Exists')) && (t.effect === undefined || t.effect === 'NoSchedule') && (t.operator === 'Exists' || !t.value),
  );
}

/** The conditions of a pod bound in this second: one list shared by all of them (kubelet's lists
 * then derive from it once, see its derivedConditions); not frozen, as kubelet's are not. */
function scheduledConditions(nowIso: string): Condition[] {
  if (lastScheduled.nowIso !== nowIso) lastScheduled = { nowIso, conditions: [sharedCondition('PodScheduled', 'True', nowIso)] };
  return lastScheduled.conditions;
}

let lastScheduled: { nowIso: string; conditions: Condition[] } = { nowIso: '', conditions: [] };
