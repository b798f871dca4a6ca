/**
 * Notices idle stretches from a pluggable source of "seconds since the last input" (Electron's
 * powerMonitor on the desktop, the page's own activity in browser mode) and, when the user
 * comes back from one that was long enough, hands it to the timer to ask keep/discard/split.
 */
export interface IdleSource {
  idleSeconds(): number;
}

/** Browser mode: the renderer reports how long its page has seen no input. */
export class ReportedIdleSource implements IdleSource {
  private seconds = 0;
  private reportedAt: number;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
    this.reportedAt = now();
  }

  report(idleSeconds: number): void {
    this.seconds = idleSeconds;
    this.reportedAt = this.now();
  }

  idleSeconds(): number {
    // No report for a while means the page is gone or asleep: count that as idle too.
    return this.seconds > 0 ? this.seconds + (this.now() - this.reportedAt) / 1000 : 0;
  }
}

export interface IdleMonitorOptions {
  source: IdleSource;
  thresholdSeconds: number;
  now?: () => number;
  /** The user came back after being idle since `idleStart`. */
  onReturn: (idleStart: number, returnedAt: number) => void;
}

export class IdleMonitor {
  private readonly options: IdleMonitorOptions;
  private readonly now: () => number;
  private idleStart: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: IdleMonitorOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** One look at the source; the poller calls it, and so may a fresh report. */
  check(): void {
    const idle = this.options.source.idleSeconds();
    const now = this.now();
    if (idle >= this.options.thresholdSeconds) {
      this.idleStart ??= now - idle * 1000;
    } else if (this.idleStart !== null) {
      const start = this.idleStart;
      this.idleStart = null;
      this.options.onReturn(start, now - idle * 1000);
    }
  }

  start(pollMs = 15_000): void {
    this.stop();
    this.timer = setInterval(() => this.check(), pollMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
