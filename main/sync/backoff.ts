/** Exponential backoff with full jitter: retries of many installs after an outage spread out instead of arriving together. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 30_000,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.max(50, Math.round(this.random() * ceiling));
  }

  reset(): void {
    this.attempt = 0;
  }
}
