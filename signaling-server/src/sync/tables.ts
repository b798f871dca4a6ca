/**
 * The server's sync tables, once per dialect (drizzle has no dialect-neutral table builder).
 *   sync_workspaces  one row per workspace: the head of its log (the cursor allocator)
 *   sync_ops         the ordered log: (workspace, seq) -> op; (workspace, op id) is unique
 *   sync_rows        current state per record: merged field values and per-field clocks (JSON
 *                    text, passed through to clients unparsed), plus a few columns the REST API
 *                    filters on (the parent reference, the time, the tombstone)
 * DDL is created at start (`CREATE ... IF NOT EXISTS`, see *SyncStore.ts). Only the tables drizzle
 * queries are declared here (REST reads of `sync_rows`, PostgreSQL's head and upserts); the log
 * and the JSON pages of pulls and snapshots are plain SQL.
 */
import { bigint, boolean, index as pgIndex, pgTable, primaryKey as pgPrimaryKey, text as pgText } from 'drizzle-orm/pg-core';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const sqliteRows = sqliteTable(
  'sync_rows',
  {
    workspaceId: text('workspace_id').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    fields: text('fields').notNull(),
    clocks: text('clocks').notNull(),
    refId: text('ref_id'),
    at: integer('at'),
    deleted: integer('deleted', { mode: 'boolean' }).notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [
    uniqueIndex('sync_rows_key').on(t.workspaceId, t.entity, t.entityId),
    index('sync_rows_ref').on(t.workspaceId, t.entity, t.refId),
    index('sync_rows_at').on(t.workspaceId, t.entity, t.at),
  ],
);

export const pgRows = pgTable(
  'sync_rows',
  {
    workspaceId: pgText('workspace_id').notNull(),
    entity: pgText('entity').notNull(),
    entityId: pgText('entity_id').notNull(),
    fields: pgText('fields').notNull(),
    clocks: pgText('clocks').notNull(),
    refId: pgText('ref_id'),
    at: bigint('at', { mode: 'number' }),
    deleted: boolean('deleted').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    pgPrimaryKey({ columns: [t.workspaceId, t.entity, t.entityId] }),
    pgIndex('sync_rows_ref').on(t.workspaceId, t.entity, t.refId),
    pgIndex('sync_rows_at').on(t.workspaceId, t.entity, t.at),
  ],
);
