/**
 * Sync storage on SQLite (better-sqlite3 + drizzle): the embedded server's default. WAL with
 * synchronous=FULL: an acknowledged push survives a crash of the process or the machine. All
 * writes of one push are one transaction; better-sqlite3 is synchronous, so a push can never
 * interleave with another.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { and, asc, eq, gt, gte, lt } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { SyncEntity } from '../../../common/sync/entities';
import type { FieldClocks, FieldValues } from '../../../common/sync/merge';
import { MAX_SNAPSHOT_MARKS, type SyncOp } from '../../../common/wire/sync';
import { planRecords, recordKey, type StoredRecord } from './appendPlan';
import { COMPACT_CHUNK, type AppendResult, type JsonItems, type ListQuery, type RawRecord, type SyncStore } from './syncStore';
import { sqliteRows as rows } from './tables';
import { startWalCheckpointer, type WalCheckpointer } from './walCheckpointer';

/**
 * Layout 2. The op log is clustered by (workspace, seq): appends go to its end. Records live in
 * a rowid table with a unique key: inserting a record with a random id touches one small index
 * instead of splitting pages of a table clustered on that id (2.5x faster for big pushes).
 */
const LAYOUT = 2;
const DDL = `
CREATE TABLE IF NOT EXISTS sync_workspaces (workspace_id TEXT PRIMARY KEY NOT NULL, head INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sync_ops (
  workspace_id TEXT NOT NULL, seq INTEGER NOT NULL, op_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
  kind TEXT NOT NULL, fields TEXT NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL, user_id TEXT NOT NULL,
  PRIMARY KEY (workspace_id, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS sync_ops_op_id ON sync_ops (workspace_id, op_id);
CREATE TABLE IF NOT EXISTS sync_rows (
  workspace_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, fields TEXT NOT NULL, clocks TEXT NOT NULL,
  ref_id TEXT, at INTEGER, deleted INTEGER NOT NULL, seq INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS sync_rows_key ON sync_rows (workspace_id, entity, entity_id);
CREATE INDEX IF NOT EXISTS sync_rows_ref ON sync_rows (workspace_id, entity, ref_id);
CREATE INDEX IF NOT EXISTS sync_rows_at ON sync_rows (workspace_id, entity, at);
`;

/** Layout 1 kept records in a WITHOUT ROWID table keyed by (workspace, entity, id): copy them over once. */
function migrate(sqlite: Database.Database): void {
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  if (version >= LAYOUT) return;
  sqlite.transaction(() => {
    const old = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sync_rows'").pluck().get() as string | undefined;
    if (old?.includes('WITHOUT ROWID')) {
      sqlite.exec('ALTER TABLE sync_rows RENAME TO sync_rows_layout1; DROP INDEX IF EXISTS sync_rows_ref; DROP INDEX IF EXISTS sync_rows_at;');
      sqlite.exec(DDL);
      sqlite.exec('INSERT INTO sync_rows SELECT * FROM sync_rows_layout1 ORDER BY workspace_id, seq; DROP TABLE sync_rows_layout1;');
    } else {
      sqlite.exec(DDL);
    }
    sqlite.pragma(`user_version = ${LAYOUT}`);
  })();
}

export function openSqliteSyncStore(file: string): SyncStore {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // Snapshots read records in key order, each from wherever the rowid table holds it: through
  // a memory map, not a read call per page.
  sqlite.pragma('mmap_size = 1073741824');
  migrate(sqlite);
  let checkpointer: WalCheckpointer | null = null;
  if (file !== ':memory:') {
    sqlite.pragma('wal_autocheckpoint = 0');
    // Should the worker fail, the log must not grow without end: checkpoint inline again.
    checkpointer = startWalCheckpointer(file, () => sqlite.pragma('wal_autocheckpoint = 1000'));
  }
  const db = drizzle(sqlite);

  // The push, pull and snapshot paths run plain prepared statements: per row, drizzle's
  // placeholder filling and result mapping cost more than SQLite's own work.
  const head = sqlite.prepare('SELECT head FROM sync_workspaces WHERE workspace_id = ?').pluck();
  const headOf = (workspaceId: string): number => (head.get(workspaceId) as number | undefined) ?? 0;
  const setHead = sqlite.prepare('INSERT INTO sync_workspaces (workspace_id, head) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET head = excluded.head');
  // A logged op id conflicts and is skipped: the insert itself is the duplicate check.
  const insertOp = sqlite.prepare(
    'INSERT INTO sync_ops (workspace_id, seq, op_id, entity, entity_id, kind, fields, hlc, author, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const findRecord = sqlite.prepare('SELECT fields, clocks FROM sync_rows WHERE workspace_id = ? AND entity = ? AND entity_id = ?');
  const upsertRecord = sqlite.prepare(`INSERT INTO sync_rows (workspace_id, entity, entity_id, fields, clocks, ref_id, at, deleted, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (workspace_id, entity, entity_id) DO UPDATE SET fields = excluded.fields, clocks = excluded.clocks, ref_id = excluded.ref_id,
      at = excluded.at, deleted = excluded.deleted, seq = excluded.seq`);
  // Pages are written as JSON by SQLite itself; fields and clocks are stored as JSON already. A
  // BLOB reaches JS as a Buffer of the UTF-8 bytes, ready to send (TEXT would be decoded first).
  const opPage = sqlite.prepare(
    `SELECT count(*) AS count, CAST(coalesce(group_concat(item, char(10) ORDER BY seq), '') AS BLOB) AS items FROM (
       SELECT seq, '{"seq":' || seq || ',"op":{"id":' || json_quote(op_id) || ',"entity":' || json_quote(entity) || ',"entityId":' || json_quote(entity_id)
         || ',"kind":' || json_quote(kind) || ',"fields":' || fields || ',"hlc":' || json_quote(hlc) || ',"author":' || json_quote(author) || '}}' AS item
       FROM sync_ops WHERE workspace_id = ? AND seq > ? AND seq <= ? AND author <> ?)`,
  );
  // Entity names are [a-z_], which sort above ':', so the greatest joined key is the last record's.
  // The page is the key range the inner ORDER BY ... LIMIT picks; within it, rows are independent
  // (a client merges each on its own), so the aggregate takes them as they come: its own ORDER BY
  // sorted every page again and was half the cost of a snapshot (1.9 s against 1.0 s per 1M rows).
  const rowPage = (range: string) =>
    sqlite.prepare(
      `SELECT count(*) AS count, CAST(coalesce(group_concat(item, char(10)), '') AS BLOB) AS items, max(entity || ':' || entity_id) AS last FROM (
         SELECT entity, entity_id, '{"entity":' || json_quote(entity) || ',"id":' || json_quote(entity_id) || ',"fields":' || fields || ',"clocks":' || clocks || '}' AS item
         FROM sync_rows WHERE workspace_id = ? AND (entity, entity_id) > (?, ?)${range} ORDER BY entity, entity_id LIMIT ?)`,
    );
  const rowsAfter = rowPage('');
  const rowRange = rowPage(' AND (entity, entity_id) <= (?, ?)');
  // The key `skip` rows past (entity, id), read from the key index alone. Stepping a page at a
  // time is 7x faster than numbering every key with a window function (0.1 s for a million
  // keys, against 0.7-1.3 s that the first page of a bootstrap waited for).
  const keyPast = sqlite.prepare('SELECT entity, entity_id FROM sync_rows WHERE workspace_id = ? AND (entity, entity_id) > (?, ?) ORDER BY entity, entity_id LIMIT 1 OFFSET ?').raw();
  /** Where the pages of `limit` rows after the one starting past `from` end: every limit-th key from the second page on (MAX_SNAPSHOT_MARKS at most). */
  const pageMarks = (workspaceId: string, from: [string, string], limit: number): string[] => {
    const marks: string[] = [];
    let key = keyPast.get(workspaceId, ...from, 2 * limit - 1) as [string, string] | undefined;
    while (key) {
      marks.push(`${key[0]}:${key[1]}`);
      if (marks.length === MAX_SNAPSHOT_MARKS) break;
      key = keyPast.get(workspaceId, ...key, limit - 1) as [string, string] | undefined;
    }
    return marks;
  };
  const rowCount = sqlite.prepare('SELECT COUNT(*) FROM sync_rows WHERE workspace_id = ?').pluck();
  // Sequence numbers have no gaps, so the oldest op left tells where the compacted part ends.
  const oldestOp = sqlite.prepare('SELECT min(seq) FROM sync_ops WHERE workspace_id = ?').pluck();
  const floorOf = (workspaceId: string, head: number): number => {
    const oldest = oldestOp.get(workspaceId) as number | null;
    return oldest === null ? head : oldest - 1;
  };
  const deleteOps = sqlite.prepare('DELETE FROM sync_ops WHERE workspace_id = ? AND seq > ? AND seq <= ?');

  const appendTx = sqlite.transaction((workspaceId: string, userId: string, batch: readonly SyncOp[]): AppendResult => {
    const first = headOf(workspaceId) + 1;
    const fresh: SyncOp[] = [];
    for (const op of batch) {
      const seq = first + fresh.length;
      if (insertOp.run(workspaceId, seq, op.id, op.entity, op.entityId, op.kind, JSON.stringify(op.fields), op.hlc, op.author, userId).changes === 1) fresh.push(op);
    }
    if (fresh.length === 0) return { cursor: first - 1, accepted: 0, duplicates: batch.length };
    const current = new Map<string, StoredRecord>();
    for (const op of fresh) {
      const key = recordKey(op.entity, op.entityId);
      if (current.has(key)) continue;
      const found = findRecord.get(workspaceId, op.entity, op.entityId) as { fields: string; clocks: string } | undefined;
      if (found) current.set(key, { fields: JSON.parse(found.fields) as FieldValues, clocks: JSON.parse(found.clocks) as FieldClocks });
    }
    // The ops are logged above, numbered as planAppend numbers them; only the merged records remain.
    for (const r of planRecords(workspaceId, fresh, first, current)) upsertRecord.run(workspaceId, r.entity, r.entityId, r.fields, r.clocks, r.refId, r.at, r.deleted ? 1 : 0, r.seq);
    const cursor = first - 1 + fresh.length;
    setHead.run(workspaceId, cursor);
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
        const floor = floorOf(workspaceId, head);
        if (after < floor) return { items: new Uint8Array(0), count: 0, cursor: after, head, floor };
        const page = opPage.get(workspaceId, after, after + limit, excludeAuthor ?? '') as JsonItems;
        return { ...page, cursor: Math.max(after, Math.min(after + limit, head)), head, floor };
      })();
    },
    async snapshot(workspaceId, { after, upto, limit, marks }) {
      return sqlite.transaction(() => {
        const from: [string, string] = [after?.entity ?? '', after?.id ?? ''];
        const page = (upto ? rowRange.get(workspaceId, ...from, upto.entity, upto.id, limit) : rowsAfter.get(workspaceId, ...from, limit)) as JsonItems & { last: string | null };
        const total = after ? null : (rowCount.get(workspaceId) as number);
        return { ...page, head: headOf(workspaceId), total, marks: marks ? pageMarks(workspaceId, from, limit) : null };
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
    async compact(workspaceId, upto) {
      for (;;) {
        const { floor, more } = sqlite
          .transaction(() => {
            const head = headOf(workspaceId);
            const target = Math.min(upto, head);
            const from = floorOf(workspaceId, head);
            const to = Math.min(target, from + COMPACT_CHUNK);
            if (to > from) deleteOps.run(workspaceId, from, to);
            return { floor: Math.max(from, to), more: to < target };
          })
          .immediate();
        if (!more) return floor;
        // Pushes and pulls go on between the chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async close() {
      await checkpointer?.stop();
      sqlite.close();
    },
  };
}
