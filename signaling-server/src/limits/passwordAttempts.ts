/**
 * Room-password guessing: the first `freeAttempts` failures cost nothing, each later one must
 * wait an exponentially growing delay (throttled), and after `maxAttempts` failures the key is
 * refused outright until `lockoutMs` after the last failure. Keys are per room and IP and per
 * room and user, so neither a new account nor a new address buys more guesses. The counts live
 * in the cluster's attempt store, so with Redis every instance sees the same ones.
 */
import type { AttemptRecord, AttemptStore } from '../cluster/types';

export interface PasswordAttemptOptions {
  freeAttempts: number;
  maxAttempts: number;
  lockoutMs: number;
  /** Delay after the first non-free failure; doubles each time, capped at 30 s. */
  baseDelayMs?: number;
}

export type AttemptVerdict = { allowed: true } | { allowed: false; reason: 'throttled' | 'locked'; retryAfterMs: number };

/** The rule alone: what one key's record allows now. */
export function attemptVerdict(options: PasswordAttemptOptions, record: AttemptRecord | null, now: number): AttemptVerdict {
  if (!record) return { allowed: true };
  const since = now - record.lastFailureAt;
  if (record.failures >= options.maxAttempts) {
    return since >= options.lockoutMs ? { allowed: true } : { allowed: false, reason: 'locked', retryAfterMs: options.lockoutMs - since };
  }
  if (record.failures < options.freeAttempts) return { allowed: true };
  const delay = Math.min(30_000, (options.baseDelayMs ?? 1000) * 2 ** (record.failures - options.freeAttempts));
  return since >= delay ? { allowed: true } : { allowed: false, reason: 'throttled', retryAfterMs: delay - since };
}

export class PasswordAttempts {
  constructor(
    private readonly options: PasswordAttemptOptions,
    private readonly store: AttemptStore,
  ) {}

  /** The worst verdict over the keys. */
  async check(keys: string[], now = Date.now()): Promise<AttemptVerdict> {
    let worst: AttemptVerdict = { allowed: true };
    for (const record of await this.store.read(keys)) {
      const verdict = attemptVerdict(this.options, record, now);
      if (verdict.allowed) continue;
      if (worst.allowed || verdict.reason === 'locked' || (worst.reason !== 'locked' && verdict.retryAfterMs > worst.retryAfterMs)) worst = verdict;
    }
    return worst;
  }

  /** Records are kept for the lockout after the last failure, then forgotten. */
  fail(keys: string[], now = Date.now()): Promise<void> {
    return this.store.recordFailure(keys, now, this.options.lockoutMs);
  }

  succeed(keys: string[]): Promise<void> {
    return this.store.clear(keys);
  }
}
