/**
 * The weekly timesheet's cells: set how long one task took on one day, and the entries follow.
 * More time becomes a new entry after the day's last one (or at the start of the member's
 * working day, or at the end of the latest gap long enough), and today never past now; less
 * time comes off the task's latest entries
 * that day, shortening the last and deleting those it uses up. All in one transaction, through
 * the entry store's own writes (ops, overlap checks), so sync and undo see ordinary edits.
 */
import { RpcError } from '../../common/ipc/rpc';
import { formatDuration } from '../../common/tracker/duration';
import { DayTotalSchema, type TimeEntry } from '../../common/tracker/schemas';
import type { MemberStore } from './memberStore';
import type { StoreContext } from './storeContext';
import type { TimeEntryStore } from './timeEntryStore';
import { parseInput } from './validate';

const MINUTE = 60_000;
const DAY = 86_400_000;

export function createDayTotals(ctx: StoreContext, entries: TimeEntryStore, members: MemberStore) {
  return {
    /** The member's entries of the task on that day, after the change. */
    set(input: unknown, memberId: string): TimeEntry[] {
      const { taskId, date, minutes, utcOffsetMinutes } = parseInput(DayTotalSchema, input);
      const dayStart = Date.parse(date) - utcOffsetMinutes * MINUTE;
      const dayEnd = dayStart + DAY;
      const member = members.get(memberId);
      const ofDay = () => entries.list({ from: dayStart, to: dayEnd, memberId });
      const ofTask = () => ofDay().filter((e) => e.taskId === taskId);
      if (ofTask().some((e) => e.endedAt === null)) throw new RpcError('conflict', 'The timer is running on this task today: stop it first');

      ctx.write(['timeEntries'], () => {
        const current = ofTask().reduce((sum, e) => sum + e.endedAt! - e.startedAt, 0);
        let delta = minutes * MINUTE - current;
        if (delta > 0) {
          // Time worked today was worked before now: the block ends by now (a later day may be planned ahead).
          const now = ctx.now();
          const until = now >= dayStart && now < dayEnd ? now : dayEnd;
          const startedAt = placeFor(delta, ofDay(), dayStart, until, dayStart + minutesOf(member.workStart) * MINUTE);
          if (startedAt === null) {
            const where = until < dayEnd ? `before now on ${date}` : `on ${date}`;
            throw new RpcError('invalid-input', `There is no room left ${where} for ${formatDuration(delta)} more`);
          }
          entries.create({ taskId, startedAt, endedAt: startedAt + delta }, memberId);
        }
        for (const entry of ofTask().reverse()) {
          if (delta >= 0) break;
          const length = entry.endedAt! - entry.startedAt;
          if (length <= -delta) entries.remove(entry.id);
          else entries.update(entry.id, { endedAt: entry.endedAt! + delta });
          delta += length;
        }
      });
      return ofTask();
    },
  };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Where `length` ms fit among the day's entries (sorted by start) before `until`: right after the
 * last entry (or at the working day's start), else at the end of the latest gap long enough.
 */
function placeFor(length: number, day: readonly TimeEntry[], dayStart: number, until: number, workStart: number): number | null {
  const end = (e: TimeEntry) => e.endedAt ?? Number.MAX_SAFE_INTEGER;
  const afterLast = day.length ? end(day.at(-1)!) : workStart;
  if (afterLast + length <= until) return afterLast;
  const gaps: [number, number][] = [];
  let from = dayStart;
  for (const e of day) {
    gaps.push([from, Math.min(e.startedAt, until)]);
    from = Math.max(from, end(e));
  }
  gaps.push([from, until]);
  const fits = gaps.filter(([a, b]) => b - a >= length);
  return fits.length ? fits.at(-1)![1] - length : null;
}

export type DayTotals = ReturnType<typeof createDayTotals>;
