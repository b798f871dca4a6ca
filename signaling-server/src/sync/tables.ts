/**
 * The server's sync tables, once per dialect (drizzle has no dialect-neutral table builder).
 *   sync_workspaces  one row per workspace: the head of its log (the cursor allocator)
 *   sync_ops         the ordered log: (workspace, seq) -> op; (workspace, op id) is unique
 *   sync_rows        current state per record: merged field values and per-field clocks (JSON
 *                    text, passed through to clients unparsed), plus a few columns the REST API
 *                    filters on (the parent reference, the time, the tombstone)
 * DDL is created at start (`CREATE ... IF NOT EXISTS`, see *SyncStore.ts). On SQLite only the
 * REST reads of `sync_rows` go through drizzle; pushes, pulls and snapshots run plain statements.
 */
import { bigint, boolean, index as pgIndex, pgTable, primaryKey as pgPrimaryKey, text as pgText, uniqueIndex as pgUniqueIndex } from 'drizzle-orm/pg-core';
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

export const pgWorkspaces = pgTable('sync_workspaces', {
  workspaceId: pgText('workspace_id').primaryKey(),
  head: bigint('head', { mode: 'number' }).notNull(),
});

export const pgOps = pgTable(
  'sync_ops',
  {
    workspaceId: pgText('workspace_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    opId: pgText('op_id').notNull(),
    entity: pgText('entity').notNull(),
    entityId: pgText('entity_id').notNull(),
    kind: pgText('kind').notNull(),
    fields: pgText('fields').notNull(),
    hlc: pgText('hlc').notNull(),
    author: pgText('author').notNull(),
    userId: pgText('user_id').notNull(),
  },
  (t) => [pgPrimaryKey({ columns: [t.workspaceId, t.seq] }), pgUniqueIndex('sync_ops_op_id').on(t.workspaceId, t.opId)],
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
