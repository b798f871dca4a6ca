import { describe, expect, it } from 'vitest';
import { IpLimits } from './ipLimits';
import { PasswordAttempts } from './passwordAttempts';
import { TokenBucket } from './tokenBucket';

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
  it('frees the first attempts, throttles with growing delays, then locks out', () => {
    const p = new PasswordAttempts({ freeAttempts: 2, maxAttempts: 4, lockoutMs: 60_000, baseDelayMs: 1000 });
    const keys = ['room|ip|1'];
    p.fail(keys, 0);
    expect(p.check(keys, 0)).toEqual({ allowed: true });
    p.fail(keys, 0);
    expect(p.check(keys, 500)).toEqual({ allowed: false, reason: 'throttled', retryAfterMs: 500 });
    expect(p.check(keys, 1000)).toEqual({ allowed: true });
    p.fail(keys, 1000);
    expect(p.check(keys, 2000)).toMatchObject({ allowed: false, reason: 'throttled', retryAfterMs: 1000 });
    p.fail(keys, 3000);
    expect(p.check(keys, 3000)).toEqual({ allowed: false, reason: 'locked', retryAfterMs: 60_000 });
    expect(p.check(keys, 63_000)).toEqual({ allowed: true });
  });

  it('the worst of several keys decides; success clears them; sweep bounds the map', () => {
    const p = new PasswordAttempts({ freeAttempts: 1, maxAttempts: 2, lockoutMs: 1000 });
    p.fail(['ip'], 0);
    p.fail(['ip'], 0);
    expect(p.check(['user', 'ip'], 10)).toMatchObject({ allowed: false, reason: 'locked' });
    p.succeed(['ip']);
    expect(p.check(['user', 'ip'], 10)).toEqual({ allowed: true });
    p.fail(['x'], 0);
    p.sweep(5000);
    expect(p.size).toBe(0);
  });
});
