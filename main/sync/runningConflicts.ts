/**
 * One running timer per member (the `time_entries_one_running` index) does not survive two
 * devices: a member who starts a timer on each while offline has two running entries once both
 * sync, and the index then refuses the second one on every install, forever. Every install
 * settles it the same way, whatever order it learns of the entries in: the one that started
 * first (tie: the smaller id) ends where the other starts. That stop is recorded as a local op,
 * like a user's, so it reaches the server and the installs that never see the conflict
 * themselves; installs that settled it too wrote the same `endedAt`, so last-writer-wins agrees
 * whichever op is later. Nothing is lost: both entries stay, one of them stopped.
 */
import type Database from 'better-sqlite3';
import type { OpLog } from '../store/opLog';

export interface RunningEntry {
  id: string;
  memberId: string;
  startedAt: number;
}

/** Whether `a`, rather than `b`, is the one to stop. */
function startedFirst(a: RunningEntry, b: RunningEntry): boolean {
  return a.startedAt < b.startedAt || (a.startedAt === b.startedAt && a.id < b.id);
}

export class RunningConflicts {
  private readonly otherRunning: Database.Statement;
  private readonly allRunning: Database.Statement;
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
    this.allRunning = sqlite.prepare(
      `SELECT id, member_id AS memberId, started_at AS startedAt FROM time_entries
       WHERE ended_at IS NULL AND deleted_at IS NULL ORDER BY member_id, started_at, id`,
    );
    this.setEnd = sqlite.prepare('UPDATE time_entries SET ended_at = ?, updated_at = ? WHERE id = ?');
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
      this.stop(other.id, entry.startedAt);
      return null;
    }
    return other.startedAt;
  }

  /**
   * After a bulk load, which fills time_entries without the unique index: every member's
   * running entries but the last one stop where the next one starts. Returns how many stopped.
   */
  settleAll(): number {
    const rows = this.allRunning.all() as RunningEntry[];
    let stopped = 0;
    for (let i = 1; i < rows.length; i++) {
      const [earlier, later] = [rows[i - 1]!, rows[i]!];
      if (earlier.memberId !== later.memberId) continue;
      this.stop(earlier.id, later.startedAt);
      stopped += 1;
    }
    return stopped;
  }

  /** Must run inside the write transaction (it records an op). */
  stop(id: string, endedAt: number): void {
    // The stop wins over every write to the entry this install holds: whatever was applied here
    // (pulled ops, snapshot rows) moved this install's clock past it first (LocalSyncStore).
    const at = this.now();
    this.setEnd.run(endedAt, at, id);
    this.ops.record('time_entries', id, 'update', { endedAt, updatedAt: at }, at);
  }
}
