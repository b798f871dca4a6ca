/**
 * One running timer per member (the `time_entries_one_running` index) does not survive two
 * devices: a member who starts a timer on each while offline has two running entries once both
 * sync, and the index then refuses the second one on every install, forever. Every install
 * settles it the same way, whatever order it learns of the entries in: the one that started
 * first (tie: the smaller id) ends where the member's next entry starts (the other running one,
 * or an earlier one between them, so three devices' timers do not overlap either). That stop is
 * recorded as a local op, so it reaches the server and the installs that never see the conflict
 * themselves. Nothing is lost: the entries stay, the earlier ones stopped.
 *
 * A settling stop is a guess standing in for the person's own stop, so it must lose to any
 * write of a person, even one made before it but learnt of after (a timer stopped offline at
 * 9:30 whose start reached another install first must not end at 10:00 there). Its clock is
 * therefore not this install's next one but one tick after the write that left the entry
 * running; and every install that settles the same entry writes the same op: the same end
 * under the same clock, where a smaller end sorts later, so if two installs saw different
 * "next" entries, the earliest end wins everywhere.
 */
import type Database from 'better-sqlite3';
import { tickAfter, type Hlc } from '../../common/sync/hlc';
import { clockOf, type FieldClocks } from '../../common/sync/merge';
import type { OpLog } from '../store/opLog';

export interface RunningEntry {
  id: string;
  memberId: string;
  startedAt: number;
}

/** Ends are ms since 1970 and fit 9 base-36 digits until the year 5000. */
const END_DIGITS = 9;
const END_SPAN = 36 ** END_DIGITS;

/** The clock of a settling stop that ends an entry running since `runningSince` at `endedAt`. */
export function settlingClock(runningSince: Hlc, endedAt: number): Hlc {
  const order = Math.max(0, END_SPAN - 1 - endedAt);
  return tickAfter(runningSince, `settle_${order.toString(36).padStart(END_DIGITS, '0')}`);
}

/** Whether `a`, rather than `b`, is the one to stop. */
function startedFirst(a: RunningEntry, b: RunningEntry): boolean {
  return a.startedAt < b.startedAt || (a.startedAt === b.startedAt && a.id < b.id);
}

export class RunningConflicts {
  private readonly otherRunning: Database.Statement;
  private readonly allRunning: Database.Statement;
  private readonly nextStartOf: Database.Statement;
  private readonly clocksOf: Database.Statement;
  private readonly setEnd: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private readonly ops: OpLog,
    private readonly now: () => number,
  ) {
    this.otherRunning = sqlite.prepare(
      `SELECT id, member_id AS memberId, started_at AS startedAt FROM time_entries
       WHERE member_id = ? AND ended_at IS NULL AND deleted_at IS NULL AND id <> ?`,
    );
    // `+member_id`: ordering through the member index would read every entry's row to find the
    // few running ones (a second per million entries after a bootstrap, before the unique
    // running index is back); the partial running index holds just those.
    this.allRunning = sqlite.prepare(
      `SELECT id, member_id AS memberId, started_at AS startedAt FROM time_entries
       WHERE ended_at IS NULL AND deleted_at IS NULL ORDER BY +member_id, started_at, id`,
    );
    this.nextStartOf = sqlite
      .prepare(
        `SELECT min(started_at) FROM time_entries
         WHERE member_id = ? AND deleted_at IS NULL AND (started_at > ? OR (started_at = ? AND id > ?))`,
      )
      .pluck();
    this.clocksOf = sqlite.prepare('SELECT sync_clocks FROM time_entries WHERE id = ?').pluck();
    this.setEnd = sqlite.prepare('UPDATE time_entries SET ended_at = ? WHERE id = ?');
  }

  /**
   * Before `entry` is written as running. Should its member have another running entry, the
   * one that started first stops: the other one at once, or `entry`, whose end is returned
   * (to write the row with, then `stop` it once the row exists, so the stop is an op too).
   */
  settle(entry: RunningEntry): number | null {
    const other = this.otherRunning.get(entry.memberId, entry.id) as RunningEntry | undefined;
    if (!other) return null;
    if (startedFirst(other, entry)) {
      this.stop(other.id, Math.min(entry.startedAt, this.nextStart(other)));
      return null;
    }
    return Math.min(other.startedAt, this.nextStart(entry));
  }

  /**
   * After a bulk load, which fills time_entries without the unique index: every member's
   * running entries but the last one stop where the member's next entry starts. Returns how many
   * stopped. Wants the member index (time_entries_member) in place.
   */
  settleAll(): number {
    const rows = this.allRunning.all() as RunningEntry[];
    let stopped = 0;
    for (let i = 1; i < rows.length; i++) {
      const [earlier, later] = [rows[i - 1]!, rows[i]!];
      if (earlier.memberId !== later.memberId) continue;
      this.stop(earlier.id, this.nextStart(earlier));
      stopped += 1;
    }
    return stopped;
  }

  /** Must run inside the write transaction (it records an op). */
  stop(id: string, endedAt: number): void {
    const raw = this.clocksOf.get(id) as string | null | undefined;
    const runningSince = clockOf(raw ? (JSON.parse(raw) as FieldClocks) : null, 'endedAt');
    this.setEnd.run(endedAt, id);
    // Only the end: a field written under the shared clock with a value of this install's own
    // (its updatedAt, say) would tie with another install's and leave the two apart.
    this.ops.record('time_entries', id, 'update', { endedAt }, this.now(), settlingClock(runningSince, endedAt));
  }

  /** When the member's next entry after `entry` starts (Infinity: none). */
  private nextStart(entry: RunningEntry): number {
    return (this.nextStartOf.get(entry.memberId, entry.startedAt, entry.startedAt, entry.id) as number | null) ?? Infinity;
  }
}
