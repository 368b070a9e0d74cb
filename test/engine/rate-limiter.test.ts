// The retry delays of a controller's failed syncs, as client-go's workqueue computes them
// (util/workqueue/default_rate_limiters.go: DefaultControllerRateLimiter = MaxOfRateLimiter of
// ItemExponentialFailureRateLimiter(5ms, 1000s) and BucketRateLimiter(rate.NewLimiter(10, 100))).
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, RateLimiter, TokenBucket } from '../../sim/engine/rate-limiter.js';

describe('the per-key exponential back-off (ItemExponentialFailureRateLimiter.When)', () => {
  it('waits 5, 10, 20, 40 … ms after each failure of a key in a row', () => {
    const limiter = new RateLimiter({ baseDelayMs: 5, maxDelayMs: 1_000_000 });
    expect(Array.from({ length: 8 }, () => limiter.whenMs('ns/a', 0))).toEqual([5, 10, 20, 40, 80, 160, 320, 640]);
  });

  it('stops doubling at the cap: 1 000 s for the default, from the 19th failure on', () => {
    const limiter = new RateLimiter(DEFAULT_RETRY);
    const delays = Array.from({ length: 25 }, (_, i) => limiter.whenMs('ns/a', i * 2_000_000));
    expect(delays.slice(16, 19)).toEqual([327_680, 655_360, 1_000_000]);
    expect(delays.slice(19)).toEqual(Array(6).fill(1_000_000));
  });

  it('counts each key apart, and starts a key over once it is forgotten (Forget, NumRequeues)', () => {
    const limiter = new RateLimiter({ baseDelayMs: 5, maxDelayMs: 1000 });
    limiter.whenMs('ns/a', 0);
    limiter.whenMs('ns/a', 0);
    expect(limiter.whenMs('ns/b', 0)).toBe(5);
    expect(limiter.requeues('ns/a')).toBe(2);
    limiter.forget('ns/a');
    expect(limiter.requeues('ns/a')).toBe(0);
    expect(limiter.whenMs('ns/a', 0)).toBe(5);
    expect(limiter.requeues('ns/b')).toBe(1);
  });
});

describe('the shared token bucket (BucketRateLimiter with rate.Limiter(10 qps, burst 100))', () => {
  it('lets a burst of 100 through at once, then one every 100 ms, the debt carrying over', () => {
    const bucket = new TokenBucket(10, 100);
    const delays = Array.from({ length: 103 }, () => bucket.reserve(0));
    expect(delays.slice(0, 100).every((d) => d === 0)).toBe(true);
    expect(delays.slice(100)).toEqual([100, 200, 300]);
  });

  it('refills at 10 tokens a second, never above the burst', () => {
    const bucket = new TokenBucket(10, 100);
    for (let i = 0; i < 100; i++) bucket.reserve(0);
    expect(bucket.reserve(1000)).toBe(0); // 10 tokens came back in a second
    for (let i = 0; i < 9; i++) bucket.reserve(1000);
    expect(bucket.reserve(1000)).toBe(100);
    const rested = new TokenBucket(10, 100);
    expect(Array.from({ length: 101 }, () => rested.reserve(3_600_000)).at(-1)).toBe(100); // an hour's rest still holds 100
  });

  it('decides the delay when it is the larger: the 101st failure at one instant waits 100 ms, not 5', () => {
    const limiter = new RateLimiter(DEFAULT_RETRY);
    const delays = Array.from({ length: 102 }, (_, i) => limiter.whenMs(`ns/rs-${i}`, 0));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays.slice(100)).toEqual([100, 200]);
  });

  it('is refused when a token would not be a whole number of milliseconds', () => {
    expect(() => new TokenBucket(3, 10)).toThrow(/whole number of ms/);
  });
});
