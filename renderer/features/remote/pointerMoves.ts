/**
 * Pointer moves from the controller, sent as soon as they happen but never faster than the
 * controlled machine takes them. The browser hands `pointermove` to the page only at the
 * next animation frame (up to a frame, ~16 ms, late); `pointerrawupdate` comes at once and
 * as often as the mouse reports (up to 1000 Hz), more than the host's rate limit allows. So
 * a move goes out at once when the last one left at least `minIntervalMs` ago; otherwise
 * the newest waits for that moment and replaces any older one still waiting.
 */
export interface MoveSender<T> {
  /** A new pointer position; sent now or at the end of the current interval. */
  move(position: T): void;
  /** Sends a waiting move now (before a button press, so the order holds). */
  flush(): void;
  /** Drops a waiting move (the view closed or lost the grant). */
  cancel(): void;
}

export interface MoveClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserClock: MoveClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createMoveSender<T>(send: (position: T) => void, minIntervalMs: number, clock: MoveClock = browserClock): MoveSender<T> {
  let lastSentAt = -Infinity;
  let waiting: { position: T } | null = null;
  let timer: unknown = null;

  const sendNow = (position: T) => {
    lastSentAt = clock.now();
    send(position);
  };
  const flush = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const next = waiting;
    waiting = null;
    if (next) sendNow(next.position);
  };

  return {
    move(position) {
      waiting = { position };
      const wait = lastSentAt + minIntervalMs - clock.now();
      // Due now (or the timer is late): the newest goes, whatever was waiting is outdated.
      if (wait <= 0) flush();
      else timer ??= clock.setTimeout(flush, wait);
    },
    flush,
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      waiting = null;
    },
  };
}

/** Whether this browser delivers `pointerrawupdate` (Chromium, in secure contexts). */
export function hasRawPointerUpdates(target: object = globalThis): boolean {
  return 'onpointerrawupdate' in target;
}
