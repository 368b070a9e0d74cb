// The contract between the modelled world and the engine (controller-runtime's shape): a controller
// is woken with a key after a modelled delay, reads current state, and returns the writes to make.
import type { KubeObject } from './kube/types.js';
import type { StoreView, WatchEvent } from './store-view.js';
import type { ClusterConfig } from './cluster-config.js';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  fork(name: string): Rng;
}

export type Write =
  | { op: 'create'; object: KubeObject }
  | { op: 'update'; object: KubeObject }
  | { op: 'delete'; kind: string; key: string };

/** A line a component logged (istiod, ztunnel, OVN-K …), stamped by the engine with the virtual time. */
export interface LogRecord {
  component: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  scope?: string;
  message: string;
}

export interface ReconcileResult {
  writes?: Write[];
  /** Wake this key again after this long (kwok-style lifecycles, retries). */
  requeueAfterMs?: number;
  logs?: LogRecord[];
}

export interface ReconcileContext<S> {
  nowMs: number;
  rng: Rng;
  /** The controller's own in-memory state (allocators, cursors), as the real process keeps it. */
  state: S;
  cluster: ClusterConfig;
}

/** What a watch returns when an event wakes none of its keys: shared, so the common case allocates nothing. */
export const NO_KEYS: readonly string[] = Object.freeze([]);

export interface Watch<S = unknown> {
  kind: string;
  /** Which keys of this controller an event wakes. */
  keys: (event: WatchEvent, view: StoreView) => readonly string[];
  /** client-go's event handler keeping a cache of the controller's own up to date (kube-scheduler's
   * pods per node), called with every event of the kind as it happens, before `keys`. */
  observe?: (event: WatchEvent, state: S) => void;
  /** When the keys are due, counted from the event, if later than the controller's delayMs: for a
   * controller whose reconcile would only ask to be requeued until then (kubelet's sandbox set-up). */
  dueInMs?: (event: WatchEvent, ctx: { nowMs: number; cluster: ClusterConfig }) => number;
}

export interface IndexSpec {
  kind: string;
  name: string;
  fn: (object: KubeObject) => readonly string[];
  /** True when `fn` cannot give `object` other values than it gave `old` (the fields it reads are
   * the same): the store then skips recomputing them, the common case of a status write. */
  unchanged?: (object: KubeObject, old: KubeObject) => boolean;
}

export interface Controller<S = unknown> {
  name: string;
  watches: readonly Watch<S>[];
  /** From the watch event to the reconcile (W-7). */
  delayMs: number;
  /** istiod-style debounce: wait for `quietMs` without events, but no longer than `maxMs`. */
  debounce?: { quietMs: number; maxMs: number };
  indexes?: readonly IndexSpec[];
  initialState: () => S;
  reconcile(key: string, view: StoreView, ctx: ReconcileContext<S>): ReconcileResult;
}

/**
 * An admission webhook or policy the API server calls on CREATE (e.g. istiod's sidecar injector):
 * it may change the object or refuse it with the message the client would see.
 */
export type AdmissionHook = (
  object: KubeObject,
  view: StoreView,
  ctx: { nowMs: number; cluster: ClusterConfig },
) => { ok: true; object: KubeObject } | { ok: false; message: string };

/** Lets a list of differently-typed controllers be held together. */
export function controller<S>(spec: Controller<S>): Controller<unknown> {
  return spec as unknown as Controller<unknown>;
}
