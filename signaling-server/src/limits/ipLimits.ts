/**
 * Per-IP state: open connection counts and token buckets, shared by every connection (and HTTP
 * request) from one address on this instance. Entries are forgotten once idle and full again.
 */
import type { RateConfig } from '../config';
import { TokenBucket } from './tokenBucket';

export class IpLimits {
  private readonly connections = new Map<string, number>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly maxConnections: number,
    private readonly rate: RateConfig,
  ) {}

  /** Count a new connection, or false when the address already has the maximum. */
  tryConnect(ip: string): boolean {
    const open = this.connections.get(ip) ?? 0;
    if (open >= this.maxConnections) return false;
    this.connections.set(ip, open + 1);
    return true;
  }

  disconnect(ip: string): void {
    const open = (this.connections.get(ip) ?? 1) - 1;
    if (open <= 0) this.connections.delete(ip);
    else this.connections.set(ip, open);
  }

  take(ip: string, now = Date.now()): boolean {
    let bucket = this.buckets.get(ip);
    if (!bucket) {
      bucket = new TokenBucket(this.rate.perSecond, this.rate.burst, now);
      this.buckets.set(ip, bucket);
    }
    return bucket.take(1, now);
  }

  sweep(now = Date.now()): void {
    for (const [ip, bucket] of this.buckets) {
      if (!this.connections.has(ip) && bucket.isFull(now)) this.buckets.delete(ip);
    }
  }

  get trackedAddresses(): number {
    return this.buckets.size;
  }
}
