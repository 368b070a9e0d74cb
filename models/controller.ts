// The contract between the modelled world and the engine (controller-runtime's shape): a controller
// is woken with a key after a modelled delay, reads current state, and returns the writes to make;
// a sync that fails is retried by the engine (client-go's rate-limited workqueue).
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

/** The API server's answer to one write: the object as stored (its generated name, uid and every
 * admission change; undefined for a delete), or the error the client sees. */
export type WriteOutcome =
  | { ok: true; write: Write; object: KubeObject | undefined }
  | { ok: false; write: Write; message: string };

export interface ReconcileResult {
  /** Applied in order; the sync stops at the first one the API server refuses (a Go sync returns its
   * first error), so a write placed after another is made only if that one succeeded. */
  writes?: Write[];
  /**
   * The rest of the sync, once the API server has answered its writes (client-go's calls return the
   * stored object or the error): events naming a generated pod, a status condition carrying the
   * error. Called with one outcome per write attempted, in order, and the virtual time then (a write
   * held by a webhook's time-out answers later). Its own writes are applied as part of the same sync.
   */
  afterWrites?: (outcomes: readonly WriteOutcome[], nowMs: number) => Omit<ReconcileResult, 'afterWrites'>;
  /** Wake this key again after this long (kwok-style lifecycles, periodic checks). */
  requeueAfterMs?: number;
  logs?: LogRecord[];
  /** The sync failed (a refused write fails it too): the engine requeues the key through the
   * controller's rate limiter, and forgets the key's failures once a sync succeeds. */
  error?: string;
}

/** client-go's workqueue rate limiter for a controller's failed syncs, and its controller's give-up. */
export interface RetryPolicy {
  /** Per key: baseDelayMs·2ⁿ⁻¹ after its n-th failure in a row, at most maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A token bucket shared by all keys of the controller; the larger delay wins. */
  bucket?: { qps: number; burst: number };
  /** Drop a key that failed this many retries in a row until its next event (handleErr's
   * `NumRequeues(key) < maxRetries`); unset: retry for ever. */
  maxRetries?: number;
}

export interface ReconcileContext<S> {
  nowMs: number;
  rng: Rng;
  /** The controller's own in-memory state (allocators, cursors), as the real process keeps it. */
  state: S;
  cluster: ClusterConfig;
  /** How many times the key was requeued after a failed sync since one last succeeded (client-go's
   * NumRequeues); the engine always sets it, a test calling reconcile may leave it out (none). */
  requeues?: number;
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
  /** How failed syncs are retried; client-go's DefaultControllerRateLimiter when unset. */
  retry?: RetryPolicy;
  initialState: () => S;
  reconcile(key: string, view: StoreView, ctx: ReconcileContext<S>): ReconcileResult;
}

/**
 * An admission webhook or policy the API server calls on CREATE (e.g. istiod's sidecar injector):
 * it may change the object or refuse it with the message the client would see, after `afterMs` when
 * the call waited out a time-out.
 */
export type AdmissionHook = (
  object: KubeObject,
  view: StoreView,
  ctx: { nowMs: number; cluster: ClusterConfig },
) => { ok: true; object: KubeObject } | AdmissionRefusal;

export interface AdmissionRefusal {
  ok: false;
  message: string;
  afterMs?: number;
}

/** Lets a list of differently-typed controllers be held together. */
export function controller<S>(spec: Controller<S>): Controller<unknown> {
  return spec as unknown as Controller<unknown>;
}
