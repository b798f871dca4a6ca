/** Resource planning: allocations (member x project x hours/week), time off, and the weekly view. */
import { addDays, differenceInCalendarDays, formatISO, getISODay, parseISO } from 'date-fns';
import { and, eq, isNull } from 'drizzle-orm';
import {
  DateSchema,
  NewAllocationSchema,
  NewTimeOffSchema,
  type Allocation,
  type Member,
  type TimeOff,
} from '../../common/tracker/schemas';
import type { ResourceWeek } from '../../common/tracker/views';
import { RpcError } from '../../common/ipc/rpc';
import type { MemberStore } from './memberStore';
import type { ProjectStore } from './projectStore';
import { allocations, timeOff } from './schema';
import type { StoreContext } from './storeContext';
import { notFound, parseInput } from './validate';

const isoDate = (d: Date) => formatISO(d, { representation: 'date' });

function dailyHours(member: Member): number {
  const [sh, sm] = member.workStart.split(':').map(Number);
  const [eh, em] = member.workEnd.split(':').map(Number);
  return Math.max(0, (eh! * 60 + em! - (sh! * 60 + sm!)) / 60);
}

export function createResourceStore(ctx: StoreContext, memberStore: MemberStore, projectStore: ProjectStore) {
  const { db, sqlite } = ctx;
  const loggedInRange = sqlite
    .prepare(
      `SELECT COALESCE(SUM(COALESCE(ended_at, ?) - started_at), 0) FROM time_entries
       WHERE member_id = ? AND started_at >= ? AND started_at < ? AND deleted_at IS NULL`,
    )
    .pluck();

  function listAllocations(): Allocation[] {
    return db
      .select({ id: allocations.id, memberId: allocations.memberId, projectId: allocations.projectId, hoursPerWeek: allocations.hoursPerWeek, startDate: allocations.startDate, endDate: allocations.endDate })
      .from(allocations)
      .where(isNull(allocations.deletedAt))
      .all();
  }

  function listTimeOff(): TimeOff[] {
    return db
      .select({ id: timeOff.id, memberId: timeOff.memberId, startDate: timeOff.startDate, endDate: timeOff.endDate, reason: timeOff.reason })
      .from(timeOff)
      .where(isNull(timeOff.deletedAt))
      .all();
  }

  /** Deletes a live allocation or time off (a tombstone, so the deletion syncs). */
  function tombstone(table: typeof allocations | typeof timeOff, entity: 'allocations' | 'time_off', what: string, id: string): void {
    const at = ctx.now();
    ctx.write(['resources'], () => {
      const ended = db
        .update(table)
        .set({ deletedAt: at, updatedAt: at })
        .where(and(eq(table.id, id), isNull(table.deletedAt)))
        .run();
      if (ended.changes === 0) throw notFound(what, id);
      ctx.ops.record(entity, id, 'delete', { deletedAt: at, updatedAt: at }, at);
    });
  }

  return {
    listAllocations,
    listTimeOff,
    createAllocation(input: unknown): Allocation {
      const value = parseInput(NewAllocationSchema, input);
      memberStore.get(value.memberId);
      projectStore.get(value.projectId);
      const at = ctx.now();
      const row = { id: ctx.newId(), createdAt: at, updatedAt: at, ...value };
      ctx.write(['resources'], () => {
        db.insert(allocations).values(row).run();
        ctx.ops.record('allocations', row.id, 'insert', row, at);
      });
      return { id: row.id, ...value };
    },
    removeAllocation: (id: string) => tombstone(allocations, 'allocations', 'allocation', id),
    createTimeOff(input: unknown): TimeOff {
      const value = parseInput(NewTimeOffSchema, input);
      memberStore.get(value.memberId);
      const at = ctx.now();
      const row = { id: ctx.newId(), createdAt: at, updatedAt: at, ...value };
      ctx.write(['resources'], () => {
        db.insert(timeOff).values(row).run();
        ctx.ops.record('time_off', row.id, 'insert', row, at);
      });
      return { id: row.id, ...value };
    },
    removeTimeOff: (id: string) => tombstone(timeOff, 'time_off', 'time off', id),
    /** Whether `ms` falls inside the member's working hours on a working day that is not time off. */
    isWorkingTime(member: Member, ms: number): boolean {
      const date = new Date(ms);
      if (!member.workdays.includes(getISODay(date))) return false;
      const day = isoDate(date);
      if (listTimeOff().some((t) => t.memberId === member.id && t.startDate <= day && day <= t.endDate)) return false;
      const minutes = date.getHours() * 60 + date.getMinutes();
      const [sh, sm] = member.workStart.split(':').map(Number);
      const [eh, em] = member.workEnd.split(':').map(Number);
      return minutes >= sh! * 60 + sm! && minutes < eh! * 60 + em!;
    },
    /** Allocation against availability per member and week, starting at `weekStart` (a Monday). */
    weeks(weekStart: string, count: number): ResourceWeek[] {
      const first = parseISO(parseInput(DateSchema, weekStart));
      if (getISODay(first) !== 1) throw new RpcError('invalid-input', 'weekStart: Weeks start on a Monday');
      if (!Number.isInteger(count) || count < 1 || count > 26) throw new RpcError('invalid-input', 'Between 1 and 26 weeks');
      const members = memberStore.list();
      const allocs = listAllocations();
      const offs = listTimeOff();
      const now = ctx.now();
      const result: ResourceWeek[] = [];
      for (let w = 0; w < count; w++) {
        const start = addDays(first, w * 7);
        const end = addDays(start, 6);
        const [from, to] = [isoDate(start), isoDate(end)];
        for (const member of members) {
          let days = 0;
          for (let d = 0; d < 7; d++) {
            const day = addDays(start, d);
            const iso = isoDate(day);
            const off = offs.some((t) => t.memberId === member.id && t.startDate <= iso && iso <= t.endDate);
            if (!off && member.workdays.includes(getISODay(day))) days += 1;
          }
          const availableHours = days * dailyHours(member);
          const allocatedHours = allocs
            .filter((a) => a.memberId === member.id && a.startDate <= to && a.endDate >= from)
            .reduce((sum, a) => {
              // Prorate an allocation that covers only part of the week.
              const overlap = differenceInCalendarDays(parseISO(a.endDate < to ? a.endDate : to), parseISO(a.startDate > from ? a.startDate : from)) + 1;
              return sum + (a.hoursPerWeek * overlap) / 7;
            }, 0);
          const loggedMs = loggedInRange.get(now, member.id, start.getTime(), addDays(start, 7).getTime()) as number;
          result.push({
            memberId: member.id,
            weekStart: from,
            availableHours: round(availableHours),
            allocatedHours: round(allocatedHours),
            loggedHours: round(loggedMs / 3_600_000),
            overAllocated: allocatedHours > availableHours + 1e-9,
          });
        }
      }
      return result;
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

export type ResourceStore = ReturnType<typeof createResourceStore>;
