/**
 * The tracker's SQLite schema (drizzle). drizzle-kit generates the numbered migrations in
 * ./migrations from this file (`npm run db:generate`); they are committed and applied at start.
 *
 * Built for sync later: every row has a stable random id (UUID), `updated_at` (ms since epoch)
 * and a `deleted_at` tombstone instead of a hard delete, and every mutation also appends an op
 * row in the same transaction (see opLog.ts).
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const syncColumns = {
  id: text('id').primaryKey(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  deletedAt: integer('deleted_at'),
  /** Sync: JSON of the HLC that last wrote each field (`{"*": hlc}` when one op wrote them all). */
  syncClocks: text('sync_clocks'),
};

export const members = sqliteTable('members', {
  ...syncColumns,
  name: text('name').notNull(),
  role: text('role').notNull().default(''),
  email: text('email').notNull().default(''),
  /** Availability: working days as ISO weekday numbers ("1,2,3,4,5") and hours ("09:00"-"17:00"). */
  workdays: text('workdays').notNull().default('1,2,3,4,5'),
  workStart: text('work_start').notNull().default('09:00'),
  workEnd: text('work_end').notNull().default('17:00'),
});

export const teams = sqliteTable('teams', {
  ...syncColumns,
  name: text('name').notNull(),
});

export const teamMembers = sqliteTable(
  'team_members',
  {
    ...syncColumns,
    teamId: text('team_id').notNull(),
    memberId: text('member_id').notNull(),
  },
  (t) => [index('team_members_team').on(t.teamId)],
);

export const projects = sqliteTable('projects', {
  ...syncColumns,
  name: text('name').notNull(),
  client: text('client').notNull().default(''),
  colour: text('colour').notNull(),
  status: text('status').notNull(),
  startDate: text('start_date'),
  endDate: text('end_date'),
});

export const tasks = sqliteTable(
  'tasks',
  {
    ...syncColumns,
    projectId: text('project_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status').notNull(),
    dueDate: text('due_date'),
    estimateMinutes: integer('estimate_minutes'),
    /** Fractional position inside its status column: a move rewrites one row, not the column. */
    boardOrder: real('board_order').notNull(),
  },
  (t) => [index('tasks_project').on(t.projectId, t.status, t.boardOrder)],
);

export const taskAssignees = sqliteTable(
  'task_assignees',
  {
    ...syncColumns,
    taskId: text('task_id').notNull(),
    memberId: text('member_id').notNull(),
  },
  (t) => [index('task_assignees_task').on(t.taskId)],
);

export const comments = sqliteTable(
  'comments',
  {
    ...syncColumns,
    taskId: text('task_id').notNull(),
    memberId: text('member_id').notNull(),
    body: text('body').notNull(),
  },
  (t) => [index('comments_task').on(t.taskId, t.createdAt)],
);

export const timeEntries = sqliteTable(
  'time_entries',
  {
    ...syncColumns,
    taskId: text('task_id').notNull(),
    /** The task's project, copied so reports never join tasks over a million rows. */
    projectId: text('project_id').notNull(),
    memberId: text('member_id').notNull(),
    startedAt: integer('started_at').notNull(),
    /** Null while the timer runs. */
    endedAt: integer('ended_at'),
    description: text('description').notNull().default(''),
    billable: integer('billable', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    // Reports scan a date range through this covering index and never read the table itself.
    index('time_entries_report').on(t.startedAt, t.deletedAt, t.projectId, t.memberId, t.taskId, t.endedAt, t.billable),
    index('time_entries_member').on(t.memberId, t.startedAt),
    index('time_entries_task').on(t.taskId, t.startedAt),
    // One running timer per member, enforced by the database itself.
    uniqueIndex('time_entries_one_running').on(t.memberId).where(sql`ended_at IS NULL AND deleted_at IS NULL`),
    // Running entries by start, for reports (they are not in the hour totals until they stop).
    index('time_entries_running').on(t.startedAt).where(sql`ended_at IS NULL AND deleted_at IS NULL`),
  ],
);

/** Append-only log of mutations, the outbox a sync client will push. */
export const ops = sqliteTable(
  'ops',
  {
    id: text('id').primaryKey(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    kind: text('kind').notNull(),
    /** JSON of the fields the mutation wrote. */
    fields: text('fields').notNull(),
    at: integer('at').notNull(),
    /** Local order, for a push cursor. */
    seq: integer('seq').notNull(),
    /** Hybrid logical clock of the write (common/sync/hlc.ts). */
    hlc: text('hlc').notNull().default(''),
    /** The install (HLC node) that made it: this one, for every row here. */
    author: text('author').notNull().default(''),
  },
  (t) => [uniqueIndex('ops_seq').on(t.seq)],
);

/**
 * Sync: remote writes to records this install cannot hold yet (an edit that arrived before the
 * record's insert, so required columns are missing). Folded into the row once it is complete.
 */
export const syncPending = sqliteTable(
  'sync_pending',
  {
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    fields: text('fields').notNull(),
    clocks: text('clocks').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.entityId] })],
);

/** Small key/value facts about this install (e.g. which member is "me"). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Resource planning: how many hours a week a member is booked on a project, over a date range. */
export const allocations = sqliteTable(
  'allocations',
  {
    ...syncColumns,
    memberId: text('member_id').notNull(),
    projectId: text('project_id').notNull(),
    hoursPerWeek: real('hours_per_week').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
  },
  (t) => [index('allocations_member').on(t.memberId, t.startDate)],
);

/** Availability exceptions: whole days off (holidays, leave), inclusive. */
export const timeOff = sqliteTable(
  'time_off',
  {
    ...syncColumns,
    memberId: text('member_id').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    reason: text('reason').notNull().default(''),
  },
  (t) => [index('time_off_member').on(t.memberId, t.startDate)],
);

/**
 * Derived, not synced: milliseconds logged per project per UTC hour, kept current by triggers on
 * time_entries (migration 0003). The monthly report sums a few thousand of these rows instead
 * of scanning every entry of the month. Running entries are not in it until they stop.
 */
export const projectHourTotals = sqliteTable(
  'project_hour_totals',
  {
    hour: integer('hour').notNull(),
    projectId: text('project_id').notNull(),
    ms: integer('ms').notNull(),
    billableMs: integer('billable_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.projectId] })],
);

/**
 * Remote-control decisions on this machine (requests, grants, denials, revokes, expiries,
 * stops). Local only: never synced, never deleted by the app.
 */
export const remoteAudit = sqliteTable(
  'remote_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
    peerId: text('peer_id').notNull(),
    peerName: text('peer_name').notNull(),
    sessionId: text('session_id'),
    /** JSON array of scopes. */
    scopes: text('scopes').notNull(),
    detail: text('detail'),
  },
  (t) => [index('remote_audit_at').on(t.at)],
);

/**
 * Meeting chat, kept per room on this install (local only, never synced). `via_*` name the
 * member who relayed an entry in a late joiner's history (null: it came from its author).
 */
export const meetingChat = sqliteTable(
  'meeting_chat',
  {
    roomId: text('room_id').notNull(),
    id: text('id').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    text: text('text').notNull(),
    sentAt: integer('sent_at').notNull(),
    viaId: text('via_id'),
    viaName: text('via_name'),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.id] }), index('meeting_chat_room_time').on(t.roomId, t.sentAt, t.id)],
);
