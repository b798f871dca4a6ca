/**
 * What syncs: the tracker's entities as field maps, named by the local store's table names,
 * fields named as the store's drizzle properties (camelCase). Each field has a schema, so the
 * server refuses an op that writes an unknown field or a value of the wrong type before it is
 * logged. Fields are optional in an op (an op carries only what it changed); `id` is never a field.
 */
import { z } from 'zod';
import { LIMITS } from '../tracker/schemas';

const time = z.number().int().min(0).max(8.64e15);
const str = (max: number) => z.string().max(max);
const ref = z.string().min(1).max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date like 2026-03-31');

const common = { createdAt: time, updatedAt: time, deletedAt: time.nullable() };

export const ENTITY_FIELDS = {
  members: z.object({
    ...common,
    name: str(LIMITS.name),
    role: str(LIMITS.name),
    email: str(LIMITS.email),
    workdays: z.string().regex(/^([1-7](,[1-7]){0,6})?$/, 'Workdays are ISO weekday numbers like 1,2,3'),
    workStart: str(5),
    workEnd: str(5),
  }),
  teams: z.object({ ...common, name: str(LIMITS.name) }),
  team_members: z.object({ ...common, teamId: ref, memberId: ref }),
  projects: z.object({
    ...common,
    name: str(LIMITS.name),
    client: str(LIMITS.name),
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    status: z.enum(['planned', 'active', 'on-hold', 'done']),
    startDate: date.nullable(),
    endDate: date.nullable(),
  }),
  tasks: z.object({
    ...common,
    projectId: ref,
    title: str(LIMITS.title),
    description: str(LIMITS.text),
    status: z.enum(['todo', 'in-progress', 'review', 'done']),
    dueDate: date.nullable(),
    estimateMinutes: z.number().int().min(0).max(100_000).nullable(),
    boardOrder: z.number().finite(),
  }),
  task_assignees: z.object({ ...common, taskId: ref, memberId: ref }),
  comments: z.object({ ...common, taskId: ref, memberId: ref, body: str(LIMITS.text) }),
  time_entries: z.object({
    ...common,
    taskId: ref,
    projectId: ref,
    memberId: ref,
    startedAt: time,
    endedAt: time.nullable(),
    description: str(2000),
    billable: z.boolean(),
  }),
  allocations: z.object({
    ...common,
    memberId: ref,
    projectId: ref,
    hoursPerWeek: z.number().min(0).max(168),
    startDate: date,
    endDate: date,
  }),
  time_off: z.object({ ...common, memberId: ref, startDate: date, endDate: date, reason: str(LIMITS.name) }),
} as const;

export type SyncEntity = keyof typeof ENTITY_FIELDS;
export const SYNC_ENTITIES = Object.keys(ENTITY_FIELDS) as SyncEntity[];
export const SyncEntitySchema = z.enum(SYNC_ENTITIES as [SyncEntity, ...SyncEntity[]]);

/** Per entity: every field name, in a fixed order. */
export const ENTITY_FIELD_NAMES: Record<SyncEntity, readonly string[]> = Object.fromEntries(
  SYNC_ENTITIES.map((e) => [e, Object.keys(ENTITY_FIELDS[e].shape)]),
) as unknown as Record<SyncEntity, readonly string[]>;

/** Fields that must be present before a row can exist in the client's typed tables. */
export const REQUIRED_FIELDS: Record<SyncEntity, readonly string[]> = Object.fromEntries(
  SYNC_ENTITIES.map((e) => {
    const shape = ENTITY_FIELDS[e].shape as Record<string, z.ZodType>;
    return [e, ENTITY_FIELD_NAMES[e].filter((f) => !shape[f]!.safeParse(null).success)];
  }),
) as unknown as Record<SyncEntity, readonly string[]>;

/** The "parent" reference each entity is listed under (REST sub-resources, server indexes). */
export const ENTITY_REF_FIELD: Partial<Record<SyncEntity, string>> = {
  tasks: 'projectId',
  comments: 'taskId',
  time_entries: 'projectId',
  task_assignees: 'taskId',
  team_members: 'teamId',
  allocations: 'memberId',
  time_off: 'memberId',
};

/** The time each entity is sorted/filtered by on the server (time entries by start). */
export const ENTITY_TIME_FIELD: Partial<Record<SyncEntity, string>> = { time_entries: 'startedAt' };

const partials = Object.fromEntries(SYNC_ENTITIES.map((e) => [e, ENTITY_FIELDS[e].partial().strict()])) as {
  [E in SyncEntity]: ReturnType<(typeof ENTITY_FIELDS)[E]['partial']>;
};

/** What an op (or a snapshot row) of an entity may hold: known fields, right types, any subset. */
export function entityFieldsSchema<E extends SyncEntity>(entity: E): (typeof partials)[E] {
  return partials[entity];
}
