/**
 * Room-password guessing: the first `freeAttempts` failures cost nothing, each later one must
 * wait an exponentially growing delay (throttled), and after `maxAttempts` failures the key is
 * refused outright until `lockoutMs` has passed. Keys are per room and per IP and per user, so
 * neither a new account nor a new address buys more guesses.
 */
export interface PasswordAttemptOptions {
  freeAttempts: number;
  maxAttempts: number;
  lockoutMs: number;
  /** Delay after the first non-free failure; doubles each time, capped at 30 s. */
  baseDelayMs?: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
}

export type AttemptVerdict = { allowed: true } | { allowed: false; reason: 'throttled' | 'locked'; retryAfterMs: number };

export class PasswordAttempts {
  private readonly entries = new Map<string, Entry>();
  private readonly baseDelayMs: number;

  constructor(private readonly options: PasswordAttemptOptions) {
    this.baseDelayMs = options.baseDelayMs ?? 1000;
  }

  check(keys: string[], now = Date.now()): AttemptVerdict {
    let worst: AttemptVerdict = { allowed: true };
    for (const key of keys) {
      const verdict = this.checkOne(key, now);
      if (!verdict.allowed && (worst.allowed || verdict.reason === 'locked' || verdict.retryAfterMs > worst.retryAfterMs)) worst = verdict;
    }
    return worst;
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const entry = this.entries.get(key) ?? { failures: 0, lastFailureAt: now };
      entry.failures += 1;
      entry.lastFailureAt = now;
      this.entries.set(key, entry);
    }
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.entries.delete(key);
  }

  /** Forget entries whose lockout has long passed, so the map cannot grow without bound. */
  sweep(now = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.lastFailureAt > this.options.lockoutMs) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private checkOne(key: string, now: number): AttemptVerdict {
    const entry = this.entries.get(key);
    if (!entry) return { allowed: true };
    const since = now - entry.lastFailureAt;
    if (entry.failures >= this.options.maxAttempts) {
      if (since >= this.options.lockoutMs) {
        this.entries.delete(key);
        return { allowed: true };
      }
      return { allowed: false, reason: 'locked', retryAfterMs: this.options.lockoutMs - since };
    }
    if (entry.failures < this.options.freeAttempts) return { allowed: true };
    const delay = Math.min(30_000, this.baseDelayMs * 2 ** (entry.failures - this.options.freeAttempts));
    return since >= delay ? { allowed: true } : { allowed: false, reason: 'throttled', retryAfterMs: delay - since };
  }
}
