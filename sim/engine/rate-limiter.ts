// How long a controller waits before it retries a key whose sync failed: client-go's workqueue rate
// limiters (util/workqueue/default_rate_limiters.go) in virtual milliseconds. The default is
// DefaultControllerRateLimiter: the larger of a per-key exponential back-off and a token bucket that
// every failed key of the controller draws from.
import type { RetryPolicy } from '../../models/controller.js';

/** DefaultControllerRateLimiter: 5 ms·2ⁿ per key up to 1 000 s, and 10 qps with a burst of 100. */
export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 5, maxDelayMs: 1_000_000, bucket: { qps: 10, burst: 100 } };

export class RateLimiter {
  /** Per key, how many times it was requeued since it was last forgotten (ItemExponentialFailureRateLimiter's failures). */
  private readonly failures = new Map<string, number>();
  private readonly bucket: TokenBucket | undefined;

  constructor(private readonly policy: RetryPolicy) {
    this.bucket = policy.bucket ? new TokenBucket(policy.bucket.qps, policy.bucket.burst) : undefined;
  }

  /** The delay before `key` is retried, counting this failure (AddRateLimited: every limiter is asked). */
  whenMs(key: string, nowMs: number): number {
    const exponent = this.failures.get(key) ?? 0;
    this.failures.set(key, exponent + 1);
    const backoffMs = Math.min(this.policy.baseDelayMs * 2 ** exponent, this.policy.maxDelayMs);
    const bucketMs = this.bucket?.reserve(nowMs) ?? 0;
    return Math.max(backoffMs, bucketMs);
  }

  /** NumRequeues. */
  requeues(key: string): number {
    return this.failures.size === 0 ? 0 : (this.failures.get(key) ?? 0);
  }

  /** Forget: the key's next failure starts again at the base delay. The bucket remembers nothing per key. */
  forget(key: string): void {
    if (this.failures.size !== 0) this.failures.delete(key);
  }
}

/**
 * golang.org/x/time/rate's Limiter as BucketRateLimiter uses it: full at first, refilled at `qps`
 * tokens a second up to `burst`; each reservation takes a token, and a reservation made with none
 * left waits until its token has accrued (the debt carries over to the next). Kept in whole
 * milliseconds of refill, so a token is 1000/qps of them and every delay is a whole millisecond.
 */
export class TokenBucket {
  private readonly tokenMs: number;
  private readonly capacityMs: number;
  private levelMs: number;
  private lastMs = 0;

  constructor(qps: number, burst: number) {
    this.tokenMs = 1000 / qps;
    if (!Number.isInteger(this.tokenMs) || !Number.isInteger(burst) || burst < 1) throw new Error(`token bucket of ${qps} qps, burst ${burst}: a token must take a whole number of ms`);
    this.capacityMs = burst * this.tokenMs;
    this.levelMs = this.capacityMs;
  }

  /** Takes a token at `nowMs`; returns how long its holder must wait for it. */
  reserve(nowMs: number): number {
    this.levelMs = Math.min(this.capacityMs, this.levelMs + (nowMs - this.lastMs));
    this.lastMs = nowMs;
    this.levelMs -= this.tokenMs;
    return this.levelMs < 0 ? -this.levelMs : 0;
  }
}
