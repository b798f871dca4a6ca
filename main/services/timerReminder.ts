/** Reminds the member to start a timer when none runs during their working hours. */
import type { TrackerStore } from '../store/trackerStore';

export interface TimerReminderOptions {
  store: TrackerStore;
  memberId: () => string;
  remind: (message: string, at: number) => void;
  /** Minimum time between two reminders. */
  intervalMs?: number;
  now?: () => number;
}

export class TimerReminder {
  private readonly options: TimerReminderOptions;
  private readonly now: () => number;
  private lastReminder = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: TimerReminderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** Returns whether it reminded. */
  check(): boolean {
    const { store } = this.options;
    const now = this.now();
    if (now - this.lastReminder < (this.options.intervalMs ?? 30 * 60_000)) return false;
    const member = store.members.get(this.options.memberId());
    if (!store.resources.isWorkingTime(member, now) || store.entries.running(member.id)) return false;
    this.lastReminder = now;
    this.options.remind('No timer is running. Start one on the task you are working on?', now);
    return true;
  }

  start(pollMs = 60_000): void {
    this.stop();
    this.timer = setInterval(() => {
      try {
        this.check();
      } catch {
        // A reminder is best effort; a closed store at shutdown must not crash main.
      }
    }, pollMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
