/**
 * The tracker's part of the IPC contract: `tracker.*` (the local store's queries and
 * mutations), `timer.*` (the running timer and idle time) and the events that keep the
 * renderer's projection of the database fresh.
 */
import { z } from 'zod';
import { method } from '../ipc/rpc';
import {
  AllocationSchema,
  CommentPatchSchema,
  CommentSchema,
  DateSchema,
  DayTotalSchema,
  EntryQuerySchema,
  IdSchema,
  MemberPatchSchema,
  MemberSchema,
  NewAllocationSchema,
  NewCommentSchema,
  NewMemberSchema,
  NewProjectSchema,
  NewTaskSchema,
  NewTeamSchema,
  NewTimeEntrySchema,
  NewTimeOffSchema,
  ProjectPatchSchema,
  ProjectSchema,
  TaskMoveSchema,
  TaskPatchSchema,
  TaskSchema,
  TeamPatchSchema,
  TeamSchema,
  TimeEntryPatchSchema,
  TimeEntrySchema,
  TimeOffSchema,
  TimestampSchema,
} from './schemas';
import {
  ExportFormatSchema,
  ExportResultSchema,
  IdleChoiceSchema,
  IdlePromptSchema,
  ImportResultSchema,
  ProjectSummarySchema,
  RecentTaskSchema,
  ReminderSchema,
  ReportRangeSchema,
  ReportSchema,
  ResourceWeekSchema,
  TimerStatusSchema,
  TrackerChangedSchema,
} from './views';

/** A CSV to import: it must fit one call through the host socket (MAX_BYTES_PER_CALL is 4 MiB), quoted as JSON. */
export const MAX_IMPORT_BYTES = 3 * 1024 * 1024;
const ImportTextSchema = z
  .string()
  .max(MAX_IMPORT_BYTES)
  .refine((text) => new TextEncoder().encode(JSON.stringify(text)).length <= MAX_IMPORT_BYTES, `At most ${MAX_IMPORT_BYTES / 1024 / 1024} MB per file`);

export const trackerService = {
  me: method(z.tuple([]), MemberSchema),
  listMembers: method(z.tuple([]), z.array(MemberSchema)),
  createMember: method(z.tuple([NewMemberSchema]), MemberSchema),
  updateMember: method(z.tuple([IdSchema, MemberPatchSchema]), MemberSchema),
  /** Not this install's own member. */
  deleteMember: method(z.tuple([IdSchema]), z.void()),
  listTeams: method(z.tuple([]), z.array(TeamSchema)),
  createTeam: method(z.tuple([NewTeamSchema]), TeamSchema),
  updateTeam: method(z.tuple([IdSchema, TeamPatchSchema]), TeamSchema),
  deleteTeam: method(z.tuple([IdSchema]), z.void()),

  listProjects: method(z.tuple([]), z.array(ProjectSchema)),
  createProject: method(z.tuple([NewProjectSchema]), ProjectSchema),
  updateProject: method(z.tuple([IdSchema, ProjectPatchSchema]), ProjectSchema),
  deleteProject: method(z.tuple([IdSchema]), z.void()),
  dashboard: method(z.tuple([DateSchema]), z.array(ProjectSummarySchema)),

  listTasks: method(z.tuple([IdSchema.nullable()]), z.array(TaskSchema)),
  createTask: method(z.tuple([NewTaskSchema]), TaskSchema),
  updateTask: method(z.tuple([IdSchema, TaskPatchSchema]), TaskSchema),
  moveTask: method(z.tuple([TaskMoveSchema]), TaskSchema),
  deleteTask: method(z.tuple([IdSchema]), z.void()),
  listComments: method(z.tuple([IdSchema]), z.array(CommentSchema)),
  addComment: method(z.tuple([NewCommentSchema]), CommentSchema),
  /** Only by the comment's author. */
  updateComment: method(z.tuple([IdSchema, CommentPatchSchema]), CommentSchema),
  deleteComment: method(z.tuple([IdSchema]), z.void()),

  listEntries: method(z.tuple([EntryQuerySchema]), z.array(TimeEntrySchema)),
  createEntry: method(z.tuple([NewTimeEntrySchema]), TimeEntrySchema),
  updateEntry: method(z.tuple([IdSchema, TimeEntryPatchSchema]), TimeEntrySchema),
  splitEntry: method(z.tuple([IdSchema, TimestampSchema]), z.array(TimeEntrySchema)),
  deleteEntry: method(z.tuple([IdSchema]), TimeEntrySchema),
  restoreEntry: method(z.tuple([IdSchema]), TimeEntrySchema),
  /** A timesheet cell: this install's member's time on a task and day, set to a total. */
  setDayTotal: method(z.tuple([DayTotalSchema]), z.array(TimeEntrySchema)),

  listAllocations: method(z.tuple([]), z.array(AllocationSchema)),
  createAllocation: method(z.tuple([NewAllocationSchema]), AllocationSchema),
  deleteAllocation: method(z.tuple([IdSchema]), z.void()),
  listTimeOff: method(z.tuple([]), z.array(TimeOffSchema)),
  createTimeOff: method(z.tuple([NewTimeOffSchema]), TimeOffSchema),
  deleteTimeOff: method(z.tuple([IdSchema]), z.void()),
  resources: method(z.tuple([DateSchema, z.number().int().min(1).max(26)]), z.array(ResourceWeekSchema)),

  report: method(z.tuple([ReportRangeSchema]), ReportSchema),
  exportReport: method(z.tuple([ReportRangeSchema, ExportFormatSchema]), ExportResultSchema),
  /** A CSV of time entries (Meshwork's export, Toggl's, or the same columns): all rows or none. */
  importEntries: method(z.tuple([ImportTextSchema]), ImportResultSchema),
} as const;

export const timerService = {
  status: method(z.tuple([]), TimerStatusSchema),
  /** `description`: what the new entry says (continuing an entry keeps its words). */
  start: method(z.tuple([IdSchema, z.string().max(2000).optional()]), TimerStatusSchema),
  stop: method(z.tuple([]), TimerStatusSchema),
  recentTasks: method(z.tuple([]), z.array(RecentTaskSchema)),
  pendingIdle: method(z.tuple([]), IdlePromptSchema.nullable()),
  resolveIdle: method(z.tuple([IdleChoiceSchema]), TimerStatusSchema),
  /** Browser mode's idle source: seconds since the page last saw input (0 = active now). */
  reportIdle: method(z.tuple([z.number().min(0).max(7 * 86_400)]), z.void()),
} as const;

export const trackerEvents = {
  /** Rows of these entities changed: re-query what shows them. */
  'tracker.changed': TrackerChangedSchema,
  'timer.status': TimerStatusSchema,
  /** The user came back from idle time while a timer ran: ask keep, discard or split. */
  'timer.idle': IdlePromptSchema,
  'timer.reminder': ReminderSchema,
} as const;
