/**
 * The synced tables as sync sees them: entity name (= SQL table) -> columns, with each drizzle
 * property (the field name on the wire) and its SQL column, and which columns hold booleans
 * (SQLite stores 0/1; the wire carries true/false).
 */
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { ENTITY_FIELD_NAMES, type SyncEntity } from '../../common/sync/entities';
import type { TrackerEntity } from '../../common/tracker/views';
import * as schema from './schema';

export interface SyncTableInfo {
  entity: SyncEntity;
  /** The renderer's name for what changed (`tracker.changed`). */
  changes: TrackerEntity;
  /** field -> SQL column, for every synced field. */
  columns: ReadonlyMap<string, string>;
  booleans: ReadonlySet<string>;
}

const TABLES: Record<SyncEntity, [SQLiteTable, TrackerEntity]> = {
  members: [schema.members, 'members'],
  teams: [schema.teams, 'teams'],
  team_members: [schema.teamMembers, 'teams'],
  projects: [schema.projects, 'projects'],
  tasks: [schema.tasks, 'tasks'],
  task_assignees: [schema.taskAssignees, 'tasks'],
  comments: [schema.comments, 'comments'],
  time_entries: [schema.timeEntries, 'timeEntries'],
  allocations: [schema.allocations, 'resources'],
  time_off: [schema.timeOff, 'resources'],
};

function describe(entity: SyncEntity): SyncTableInfo {
  const [table, changes] = TABLES[entity];
  const all = getTableColumns(table) as Record<string, { name: string; columnType: string; dataType: string }>;
  const columns = new Map<string, string>();
  const booleans = new Set<string>();
  for (const field of ENTITY_FIELD_NAMES[entity]) {
    const column = all[field];
    if (!column) throw new Error(`Synced field ${entity}.${field} has no column in schema.ts`);
    columns.set(field, column.name);
    if (column.dataType === 'boolean') booleans.add(field);
  }
  return { entity, changes, columns, booleans };
}

export const SYNC_TABLES: Record<SyncEntity, SyncTableInfo> = Object.fromEntries(
  (Object.keys(TABLES) as SyncEntity[]).map((e) => [e, describe(e)]),
) as Record<SyncEntity, SyncTableInfo>;

export function isSyncEntity(name: string): name is SyncEntity {
  return Object.hasOwn(SYNC_TABLES, name);
}

/** Wire value -> SQLite parameter. */
export function toSqlValue(info: SyncTableInfo, field: string, value: unknown): unknown {
  if (info.booleans.has(field)) return value === null || value === undefined ? value : value ? 1 : 0;
  return value;
}

/** SQLite value -> wire value. */
export function fromSqlValue(info: SyncTableInfo, field: string, value: unknown): unknown {
  if (info.booleans.has(field)) return value === null ? null : Boolean(value);
  return value;
}
