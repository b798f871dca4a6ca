import { describe, expect, it } from 'vitest';
import { IpLimits } from './ipLimits';
import { MemoryAttemptStore } from '../cluster/memoryBackend';
import { PasswordAttempts, attemptVerdict } from './passwordAttempts';
import { TokenBucket } from '../../../common/tokenBucket';

describe('TokenBucket', () => {
  it('allows the burst, then refills at the rate', () => {
    const b = new TokenBucket(10, 3, 0);
    expect([b.take(1, 0), b.take(1, 0), b.take(1, 0), b.take(1, 0)]).toEqual([true, true, true, false]);
    expect(b.waitMs(1, 0)).toBe(100);
    expect(b.take(1, 100)).toBe(true);
    expect(b.isFull(1000)).toBe(true);
  });
});

describe('IpLimits', () => {
  it('caps connections per address and forgets idle addresses', () => {
    const limits = new IpLimits(2, { perSecond: 1, burst: 1 });
    expect([limits.tryConnect('a'), limits.tryConnect('a'), limits.tryConnect('a'), limits.tryConnect('b')]).toEqual([true, true, false, true]);
    limits.disconnect('a');
    expect(limits.tryConnect('a')).toBe(true);
    expect(limits.take('c', 0)).toBe(true);
    expect(limits.take('c', 0)).toBe(false);
    limits.sweep(10_000);
    expect(limits.trackedAddresses).toBe(0);
  });
});

describe('PasswordAttempts', () => {
  const options = { freeAttempts: 2, maxAttempts: 4, lockoutMs: 60_000, baseDelayMs: 1000 };

  it('frees the first attempts, throttles with growing delays, then locks out until the lockout passes', () => {
    const at = (failures: number, lastFailureAt: number, now: number) => attemptVerdict(options, { failures, lastFailureAt }, now);
    expect(attemptVerdict(options, null, 0)).toEqual({ allowed: true });
    expect(at(1, 0, 0)).toEqual({ allowed: true });
    expect(at(2, 0, 500)).toEqual({ allowed: false, reason: 'throttled', retryAfterMs: 500 });
    expect(at(2, 0, 1000)).toEqual({ allowed: true });
    expect(at(3, 1000, 2000)).toEqual({ allowed: false, reason: 'throttled', retryAfterMs: 1000 });
    expect(at(4, 3000, 3000)).toEqual({ allowed: false, reason: 'locked', retryAfterMs: 60_000 });
    expect(at(4, 3000, 63_000)).toEqual({ allowed: true });
  });

  it('counts in the attempt store: the worst of several keys decides, success clears, records expire', async () => {
    const store = new MemoryAttemptStore();
    const attempts = new PasswordAttempts({ freeAttempts: 1, maxAttempts: 2, lockoutMs: 1000 }, store);
    const now = Date.now();
    await attempts.fail(['ip'], now);
    await attempts.fail(['ip'], now);
    expect(await attempts.check(['user', 'ip'], now + 10)).toMatchObject({ allowed: false, reason: 'locked' });
    await attempts.succeed(['ip']);
    expect(await attempts.check(['user', 'ip'], now + 10)).toEqual({ allowed: true });
    await store.recordFailure(['old'], now - 5000, 1000);
    expect(await store.read(['old'])).toEqual([null]);
    expect(store.size).toBe(0);
  });
});
