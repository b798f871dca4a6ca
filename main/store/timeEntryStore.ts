/**
 * Time entries: manual entries, the running timer's row (ended_at NULL), edits, splits, soft
 * deletes with undo, and a bulk import. Every write checks that a member's entries never overlap.
 */
import { and, asc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { format } from 'date-fns';
import { RpcError } from '../../common/ipc/rpc';
import {
  EntryQuerySchema,
  NewTimeEntrySchema,
  TimeEntryPatchSchema,
  TimestampSchema,
  type EntryQuery,
  type NewTimeEntry,
  type TimeEntry,
} from '../../common/tracker/schemas';
import type { MemberStore } from './memberStore';
import { timeEntries } from './schema';
import type { StoreContext } from './storeContext';
import type { TaskStore } from './taskStore';
import { notFound, parseInput } from './validate';

type EntryRow = Omit<typeof timeEntries.$inferSelect, 'syncClocks'>;

function toEntry(row: EntryRow): TimeEntry {
  return {
    id: row.id,
    taskId: row.taskId,
    projectId: row.projectId,
    memberId: row.memberId,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    description: row.description,
    billable: row.billable,
    updatedAt: row.updatedAt,
  };
}

const when = (ms: number) => format(ms, 'yyyy-MM-dd HH:mm');

/** Rows written by a bulk import: already-known task/project/member ids. */
export interface ImportedEntry {
  taskId: string;
  projectId: string;
  memberId: string;
  startedAt: number;
  endedAt: number;
  description?: string;
  billable?: boolean;
}


export function createTimeEntryStore(ctx: StoreContext, taskStore: TaskStore, memberStore: MemberStore) {
  const { db, sqlite } = ctx;
  // A member's entries never overlap, so sorted by start they are sorted by end too: the only
  // candidate for an overlap with [start, end) is the latest entry starting before `end`. One
  // indexed seek instead of a scan, however many entries there are.
  const latestBefore = sqlite.prepare(
    `SELECT id, started_at AS startedAt, ended_at AS endedAt FROM time_entries
     WHERE member_id = ? AND started_at < ? AND deleted_at IS NULL AND id <> ?
     ORDER BY started_at DESC LIMIT 1`,
  );

  // The bulk path's insert, prepared once by drizzle: per row only the parameters change.
  const p = (name: string) => sql.placeholder(name);
  const insertPrepared = db
    .insert(timeEntries)
    .values({
      id: p('id'),
      createdAt: p('at'),
      updatedAt: p('at'),
      taskId: p('taskId'),
      projectId: p('projectId'),
      memberId: p('memberId'),
      startedAt: p('startedAt'),
      endedAt: p('endedAt'),
      description: p('description'),
      billable: p('billable'),
    })
    .prepare();

  function find(id: string, includeDeleted = false): TimeEntry | null {
    const row = db
      .select()
      .from(timeEntries)
      .where(includeDeleted ? eq(timeEntries.id, id) : and(eq(timeEntries.id, id), isNull(timeEntries.deletedAt)))
      .get();
    return row ? toEntry(row) : null;
  }

  function get(id: string): TimeEntry {
    const entry = find(id);
    if (!entry) throw notFound('time entry', id);
    return entry;
  }

  function assertNoOverlap(memberId: string, startedAt: number, endedAt: number | null, ignoreId = ''): void {
    const effectiveEnd = endedAt ?? Math.max(ctx.now(), startedAt + 1);
    const other = latestBefore.get(memberId, effectiveEnd, ignoreId) as { id: string; startedAt: number; endedAt: number | null } | undefined;
    if (!other) return;
    const otherEnd = other.endedAt ?? Math.max(ctx.now(), other.startedAt + 1);
    if (otherEnd > startedAt) {
      const until = other.endedAt === null ? 'now (the timer is running)' : when(other.endedAt);
      throw new RpcError('invalid-input', `This overlaps another entry, from ${when(other.startedAt)} to ${until}. Entries of one person cannot overlap.`);
    }
  }

  function insert(row: EntryRow, touched: Parameters<StoreContext['write']>[0] = ['timeEntries']): void {
    ctx.write(touched, () => {
      db.insert(timeEntries).values(row).run();
      ctx.ops.record('time_entries', row.id, 'insert', row, row.updatedAt);
    });
  }

  function patch(id: string, fields: Partial<EntryRow>, at: number): void {
    const set = { ...fields, updatedAt: at };
    db.update(timeEntries).set(set).where(eq(timeEntries.id, id)).run();
    ctx.ops.record('time_entries', id, 'update', set, at);
  }

  return {
    get,
    find,
    list(query: EntryQuery): TimeEntry[] {
      const q = parseInput(EntryQuerySchema, query);
      const conditions = [isNull(timeEntries.deletedAt), gte(timeEntries.startedAt, q.from), lt(timeEntries.startedAt, q.to)];
      if (q.memberId) conditions.push(eq(timeEntries.memberId, q.memberId));
      if (q.taskId) conditions.push(eq(timeEntries.taskId, q.taskId));
      return db.select().from(timeEntries).where(and(...conditions)).orderBy(asc(timeEntries.startedAt)).limit(5000).all().map(toEntry);
    },
    running(memberId: string): TimeEntry | null {
      const row = db
        .select()
        .from(timeEntries)
        .where(and(eq(timeEntries.memberId, memberId), isNull(timeEntries.endedAt), isNull(timeEntries.deletedAt)))
        .get();
      return row ? toEntry(row) : null;
    },
    /** A manual entry. */
    create(input: NewTimeEntry, defaultMemberId: string): TimeEntry {
      const value = parseInput(NewTimeEntrySchema, input);
      const memberId = value.memberId ?? defaultMemberId;
      memberStore.get(memberId);
      const task = taskStore.get(value.taskId);
      const at = ctx.now();
      const row: EntryRow = {
        id: ctx.newId(),
        createdAt: at,
        updatedAt: at,
        deletedAt: null,
        taskId: task.id,
        projectId: task.projectId,
        memberId,
        startedAt: value.startedAt,
        endedAt: value.endedAt,
        description: value.description,
        billable: value.billable,
      };
      ctx.write(['timeEntries'], () => {
        assertNoOverlap(memberId, row.startedAt, row.endedAt);
        insert(row);
      });
      return get(row.id);
    },
    update(id: string, input: unknown): TimeEntry {
      const value = parseInput(TimeEntryPatchSchema, input);
      const current = get(id);
      const startedAt = value.startedAt ?? current.startedAt;
      const endedAt = value.endedAt ?? current.endedAt;
      if (endedAt !== null && endedAt <= startedAt) throw new RpcError('invalid-input', 'endedAt: The end must be after the start');
      if (current.endedAt === null && value.endedAt !== undefined) {
        throw new RpcError('invalid-input', 'Stop the timer to set the end of a running entry');
      }
      const task = value.taskId ? taskStore.get(value.taskId) : null;
      ctx.write(['timeEntries'], () => {
        assertNoOverlap(current.memberId, startedAt, endedAt, id);
        patch(id, { ...value, ...(task ? { projectId: task.projectId } : {}) }, ctx.now());
      });
      return get(id);
    },
    /** Cuts one entry in two at `at`; the second half keeps task, description and billability. */
    split(id: string, at: number): [TimeEntry, TimeEntry] {
      const cut = parseInput(TimestampSchema, at);
      const current = get(id);
      const end = current.endedAt ?? ctx.now();
      if (cut <= current.startedAt || cut >= end) {
        throw new RpcError('invalid-input', `The split time must fall inside the entry (${when(current.startedAt)} to ${when(end)})`);
      }
      const now = ctx.now();
      const second: EntryRow = { ...current, id: ctx.newId(), createdAt: now, updatedAt: now, deletedAt: null, startedAt: cut };
      ctx.write(['timeEntries'], () => {
        // A running entry stays running in its second half (the unique index allows one open row).
        patch(id, { endedAt: cut }, now);
        insert(second);
      });
      return [get(id), get(second.id)];
    },
    /** Soft delete: the row stays as a tombstone, so undo (and later sync) can bring it back. */
    remove(id: string): TimeEntry {
      const current = get(id);
      const at = ctx.now();
      ctx.write(['timeEntries'], () => {
        db.update(timeEntries).set({ deletedAt: at, updatedAt: at }).where(eq(timeEntries.id, id)).run();
        ctx.ops.record('time_entries', id, 'delete', { deletedAt: at, updatedAt: at }, at);
      });
      return current;
    },
    restore(id: string): TimeEntry {
      const entry = find(id, true);
      if (!entry) throw notFound('time entry', id);
      const at = ctx.now();
      ctx.write(['timeEntries'], () => {
        assertNoOverlap(entry.memberId, entry.startedAt, entry.endedAt, id);
        db.update(timeEntries).set({ deletedAt: null, updatedAt: at }).where(eq(timeEntries.id, id)).run();
        ctx.ops.record('time_entries', id, 'restore', { deletedAt: null, updatedAt: at }, at);
      });
      return get(id);
    },
    /** Opens a running entry (the caller stops any other first, in the same transaction). */
    start(memberId: string, taskId: string, startedAt: number, description = ''): TimeEntry {
      const task = taskStore.get(taskId);
      memberStore.get(memberId);
      const row: EntryRow = {
        id: ctx.newId(),
        createdAt: startedAt,
        updatedAt: ctx.now(),
        deletedAt: null,
        taskId,
        projectId: task.projectId,
        memberId,
        startedAt,
        endedAt: null,
        description,
        billable: true,
      };
      ctx.write(['timeEntries'], () => {
        assertNoOverlap(memberId, startedAt, null);
        insert(row);
      });
      return get(row.id);
    },
    stop(id: string, endedAt: number): TimeEntry {
      const current = get(id);
      if (endedAt <= current.startedAt) endedAt = current.startedAt + 1000;
      ctx.write(['timeEntries'], () => patch(id, { endedAt }, ctx.now()));
      return get(id);
    },
    /**
     * Bulk import (CSV import, tests, the benchmark): checked in memory (ends after starts, no
     * overlaps inside the batch), then written in one transaction through a prepared insert,
     * with an op row per entry like every other write. Ids must refer to existing rows: this is
     * for trusted sources, not for IPC input.
     */
    importMany(entries: readonly ImportedEntry[]): number {
      assertBatchValid(entries);
      const at = ctx.now();
      ctx.write(['timeEntries'], () => {
        for (const e of entries) {
          const row = {
            id: ctx.newId(),
            createdAt: at,
            updatedAt: at,
            taskId: e.taskId,
            projectId: e.projectId,
            memberId: e.memberId,
            startedAt: e.startedAt,
            endedAt: e.endedAt,
            description: e.description ?? '',
            billable: e.billable ?? true,
          };
          insertPrepared.run({ ...row, at });
          ctx.ops.record('time_entries', row.id, 'insert', row, at);
        }
      });
      return entries.length;
    },
  };
}

function assertBatchValid(entries: readonly ImportedEntry[]): void {
  const byMember = new Map<string, ImportedEntry[]>();
  entries.forEach((e, i) => {
    if (!Number.isInteger(e.startedAt) || !Number.isInteger(e.endedAt) || !(e.endedAt > e.startedAt)) {
      throw new RpcError('invalid-input', `Entry ${i + 1}: the end must be after the start`);
    }
    const own = byMember.get(e.memberId) ?? [];
    own.push(e);
    byMember.set(e.memberId, own);
  });
  for (const own of byMember.values()) {
    own.sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < own.length; i++) {
      if (own[i]!.startedAt < own[i - 1]!.endedAt) throw new RpcError('invalid-input', `Entries overlap at ${when(own[i]!.startedAt)}`);
    }
  }
}

export type TimeEntryStore = ReturnType<typeof createTimeEntryStore>;
