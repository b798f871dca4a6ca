/**
 * The REST API over the server's synced state (`/api/...`, bearer token). Resources are the
 * tracker's entities; writes become ops in the workspace log and reach every install live.
 * The workspace is the token's only one, or the `workspace` query parameter.
 */
import { z } from 'zod';
import {
  DateSchema,
  IdSchema,
  NewCommentSchema,
  NewProjectSchema,
  NewTaskSchema,
  TimeEntrySchema,
  ProjectPatchSchema,
  TaskPatchSchema,
  TaskStatusSchema,
  TimeEntryPatchSchema,
  TimestampSchema,
} from '../tracker/schemas';

export const API_PREFIX = '/api/';
export const OPENAPI_PATH = '/api/openapi.json';
export const MAX_PAGE = 500;

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  cursor: IdSchema.optional(),
  workspace: z.string().max(64).optional(),
});

export const ApiProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  client: z.string(),
  colour: z.string(),
  status: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export const ApiTaskSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  dueDate: z.string().nullable(),
  estimateMinutes: z.number().nullable(),
  boardOrder: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export const ApiCommentSchema = z.object({ id: z.string(), taskId: z.string(), memberId: z.string(), body: z.string(), createdAt: z.number() });
export const ApiTimeEntrySchema = TimeEntrySchema.extend({ createdAt: z.number() });
export const ApiUserSchema = z.object({ id: z.string(), name: z.string(), role: z.string(), email: z.string() });
export const ApiTeamSchema = z.object({ id: z.string(), name: z.string(), memberIds: z.array(z.string()) });

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ApiNewProjectSchema = NewProjectSchema;
export const ApiProjectPatchSchema = ProjectPatchSchema.strict();
export const ApiNewTaskSchema = NewTaskSchema.omit({ assigneeIds: true }).strict();
export const ApiTaskPatchSchema = TaskPatchSchema.omit({ assigneeIds: true })
  .extend({ status: TaskStatusSchema.optional(), boardOrder: z.number().finite().optional() })
  .strict();
export const ApiNewCommentSchema = NewCommentSchema.omit({ taskId: true }).extend({ memberId: IdSchema.optional() }).strict();
export const ApiNewTimeEntrySchema = z
  .object({
    taskId: IdSchema,
    memberId: IdSchema.optional(),
    startedAt: TimestampSchema,
    endedAt: TimestampSchema,
    description: z.string().max(2000).default(''),
    billable: z.boolean().default(true),
  })
  .strict()
  .refine((e) => e.endedAt > e.startedAt, { message: 'The end must be after the start', path: ['endedAt'] });
export const ApiTimeEntryPatchSchema = TimeEntryPatchSchema.strict();

export const TimeEntryQuerySchema = PageQuerySchema.extend({
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  projectId: IdSchema.optional(),
  memberId: IdSchema.optional(),
});

export const TimeReportQuerySchema = z
  .object({ from: DateSchema, to: DateSchema, workspace: z.string().max(64).optional() })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export const TimeReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  totalMs: z.number(),
  billableMs: z.number(),
  entries: z.number().int(),
  byProject: z.array(z.object({ projectId: z.string(), name: z.string(), ms: z.number(), billableMs: z.number() })),
  byMember: z.array(z.object({ memberId: z.string(), name: z.string(), ms: z.number() })),
});

export const ApiErrorSchema = z.object({
  error: z.enum(['bad-request', 'unauthorized', 'forbidden', 'not-found', 'too-large', 'rate-limited', 'internal']),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
