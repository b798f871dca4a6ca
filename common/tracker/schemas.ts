/**
 * The tracker's domain as it crosses IPC: what main returns (entities) and what it accepts
 * (inputs, with the limits that keep bad data out). Times are milliseconds since the epoch;
 * calendar dates are ISO `YYYY-MM-DD` strings.
 */
import { z } from 'zod';

export const LIMITS = {
  name: 120,
  title: 200,
  text: 10_000,
  email: 254,
} as const;

/** 2000-01-01 .. 2100-01-01: anything outside is a typo or a unit mix-up (seconds vs ms). */
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

export const IdSchema = z.string().min(1, 'An id is required').max(64, 'That id is too long');
export const TimestampSchema = z
  .number({ error: 'Must be a time' })
  .int('Must be a whole number of milliseconds')
  .min(MIN_TIME, 'Must be a date after 2000')
  .max(MAX_TIME, 'Must be a date before 2100');
export const DateSchema = z.iso.date({ error: 'Must be a date like 2026-03-31' });
const name = (label: string, max: number = LIMITS.name) =>
  z.string().trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);
const text = (label: string, max: number = LIMITS.text) => z.string().max(max, `${label} must be at most ${max} characters`);

export const ProjectStatusSchema = z.enum(['planned', 'active', 'on-hold', 'done']);
export const TaskStatusSchema = z.enum(['todo', 'in-progress', 'review', 'done']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;
export const TASK_STATUSES = TaskStatusSchema.options;
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  todo: 'To do',
  'in-progress': 'In progress',
  review: 'Review',
  done: 'Done',
};
export const ColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colour must look like #3366ff');
const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time like 09:00');
const WorkdaysSchema = z.array(z.number().int().min(1).max(7)).max(7);

// ---- entities ----

export const MemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  email: z.string(),
  workdays: WorkdaysSchema,
  workStart: z.string(),
  workEnd: z.string(),
  updatedAt: z.number(),
});
export type Member = z.infer<typeof MemberSchema>;

export const TeamSchema = z.object({ id: z.string(), name: z.string(), memberIds: z.array(z.string()), updatedAt: z.number() });
export type Team = z.infer<typeof TeamSchema>;

export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  client: z.string(),
  colour: z.string(),
  status: ProjectStatusSchema,
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  updatedAt: z.number(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const TaskSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  title: z.string(),
  description: z.string(),
  status: TaskStatusSchema,
  dueDate: z.string().nullable(),
  estimateMinutes: z.number().nullable(),
  boardOrder: z.number(),
  assigneeIds: z.array(z.string()),
  updatedAt: z.number(),
});
export type Task = z.infer<typeof TaskSchema>;

export const CommentSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  memberId: z.string(),
  body: z.string(),
  createdAt: z.number(),
  /** Later than createdAt once its author has edited it. */
  updatedAt: z.number(),
});
export type Comment = z.infer<typeof CommentSchema>;

export const TimeEntrySchema = z.object({
  id: z.string(),
  taskId: z.string(),
  projectId: z.string(),
  memberId: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  description: z.string(),
  billable: z.boolean(),
  updatedAt: z.number(),
});
export type TimeEntry = z.infer<typeof TimeEntrySchema>;

export const AllocationSchema = z.object({
  id: z.string(),
  memberId: z.string(),
  projectId: z.string(),
  hoursPerWeek: z.number(),
  startDate: z.string(),
  endDate: z.string(),
});
export type Allocation = z.infer<typeof AllocationSchema>;

export const TimeOffSchema = z.object({
  id: z.string(),
  memberId: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  reason: z.string(),
});
export type TimeOff = z.infer<typeof TimeOffSchema>;

// ---- inputs ----

export const NewMemberSchema = z.object({
  name: name('Name'),
  role: text('Role', LIMITS.name).default(''),
  email: z.union([z.literal(''), z.email('Email must be an address like ana@example.com').max(LIMITS.email)]).default(''),
  workdays: WorkdaysSchema.default([1, 2, 3, 4, 5]),
  workStart: TimeOfDaySchema.default('09:00'),
  workEnd: TimeOfDaySchema.default('17:00'),
});
export type NewMember = z.input<typeof NewMemberSchema>;
export const MemberPatchSchema = z.object({
  name: name('Name').optional(),
  role: text('Role', LIMITS.name).optional(),
  email: z.union([z.literal(''), z.email('Email must be an address like ana@example.com').max(LIMITS.email)]).optional(),
  workdays: WorkdaysSchema.optional(),
  workStart: TimeOfDaySchema.optional(),
  workEnd: TimeOfDaySchema.optional(),
});

export const NewTeamSchema = z.object({ name: name('Team name'), memberIds: z.array(IdSchema).max(500).default([]) });
/** A team's new name and/or its whole new member list (members not listed leave the team). */
export const TeamPatchSchema = z.object({ name: name('Team name').optional(), memberIds: z.array(IdSchema).max(500).optional() });

export const NewProjectSchema = z
  .object({
    name: name('Project name'),
    client: text('Client', LIMITS.name).default(''),
    colour: ColourSchema.default('#5b8cff'),
    status: ProjectStatusSchema.default('active'),
    startDate: DateSchema.nullable().default(null),
    endDate: DateSchema.nullable().default(null),
  })
  .refine((p) => !p.startDate || !p.endDate || p.startDate <= p.endDate, {
    message: 'The end date must not be before the start date',
    path: ['endDate'],
  });
export type NewProject = z.input<typeof NewProjectSchema>;
export const ProjectPatchSchema = z.object({
  name: name('Project name').optional(),
  client: text('Client', LIMITS.name).optional(),
  colour: ColourSchema.optional(),
  status: ProjectStatusSchema.optional(),
  startDate: DateSchema.nullable().optional(),
  endDate: DateSchema.nullable().optional(),
});

export const NewTaskSchema = z.object({
  projectId: IdSchema,
  title: name('Title', LIMITS.title),
  description: text('Description').default(''),
  status: TaskStatusSchema.default('todo'),
  dueDate: DateSchema.nullable().default(null),
  estimateMinutes: z.number().int().min(0).max(100_000, 'Estimate is too large').nullable().default(null),
  assigneeIds: z.array(IdSchema).max(50).default([]),
});
export type NewTask = z.input<typeof NewTaskSchema>;
export const TaskPatchSchema = z.object({
  title: name('Title', LIMITS.title).optional(),
  description: text('Description').optional(),
  dueDate: DateSchema.nullable().optional(),
  estimateMinutes: z.number().int().min(0).max(100_000).nullable().optional(),
  assigneeIds: z.array(IdSchema).max(50).optional(),
});

/** Drop a task into `status`, between two neighbours (ids, or null at either end). */
export const TaskMoveSchema = z.object({
  taskId: IdSchema,
  status: TaskStatusSchema,
  beforeId: IdSchema.nullable(),
  afterId: IdSchema.nullable(),
});
export type TaskMove = z.infer<typeof TaskMoveSchema>;

export const NewCommentSchema = z.object({ taskId: IdSchema, body: name('Comment', LIMITS.text) });
export const CommentPatchSchema = z.object({ body: name('Comment', LIMITS.text) });

const entryFields = {
  taskId: IdSchema,
  startedAt: TimestampSchema,
  endedAt: TimestampSchema,
  description: text('Description', 2000).default(''),
  billable: z.boolean().default(true),
};
export const NewTimeEntrySchema = z
  .object({ ...entryFields, memberId: IdSchema.optional() })
  .refine((e) => e.endedAt > e.startedAt, { message: 'The end must be after the start', path: ['endedAt'] });
export type NewTimeEntry = z.input<typeof NewTimeEntrySchema>;
export const TimeEntryPatchSchema = z.object({
  taskId: IdSchema.optional(),
  startedAt: TimestampSchema.optional(),
  endedAt: TimestampSchema.optional(),
  description: text('Description', 2000).optional(),
  billable: z.boolean().optional(),
});

export const NewAllocationSchema = z
  .object({
    memberId: IdSchema,
    projectId: IdSchema,
    hoursPerWeek: z.number().min(0).max(168, 'A week has 168 hours'),
    startDate: DateSchema,
    endDate: DateSchema,
  })
  .refine((a) => a.startDate <= a.endDate, { message: 'The end date must not be before the start date', path: ['endDate'] });
export const NewTimeOffSchema = z
  .object({ memberId: IdSchema, startDate: DateSchema, endDate: DateSchema, reason: text('Reason', LIMITS.name).default('') })
  .refine((a) => a.startDate <= a.endDate, { message: 'The end date must not be before the start date', path: ['endDate'] });

/** The timesheet's cell: make a task's logged time on one of the viewer's days exactly `minutes`. */
export const DayTotalSchema = z.object({
  taskId: IdSchema,
  date: DateSchema,
  minutes: z.number().int('Whole minutes').min(0).max(24 * 60, 'A day has 24 hours'),
  /** The viewer's offset from UTC, so the day is their day. */
  utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60),
});
export type DayTotal = z.infer<typeof DayTotalSchema>;

export const EntryQuerySchema = z.object({
  from: TimestampSchema,
  to: TimestampSchema,
  memberId: IdSchema.optional(),
  taskId: IdSchema.optional(),
});
export type EntryQuery = z.infer<typeof EntryQuerySchema>;
