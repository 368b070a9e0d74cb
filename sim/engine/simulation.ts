// The engine: a virtual clock, the event queue, the API store and the controllers it wakes.
// Writes are applied at once; watch events wake controllers after their modelled delay (W-7). A sync
// that fails is retried through its controller's rate limiter (client-go's workqueue).
import type { AdmissionHook, AdmissionRefusal, Controller, LogRecord, ReconcileContext, ReconcileResult, Write, WriteOutcome } from '../../models/controller.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { KubeObject } from '../../models/kube/types.js';
import { ApiStore, type StoredEntry } from '../store/api-store.js';
import { EventQueue } from './event-queue.js';
import { DEFAULT_RETRY, RateLimiter } from './rate-limiter.js';
import { createRng, type Rng } from './rng.js';
import { ReconcileEvent, RetryEvent, Slots, type Running } from './wake-ups.js';

export interface TimedLog extends LogRecord {
  atMs: number;
}

/** A controller's watch of one kind, with the last other key it woke and that key's slots. */
interface WatchRecord {
  running: Running;
  watch: Controller['watches'][number];
  lastKey: string | undefined;
  lastSlots: Slots | undefined;
}

export class Simulation {
  readonly store: ApiStore;
  readonly logs: TimedLog[] = [];
  private readonly queue = new EventQueue();
  private readonly controllers: Running[] = [];
  /**
   * Per key, each controller's queued reconcile of it (client-go's workqueue dedupes the same way).
   * One map for all controllers: the watchers of a write mostly queue the written key, whose slots
   * its store entry also keeps (found without a lookup), and a run clears its slot without a lookup.
   * A key's slots stay once it was queued (a small array per key, as the store's deltas stay).
   */
  private readonly pending = new Map<string, Slots>();
  private readonly admissionHooks: AdmissionHook[] = [];
  private readonly byKind = new Map<string, WatchRecord[]>();
  private now = 0;
  private lastWriteMs = 0;
  private eventsRun = 0;
  private progress: ((events: number, nowMs: number) => void) | undefined;

  constructor(
    readonly cluster: ClusterConfig,
    private readonly rng: Rng,
  ) {
    this.store = new ApiStore(() => this.now, cluster.epochMs, rng.fork('uid'), rng.fork('names'));
    this.store.onEvent((event, entry) => {
      const watchers = this.byKind.get(event.kind);
      if (watchers === undefined) return;
      // Index loops: this runs for every write, for a dozen watchers each. Most watchers that wake
      // anything wake the written key itself: its slots are kept with its store entry.
      let ownSlots: Slots | undefined;
      for (let i = 0; i < watchers.length; i++) {
        const record = watchers[i]!;
        const { running, watch } = record;
        watch.observe?.(event, running.state);
        const keys = watch.keys(event, this.store);
        if (keys.length === 0) continue;
        const delayMs = watch.dueInMs === undefined ? running.spec.delayMs : Math.max(running.spec.delayMs, watch.dueInMs(event, this));
        for (let k = 0; k < keys.length; k++) {
          const key = keys[k]!;
          if (key === event.key) this.enqueue(running, key, delayMs, (ownSlots ??= this.entrySlots(entry)));
          else {
            // Another key (an owner, istiod's push): often the one this watch woke last time.
            if (key !== record.lastKey) {
              record.lastKey = key;
              record.lastSlots = this.slotsOf(key);
            }
            this.enqueue(running, key, delayMs, record.lastSlots!);
          }
        }
      }
    });
  }

  static create(cluster: ClusterConfig, seed: number): Simulation {
    return new Simulation(cluster, createRng(seed));
  }

  /** A stream of its own for a consumer outside the controllers (admission, probes). */
  forkRng(name: string): Rng {
    return this.rng.fork(name);
  }

  get nowMs(): number {
    return this.now;
  }

  /** When the world last changed: the moment the cluster settled, once the queue has drained. */
  get lastChangeMs(): number {
    return this.lastWriteMs;
  }

  addController(spec: Controller<unknown>): void {
    const running: Running = {
      spec,
      state: spec.initialState(),
      rng: this.rng.fork(`controller:${spec.name}`),
      index: this.controllers.length,
      limiter: new RateLimiter(spec.retry ?? DEFAULT_RETRY),
    };
    this.controllers.push(running);
    for (const index of spec.indexes ?? []) this.store.addIndex(index.kind, index.name, index.fn, index.unchanged);
    for (const watch of spec.watches) {
      let list = this.byKind.get(watch.kind);
      if (!list) this.byKind.set(watch.kind, (list = []));
      list.push({ running, watch, lastKey: undefined, lastSlots: undefined });
    }
  }

  addAdmissionHook(hook: AdmissionHook): void {
    this.admissionHooks.push(hook);
  }

  /** Runs `action` at virtual time `atMs` (used for `apply` steps and probes). */
  at(atMs: number, label: string, action: () => void): void {
    if (atMs < this.now) throw new Error(`cannot schedule "${label}" at ${atMs} ms: the clock is at ${this.now} ms`);
    this.queue.push(atMs, label, action);
  }

  /** Applies writes as `actor` (an apply step, a test): each one, whatever the API server answers the
   * others; a refusal is logged at once (`oc apply` does not wait out a webhook's time-out here). */
  applyWrites(actor: string, writes: readonly Write[]): void {
    for (const write of writes) {
      const answer = this.applyWrite(write);
      if (isRefusal(answer)) this.logRefusal(actor, answer);
    }
  }

  /** Processes every event up to and including `untilMs`; the clock then stands at `untilMs`. */
  runUntil(untilMs: number): void {
    if (untilMs < this.now) throw new Error(`cannot run back in time to ${untilMs} ms from ${this.now} ms`);
    this.drain(untilMs);
    this.now = untilMs;
  }

  /** Runs until nothing is left to do, or `limitMs` is reached; returns whether it drained. */
  runUntilSettled(limitMs: number): boolean {
    this.drain(limitMs);
    return this.queue.size === 0;
  }

  /** `report(eventsProcessed, nowMs)` every 10 000 events. */
  onProgress(report: (events: number, nowMs: number) => void): void {
    this.progress = report;
  }

  private drain(limitMs: number): void {
    for (let event = this.queue.peek(); event && event.atMs <= limitMs; event = this.queue.peek()) {
      this.queue.pop();
      this.now = event.atMs;
      event.run();
      if (++this.eventsRun % 10_000 === 0) this.progress?.(this.eventsRun, this.now);
    }
  }

  /** The key's slots, made when the key is first queued. */
  private slotsOf(key: string): Slots {
    let slots = this.pending.get(key);
    if (slots === undefined) this.pending.set(key, (slots = new Slots()));
    return slots;
  }

  /** The slots of an event's own key, found through its store entry after the first time. */
  private entrySlots(entry: StoredEntry): Slots {
    let slots = entry.listenerState as Slots | undefined;
    if (slots === undefined) entry.listenerState = slots = this.slotsOf(entry.key);
    slots.entry = entry;
    return slots;
  }

  private enqueue(running: Running, key: string, delayMs: number, slots: Slots): void {
    const existing = slots.queued[running.index];
    const debounce = running.spec.debounce;
    let atMs = this.now + delayMs;
    const busyUntilMs = slots.busyUntilMs?.[running.index];
    if (busyUntilMs !== undefined && atMs < busyUntilMs) atMs = busyUntilMs;
    let firstEventMs = this.now;
    if (existing) {
      if (debounce) {
        firstEventMs = existing.firstEventMs;
        atMs = Math.min(Math.max(existing.atMs, this.now + debounce.quietMs), firstEventMs + debounce.maxMs);
      } else {
        atMs = Math.min(existing.atMs, atMs);
      }
      if (atMs === existing.atMs) return;
      existing.superseded = true;
    } else if (debounce) {
      atMs = this.now + debounce.quietMs;
    }
    const event = new ReconcileEvent(atMs, firstEventMs, this, running, key, slots);
    slots.queued[running.index] = event;
    this.queue.add(event);
  }

  /** Runs a controller's reconcile of `key` now (called by its queued ReconcileEvent). */
  reconcileKey(running: Running, key: string, slots?: Slots): void {
    this.store.expectRead(slots?.entry);
    let result: ReconcileResult;
    try {
      result = running.spec.reconcile(key, this.store, this.contextFor(running, key));
    } finally {
      this.store.expectRead(undefined);
    }
    this.pushLogs(result.logs);
    if (!result.writes?.length) return this.finishSync(running, key, slots, result, result.error);
    const outcomes: WriteOutcome[] | undefined = result.afterWrites ? [] : undefined;
    const refusal = this.applySyncWrites(result.writes, outcomes);
    const heldMs = refusal?.afterMs ?? 0;
    if (heldMs === 0) return this.answerSync(running, key, slots, result, outcomes, refusal);
    // The API server answers when the webhook's time-out is over: the sync goes on from then.
    const held = slots ?? this.slotsOf(key);
    (held.busyUntilMs ??= [])[running.index] = this.now + heldMs;
    this.queue.push(this.now + heldMs, `${running.spec.name}: answer to ${key}`, () => {
      held.busyUntilMs![running.index] = undefined;
      this.answerSync(running, key, held, result, outcomes, refusal);
    });
  }

  private contextFor(running: Running, key: string): ReconcileContext<unknown> {
    return { nowMs: this.now, rng: running.rng, state: running.state, cluster: this.cluster, requeues: running.limiter.requeues(key) };
  }

  /** The sync once its writes are answered: the refusal (logged now, as the API server answers) and
   * the rest of the sync given the outcomes. */
  private answerSync(running: Running, key: string, slots: Slots | undefined, result: ReconcileResult, outcomes: WriteOutcome[] | undefined, refusal: Refused | undefined): void {
    if (refusal) this.logRefusal(running.spec.name, refusal);
    let error = refusal?.message ?? result.error;
    let requeueAfterMs = result.requeueAfterMs;
    if (result.afterWrites) {
      const rest = result.afterWrites(outcomes!, this.now);
      this.pushLogs(rest.logs);
      const restRefusal = rest.writes?.length ? this.applySyncWrites(rest.writes, undefined) : undefined;
      if (restRefusal) this.logRefusal(running.spec.name, restRefusal);
      error ??= restRefusal?.message ?? rest.error;
      requeueAfterMs ??= rest.requeueAfterMs;
    }
    this.finishSync(running, key, slots, { requeueAfterMs }, error);
  }

  /** client-go's processNextWorkItem after the sync: forget the key on success, else requeue it rate
   * limited (or drop it once it has failed the controller's maxRetries in a row). */
  private finishSync(running: Running, key: string, slots: Slots | undefined, result: { requeueAfterMs?: number }, error: string | undefined): void {
    if (error !== undefined) {
      const maxRetries = running.spec.retry?.maxRetries;
      if (maxRetries !== undefined && running.limiter.requeues(key) >= maxRetries) return running.limiter.forget(key);
      return this.waitToRetry(running, key, running.limiter.whenMs(key, this.now), slots ?? this.slotsOf(key));
    }
    running.limiter.forget(key);
    if (result.requeueAfterMs !== undefined) {
      if (!(result.requeueAfterMs > 0)) throw new Error(`${running.spec.name} requeued ${key} after ${result.requeueAfterMs} ms`);
      this.enqueue(running, key, result.requeueAfterMs, slots ?? this.slotsOf(key));
    }
  }

  private waitToRetry(running: Running, key: string, delayMs: number, slots: Slots): void {
    const retries = (slots.retries ??= []);
    const atMs = this.now + delayMs;
    const existing = retries[running.index];
    if (existing) {
      if (existing.atMs <= atMs) return;
      existing.superseded = true;
    }
    const event = new RetryEvent(atMs, this, running, key, slots);
    retries[running.index] = event;
    this.queue.add(event);
  }

  /** A retry is due: the key is queued now, as an event would queue it (called by its RetryEvent). */
  wakeForRetry(running: Running, key: string, slots: Slots): void {
    this.enqueue(running, key, 0, slots);
  }

  private pushLogs(logs: readonly LogRecord[] | undefined): void {
    if (logs) for (const log of logs) this.logs.push({ ...log, atMs: this.now });
  }

  /** A sync's writes, in order, until the API server refuses one (returned); each answer
   * is added to `outcomes` when the sync asked for them. */
  private applySyncWrites(writes: readonly Write[], outcomes: WriteOutcome[] | undefined): Refused | undefined {
    for (const write of writes) {
      const answer = this.applyWrite(write);
      if (isRefusal(answer)) {
        outcomes?.push({ ok: false, write, message: answer.message });
        return answer;
      }
      outcomes?.push({ ok: true, write, object: answer });
    }
    return undefined;
  }

  /** One write: the object as stored (undefined for a delete), or the admission chain's refusal. */
  private applyWrite(write: Write): KubeObject | undefined | Refused {
    this.lastWriteMs = this.now;
    if (write.op === 'delete') {
      this.store.delete(write.kind, write.key);
      return undefined;
    }
    if (write.op === 'update') return this.store.update(write.object);
    let object = write.object;
    for (const hook of this.admissionHooks) {
      const admitted = hook(object, this.store, { nowMs: this.now, cluster: this.cluster });
      if (!admitted.ok) return { ok: false, message: admitted.message, afterMs: admitted.afterMs, object };
      object = admitted.object;
    }
    return this.store.create(object);
  }

  /** The API server's error line for a refused CREATE (the client gets the message itself). */
  private logRefusal(actor: string, refusal: Refused): void {
    const { namespace, name, generateName } = refusal.object.metadata;
    const shown = `${namespace ? `${namespace}/` : ''}${name || `${generateName ?? ''}*`}`;
    this.logs.push({ atMs: this.now, component: 'kube-apiserver', level: 'error', message: `${actor}: create ${refusal.object.kind} ${shown}: ${refusal.message}` });
  }
}

/** A refused CREATE, with the object as the client sent it. */
interface Refused extends AdmissionRefusal {
  object: KubeObject;
}

function isRefusal(answer: KubeObject | undefined | Refused): answer is Refused {
  return answer !== undefined && answer.ok === false;
}
