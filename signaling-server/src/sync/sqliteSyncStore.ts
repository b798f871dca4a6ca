/**
 * Sync storage on SQLite (better-sqlite3 + drizzle): the embedded server's default. WAL with
 * synchronous=FULL: an acknowledged push survives a crash of the process or the machine. All
 * writes of one push are one transaction; better-sqlite3 is synchronous, so a push can never
 * interleave with another.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { and, asc, count, eq, gt, gte, lt, ne, or, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { SyncEntity } from '../../../common/sync/entities';
import type { FieldClocks, FieldValues } from '../../../common/sync/merge';
import type { SyncOp } from '../../../common/wire/sync';
import { planAppend, recordKey, type StoredRecord } from './appendPlan';
import { type AppendResult, type ListQuery, type RawLoggedOp, type RawRecord, type SyncStore } from './syncStore';
import { sqliteOps as ops, sqliteRows as rows, sqliteWorkspaces as workspaces } from './tables';

const DDL = `
CREATE TABLE IF NOT EXISTS sync_workspaces (workspace_id TEXT PRIMARY KEY NOT NULL, head INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sync_ops (
  workspace_id TEXT NOT NULL, seq INTEGER NOT NULL, op_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
  kind TEXT NOT NULL, fields TEXT NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL, user_id TEXT NOT NULL,
  PRIMARY KEY (workspace_id, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS sync_ops_op_id ON sync_ops (workspace_id, op_id);
CREATE TABLE IF NOT EXISTS sync_rows (
  workspace_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, fields TEXT NOT NULL, clocks TEXT NOT NULL,
  ref_id TEXT, at INTEGER, deleted INTEGER NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, entity, entity_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sync_rows_ref ON sync_rows (workspace_id, entity, ref_id);
CREATE INDEX IF NOT EXISTS sync_rows_at ON sync_rows (workspace_id, entity, at);
`;

export function openSqliteSyncStore(file: string): SyncStore {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.exec(DDL);
  const db = drizzle(sqlite);

  const headOf = (workspaceId: string): number =>
    db.select({ head: workspaces.head }).from(workspaces).where(eq(workspaces.workspaceId, workspaceId)).get()?.head ?? 0;

  // SQLite is in-process: one prepared statement run per row beats building one huge
  // multi-row statement (drizzle would re-render and SQLite re-parse it on every push).
  const p = sql.placeholder;
  const findRecord = db
    .select({ fields: rows.fields, clocks: rows.clocks })
    .from(rows)
    .where(and(eq(rows.workspaceId, p('workspaceId')), eq(rows.entity, p('entity')), eq(rows.entityId, p('entityId'))))
    .prepare();
  const insertOp = db
    .insert(ops)
    .values({
      workspaceId: p('workspaceId'),
      seq: p('seq'),
      opId: p('opId'),
      entity: p('entity'),
      entityId: p('entityId'),
      kind: p('kind'),
      fields: p('fields'),
      hlc: p('hlc'),
      author: p('author'),
      userId: p('userId'),
    })
    // A logged op id conflicts and is skipped: the insert itself is the duplicate check.
    .onConflictDoNothing()
    .prepare();
  const upsertRecord = db
    .insert(rows)
    .values({
      workspaceId: p('workspaceId'),
      entity: p('entity'),
      entityId: p('entityId'),
      fields: p('fields'),
      clocks: p('clocks'),
      refId: p('refId'),
      at: p('at'),
      deleted: p('deleted'),
      seq: p('seq'),
    })
    .onConflictDoUpdate({
      target: [rows.workspaceId, rows.entity, rows.entityId],
      set: {
        fields: sql`excluded.fields`,
        clocks: sql`excluded.clocks`,
        refId: sql`excluded.ref_id`,
        at: sql`excluded.at`,
        deleted: sql`excluded.deleted`,
        seq: sql`excluded.seq`,
      },
    })
    .prepare();

  const appendTx = sqlite.transaction((workspaceId: string, userId: string, batch: readonly SyncOp[]): AppendResult => {
    const head = headOf(workspaceId);
    const fresh: SyncOp[] = [];
    for (const op of batch) {
      const { id: _id, ...fields } = op.fields;
      const seq = head + fresh.length + 1;
      const row = { workspaceId, seq, opId: op.id, entity: op.entity, entityId: op.entityId, kind: op.kind, fields: JSON.stringify(fields), hlc: op.hlc, author: op.author, userId };
      if (insertOp.run(row).changes === 1) fresh.push(op);
    }
    if (fresh.length === 0) return { cursor: head, accepted: 0, duplicates: batch.length };
    const current = new Map<string, StoredRecord>();
    for (const op of fresh) {
      const key = recordKey(op.entity, op.entityId);
      if (current.has(key)) continue;
      const found = findRecord.get({ workspaceId, entity: op.entity, entityId: op.entityId });
      if (found) current.set(key, { fields: JSON.parse(found.fields) as FieldValues, clocks: JSON.parse(found.clocks) as FieldClocks });
    }
    // The ops are logged above (numbered in the same order planAppend numbers them); only the merged records remain.
    const plan = planAppend(workspaceId, userId, fresh, head + 1, current);
    for (const row of plan.recordRows) upsertRecord.run({ ...row, deleted: row.deleted ? 1 : 0 });
    const cursor = head + fresh.length;
    db.insert(workspaces)
      .values({ workspaceId, head: cursor })
      .onConflictDoUpdate({ target: workspaces.workspaceId, set: { head: cursor } })
      .run();
    return { cursor, accepted: fresh.length, duplicates: batch.length - fresh.length };
  });

  const recordColumns = { entity: rows.entity, entityId: rows.entityId, fields: rows.fields, clocks: rows.clocks };

  return {
    kind: 'sqlite',
    async append(workspaceId, userId, batch) {
      return appendTx.immediate(workspaceId, userId, batch);
    },
    async readOps(workspaceId, after, limit, excludeAuthor) {
      // One read transaction, so the head matches the page.
      return sqlite.transaction(() => {
        const head = headOf(workspaceId);
        const conditions = [eq(ops.workspaceId, workspaceId), gt(ops.seq, after)];
        if (excludeAuthor) conditions.push(ne(ops.author, excludeAuthor));
        const page: RawLoggedOp[] = db
          .select({ seq: ops.seq, opId: ops.opId, entity: ops.entity, entityId: ops.entityId, kind: ops.kind, fields: ops.fields, hlc: ops.hlc, author: ops.author })
          .from(ops)
          .where(and(...conditions))
          .orderBy(asc(ops.seq))
          .limit(limit)
          .all();
        return { ops: page, cursor: page.length === limit ? page.at(-1)!.seq : Math.max(after, head), head };
      })();
    },
    async snapshot(workspaceId, after, limit) {
      return sqlite.transaction(() => {
        const where = after
          ? and(eq(rows.workspaceId, workspaceId), or(gt(rows.entity, after.entity), and(eq(rows.entity, after.entity), gt(rows.entityId, after.id))))
          : eq(rows.workspaceId, workspaceId);
        const page = db.select(recordColumns).from(rows).where(where).orderBy(asc(rows.entity), asc(rows.entityId)).limit(limit).all();
        const total = after ? null : (db.select({ n: count() }).from(rows).where(eq(rows.workspaceId, workspaceId)).get()?.n ?? 0);
        return { rows: page, head: headOf(workspaceId), total };
      })();
    },
    async get(workspaceId, entity, id) {
      return (
        db
          .select(recordColumns)
          .from(rows)
          .where(and(eq(rows.workspaceId, workspaceId), eq(rows.entity, entity), eq(rows.entityId, id)))
          .get() ?? null
      );
    },
    async list(workspaceId, entity: SyncEntity, query: ListQuery): Promise<RawRecord[]> {
      const conditions = [eq(rows.workspaceId, workspaceId), eq(rows.entity, entity), eq(rows.deleted, false)];
      if (query.refId !== undefined) conditions.push(eq(rows.refId, query.refId));
      if (query.from !== undefined) conditions.push(gte(rows.at, query.from));
      if (query.to !== undefined) conditions.push(lt(rows.at, query.to));
      if (query.afterId !== undefined) conditions.push(gt(rows.entityId, query.afterId));
      return db.select(recordColumns).from(rows).where(and(...conditions)).orderBy(asc(rows.entityId)).limit(query.limit).all();
    },
    async head(workspaceId) {
      return headOf(workspaceId);
    },
    async close() {
      sqlite.close();
    },
  };
}
