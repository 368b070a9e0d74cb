// The engine: a virtual clock, the event queue, the API store and the controllers it wakes.
// Writes are applied at once; watch events wake controllers after their modelled delay (W-7).
import type { AdmissionHook, Controller, LogRecord, ReconcileResult, Write } from '../../models/controller.js';
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { KubeObject } from '../../models/kube/types.js';
import { recordEvent } from '../../models/kube/events.js';
import { isoAt } from '../../models/kube/time.js';
import { ApiStore, type StoredEntry } from '../store/api-store.js';
import { EventQueue, type QueuedEvent } from './event-queue.js';
import { createRng, type Rng } from './rng.js';

export interface TimedLog extends LogRecord {
  atMs: number;
}

interface Running {
  spec: Controller<unknown>;
  state: unknown;
  rng: Rng;
  /** Its place in every key's slots (see Simulation.pending). */
  index: number;
}

/** A controller's watch of one kind, with the last other key it woke and that key's slots. */
interface WatchRecord {
  running: Running;
  watch: Controller['watches'][number];
  lastKey: string | undefined;
  lastSlots: Slots | undefined;
}

/** A key's wake-ups: per controller (by index) the one reconcile queued for it, and the key's stored
 * entry as its last event showed it (the store's read hint while the key is reconciled). */
class Slots {
  readonly queued: Array<ReconcileEvent | undefined> = [];
  entry: StoredEntry | undefined = undefined;
}

/** A controller's wake-up for one key: the queued event and the pending entry in one object. */
class ReconcileEvent implements QueuedEvent {
  seq = 0;
  /** Replaced in its slot by a wake-up at another time: it stays queued, and does nothing when run. */
  superseded = false;
  constructor(
    readonly atMs: number,
    readonly firstEventMs: number,
    private readonly sim: Simulation,
    private readonly running: Running,
    private readonly key: string,
    /** The key's slots, which hold this event under its controller's index until it runs. */
    private readonly slots: Slots,
  ) {}

  get label(): string {
    return this.running.spec.name;
  }

  run(): void {
    if (this.superseded) return;
    this.slots.queued[this.running.index] = undefined;
    this.sim.reconcileKey(this.running, this.key, this.slots);
  }
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
  private actor = 'apply';

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
    const running: Running = { spec, state: spec.initialState(), rng: this.rng.fork(`controller:${spec.name}`), index: this.controllers.length };
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

  /** Applies writes as `actor` (an apply step, a controller). */
  applyWrites(actor: string, writes: readonly Write[]): void {
    const previous = this.actor;
    this.actor = actor;
    try {
      for (const write of writes) this.applyWrite(write);
    } finally {
      this.actor = previous;
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
      result = running.spec.reconcile(key, this.store, {
        nowMs: this.now,
        rng: running.rng,
        state: running.state,
        cluster: this.cluster,
      });
    } finally {
      this.store.expectRead(undefined);
    }
    for (const log of result.logs ?? []) this.logs.push({ ...log, atMs: this.now });
    if (result.writes?.length) this.applyWrites(running.spec.name, result.writes);
    if (result.requeueAfterMs !== undefined) {
      if (!(result.requeueAfterMs > 0)) throw new Error(`${running.spec.name} requeued ${key} after ${result.requeueAfterMs} ms`);
      this.enqueue(running, key, result.requeueAfterMs, slots ?? this.slotsOf(key));
    }
  }

  private applyWrite(write: Write): void {
    this.lastWriteMs = this.now;
    if (write.op === 'delete') {
      this.store.delete(write.kind, write.key);
      return;
    }
    let object = write.object;
    if (write.op === 'create') {
      for (const hook of this.admissionHooks) {
        const admitted = hook(object, this.store, { nowMs: this.now, cluster: this.cluster });
        if (!admitted.ok) return this.refuse(object, admitted.message);
        object = admitted.object;
      }
    }
    if (write.op === 'create') this.store.create(object);
    else this.store.update(object);
  }

  /** A refused CREATE: the API server's error, and the FailedCreate event a controller would post. */
  private refuse(object: KubeObject, message: string): void {
    const ns = object.metadata.namespace;
    const name = object.metadata.name || `${object.metadata.generateName ?? ''}*`;
    this.logs.push({ atMs: this.now, component: 'kube-apiserver', level: 'error', message: `${this.actor}: create ${object.kind} ${ns ? `${ns}/` : ''}${name}: ${message}` });
    const owner = object.metadata.ownerReferences?.[0];
    if (!owner) return;
    const nowIso = isoAt(this.cluster.epochMs, this.now);
    const involved = this.store.get(owner.kind, ns ? `${ns}/${owner.name}` : owner.name);
    if (!involved) return;
    this.applyWrite(recordEvent(this.store, { involved, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${message}`, component: this.actor, nowIso }));
  }
}
