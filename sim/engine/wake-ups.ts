// A key's wake-ups as the engine queues them: the reconcile queued for it per controller, and the
// rate-limited retry waiting for its time (client-go's workqueue and its delaying queue's waiting
// entries), in objects the event queue runs without a closure each.
import type { Controller } from '../../models/controller.js';
import type { StoredEntry } from '../store/api-store.js';
import type { QueuedEvent } from './event-queue.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Rng } from './rng.js';

/** A controller as the engine runs it. */
export interface Running {
  spec: Controller<unknown>;
  state: unknown;
  rng: Rng;
  /** Its place in every key's slots (see Simulation.pending). */
  index: number;
  /** When its failed syncs are retried (its workqueue's rate limiter). */
  limiter: RateLimiter;
}

/** What runs a woken key: the engine. */
export interface Syncer {
  reconcileKey(running: Running, key: string, slots: Slots): void;
  wakeForRetry(running: Running, key: string, slots: Slots): void;
}

/** A key's wake-ups: per controller (by index) the one reconcile queued for it, and the key's stored
 * entry as its last event showed it (the store's read hint while the key is reconciled). */
export class Slots {
  readonly queued: Array<ReconcileEvent | undefined> = [];
  entry: StoredEntry | undefined = undefined;
  /** Per controller (by index), until when a sync of this key waits for a write's answer (a webhook's
   * time-out): a wake-up meanwhile runs when it is over (client-go queues a key being processed again
   * only once it is done). Made the first time a sync of the key waits. */
  busyUntilMs: Array<number | undefined> | undefined = undefined;
  /** Per controller (by index), the rate-limited requeue of this key waiting for its time. Made the
   * first time a sync of the key fails. */
  retries: Array<RetryEvent | undefined> | undefined = undefined;
}

/** A controller's wake-up for one key: the queued event and the pending entry in one object. */
export class ReconcileEvent implements QueuedEvent {
  seq = 0;
  /** Replaced in its slot by a wake-up at another time: it stays queued, and does nothing when run. */
  superseded = false;
  constructor(
    readonly atMs: number,
    readonly firstEventMs: number,
    private readonly sim: Syncer,
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

/**
 * A failed key's rate-limited requeue (AddRateLimited), waiting apart from the key's other wake-ups
 * as client-go's delaying queue keeps it among its waiting entries: an event meanwhile still syncs
 * the key, and the retry still wakes it when due (a later retry asked for meanwhile folds into the
 * earlier one).
 */
export class RetryEvent implements QueuedEvent {
  seq = 0;
  superseded = false;
  constructor(
    readonly atMs: number,
    private readonly sim: Syncer,
    private readonly running: Running,
    private readonly key: string,
    private readonly slots: Slots,
  ) {}

  get label(): string {
    return `${this.running.spec.name} retry`;
  }

  run(): void {
    if (this.superseded) return;
    this.slots.retries![this.running.index] = undefined;
    this.sim.wakeForRetry(this.running, this.key, this.slots);
  }
}
