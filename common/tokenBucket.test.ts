import { describe, expect, it } from 'vitest';
import { TokenBucket } from './tokenBucket';

describe('TokenBucket', () => {
  it('allows a burst up to capacity, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, now);
    const take = () => bucket.take(1, now);
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
    expect(bucket.waitMs(1, now)).toBe(500);
    now = 500; // one token back
    expect([take(), take()]).toEqual([true, false]);
    now = 60_000; // never more than the burst
    expect(bucket.isFull(now)).toBe(true);
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
  });
});
