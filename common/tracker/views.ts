/**
 * Read models main computes for the tracker screens (dashboard, resources, reports, timer) and
 * the events that tell the renderer its projection of the database is stale.
 */
import { z } from 'zod';
import { DateSchema, IdSchema, TaskSchema, TimeEntrySchema } from './schemas';

export const ProjectSummarySchema = z.object({
  projectId: z.string(),
  taskCount: z.number(),
  doneCount: z.number(),
  estimateMinutes: z.number(),
  loggedMs: z.number(),
  /** A sync is loading time entries in bulk and the hour totals come when it ends: `loggedMs` is not the whole yet. */
  hoursCounting: z.boolean(),
  overdueTasks: z.array(TaskSchema),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

export const ReportRangeSchema = z
  .object({
    from: DateSchema,
    /** Inclusive. */
    to: DateSchema,
    projectId: IdSchema.optional(),
    memberId: IdSchema.optional(),
    /** Only the entries of this team's members. */
    teamId: IdSchema.optional(),
    /** The viewer's offset from UTC, so "a day" is their day. */
    utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).default(0),
  })
  .refine((r) => r.from <= r.to, { message: 'The end date must not be before the start date', path: ['to'] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 3 * 86_400_000, {
    message: 'A report covers at most three years',
    path: ['to'],
  });
export type ReportRange = z.input<typeof ReportRangeSchema>;

const Bucket = z.object({ key: z.string(), label: z.string(), ms: z.number(), billableMs: z.number() });
export type ReportBucket = z.infer<typeof Bucket>;

export const ReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  totalMs: z.number(),
  billableMs: z.number(),
  byProject: z.array(Bucket.extend({ colour: z.string() })),
  byMember: z.array(Bucket),
  byTask: z.array(Bucket.extend({ projectLabel: z.string() })),
  /** Every day of the range, zero-filled, so a chart has no gaps. */
  byDay: z.array(Bucket),
});
export type Report = z.infer<typeof ReportSchema>;

export const ExportFormatSchema = z.enum(['csv', 'pdf']);
/** What an import of time entries wrote. */
export const ImportResultSchema = z.object({
  entries: z.number(),
  /** Rows of zero length (a timer started and stopped at once): nothing to track. */
  skipped: z.number(),
  projects: z.number(),
  tasks: z.number(),
  members: z.number(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ExportResultSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  /** CSV text, or the PDF as base64, so browser mode can offer it as a download. */
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  /** Where main wrote the file. */
  savedPath: z.string(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

export const ResourceWeekSchema = z.object({
  memberId: z.string(),
  weekStart: z.string(),
  availableHours: z.number(),
  allocatedHours: z.number(),
  loggedHours: z.number(),
  overAllocated: z.boolean(),
});
export type ResourceWeek = z.infer<typeof ResourceWeekSchema>;

export const TimerStatusSchema = z.object({
  memberId: z.string(),
  running: TimeEntrySchema.nullable(),
  taskTitle: z.string().nullable(),
  projectName: z.string().nullable(),
});
export type TimerStatus = z.infer<typeof TimerStatusSchema>;

export const RecentTaskSchema = z.object({ taskId: z.string(), title: z.string(), projectName: z.string() });
export type RecentTask = z.infer<typeof RecentTaskSchema>;

export const IdlePromptSchema = z.object({
  memberId: z.string(),
  entryId: z.string(),
  idleStart: z.number(),
  returnedAt: z.number(),
});
export type IdlePrompt = z.infer<typeof IdlePromptSchema>;
export const IdleChoiceSchema = z.enum(['keep', 'discard', 'split']);
export type IdleChoice = z.infer<typeof IdleChoiceSchema>;

export const TrackerEntitySchema = z.enum(['members', 'teams', 'projects', 'tasks', 'comments', 'timeEntries', 'resources']);
export type TrackerEntity = z.infer<typeof TrackerEntitySchema>;
export const TrackerChangedSchema = z.object({ entities: z.array(TrackerEntitySchema) });

export const ReminderSchema = z.object({ memberId: z.string(), message: z.string(), at: z.number() });
