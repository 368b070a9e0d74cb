// OVN-K's retry cache for pods whose add failed, as the OpenShift 4.18/4.19-era code has it
// (upstream go-controller/pkg/retry/obj_retry.go): nothing retries a pod when another frees an
// address; a loop every 30 s does, after a backoff, up to 15 times.
import type { LogRecord, ReconcileResult, Rng } from '../controller.js';

/**
 * periodicallyRetryResources wakes every RetryObjInterval (30 s); resourceRetry tries an entry whose
 * backoff has passed (initialBackoff 1 s, doubled before each try, maxBackoff 60 s, plus up to
 * 0.5 s of jitter) and drops it after MaxFailedAttempts (15): then only the pod's next event tries
 * again. An event of the pod itself (an update, its node's or NAD's) tries at once and starts the
 * entry over (initRetryObjWithAdd). Upstream retries pods forever since December 2025 (f10deebaf).
 */
export const RETRY_INTERVAL_MS = 30_000;
const INITIAL_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;
const JITTER_MS = 500;
export const MAX_FAILED_ATTEMPTS = 15;

interface RetryEntry {
  failedAttempts: number;
  backoffMs: number;
  /** The tick of the retry loop at which the pod is tried again. */
  retryAtMs: number;
}

export type PodRetries = Map<string, RetryEntry>;

/** Whether this wake-up is the retry loop's (else an event's), and the drop once attempts ran out. */
export function dueRetry(retries: PodRetries, key: string, nowMs: number): { periodic: boolean; dropped?: ReconcileResult } {
  const entry = retries.get(key);
  const periodic = entry !== undefined && nowMs >= entry.retryAtMs;
  if (!periodic || entry.failedAttempts < MAX_FAILED_ATTEMPTS) return { periodic };
  retries.delete(key);
  return { periodic, dropped: { logs: [{ component: 'ovnkube-controller', level: 'warn', message: `dropping retry entry for *v1.Pod ${key}: exceeded number of failed attempts` }] } };
}

export function forgetRetry(retries: PodRetries, key: string): void {
  retries.delete(key);
}

/**
 * Records a failed add and when the retry loop tries it again. An event's failure is logged as an
 * error (AddFunc's "failed to create"); the loop's own attempts log at info level, as upstream's
 * "retry add failed … will try again later".
 */
export function retryLater(retries: PodRetries, key: string, nowMs: number, rng: Rng, periodic: boolean, failure: LogRecord): ReconcileResult {
  const entry = retries.get(key);
  const backoffMs = periodic && entry ? Math.min(entry.backoffMs * 2, MAX_BACKOFF_MS) : INITIAL_BACKOFF_MS;
  const failedAttempts = periodic && entry ? entry.failedAttempts + 1 : 1;
  // Ticks fall on multiples of 30 s of virtual time (the loop starts with the cluster; upstream also
  // restarts its ticker when a node is added). An entry out of attempts is dropped at the next tick,
  // before its backoff is looked at.
  const dueMs = failedAttempts >= MAX_FAILED_ATTEMPTS ? nowMs : nowMs + backoffMs + rng.nextInt(JITTER_MS);
  const retryAtMs = (Math.floor(dueMs / RETRY_INTERVAL_MS) + 1) * RETRY_INTERVAL_MS;
  retries.set(key, { failedAttempts, backoffMs, retryAtMs });
  const log = periodic ? { ...failure, level: 'info' as const, message: `retry add failed for *v1.Pod ${key}, will try again later: ${failure.message}` } : failure;
  return { logs: [log], requeueAfterMs: retryAtMs - nowMs };
}
