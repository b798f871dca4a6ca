/** A token bucket: `burst` tokens, refilled at `perSecond`. Lazily refilled, so idle buckets cost nothing. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(count = 1, now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  /** ms until `count` tokens are available. */
  waitMs(count = 1, now = Date.now()): number {
    this.refill(now);
    return this.tokens >= count ? 0 : Math.ceil(((count - this.tokens) / this.perSecond) * 1000);
  }

  /** True when the bucket is full again, so a keyed map may forget it. */
  isFull(now = Date.now()): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }

  private refill(now: number) {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.perSecond);
  }
}
