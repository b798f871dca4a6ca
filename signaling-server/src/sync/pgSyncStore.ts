/**
 * Sync storage on PostgreSQL (node-postgres + drizzle), when `DATABASE_URL` is set. A push
 * locks its workspace's row (`FOR UPDATE`), so sequence numbers are handed out and committed in
 * order and a reader never sees seq n+1 without n. Big batches go in as a handful of
 * `INSERT ... SELECT FROM json_to_recordset($json)` statements: one parameter however many rows.
 */
import { and, asc, count, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { FieldClocks, FieldValues } from '../../../common/sync/merge';
import type { SyncOp } from '../../../common/wire/sync';
import { newOps, opRows, planRecords, recordKey, type OpRow, type RecordRow, type StoredRecord } from './appendPlan';
import { chunks, type AppendResult, type SyncStore } from './syncStore';
import { pgRows as rows, pgWorkspaces as workspaces } from './tables';

const UNNEST_CHUNK = 20_000;

const DDL = `
CREATE TABLE IF NOT EXISTS sync_workspaces (workspace_id TEXT COLLATE "C" PRIMARY KEY, head BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS sync_ops (
  workspace_id TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, op_id TEXT COLLATE "C" NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
  kind TEXT NOT NULL, fields TEXT NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL, user_id TEXT NOT NULL,
  PRIMARY KEY (workspace_id, seq));
CREATE UNIQUE INDEX IF NOT EXISTS sync_ops_op_id ON sync_ops (workspace_id, op_id);
CREATE TABLE IF NOT EXISTS sync_rows (
  workspace_id TEXT COLLATE "C" NOT NULL, entity TEXT COLLATE "C" NOT NULL, entity_id TEXT COLLATE "C" NOT NULL,
  fields TEXT NOT NULL, clocks TEXT NOT NULL, ref_id TEXT COLLATE "C", at BIGINT, deleted BOOLEAN NOT NULL, seq BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, entity, entity_id));
CREATE INDEX IF NOT EXISTS sync_rows_ref ON sync_rows (workspace_id, entity, ref_id);
CREATE INDEX IF NOT EXISTS sync_rows_at ON sync_rows (workspace_id, entity, at);
`;

type Db = NodePgDatabase<Record<string, never>>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const arr = (values: unknown[], type: string): SQL => sql`${sql.param(values)}::${sql.raw(type)}[]`;

// A batch goes to PostgreSQL as one JSON document that it takes apart itself: one string to
// send, where arrays of parameters had every element escaped by the driver first.
function insertOps(tx: Tx, part: OpRow[]) {
  return tx.execute(sql`INSERT INTO sync_ops (workspace_id, seq, op_id, entity, entity_id, kind, fields, hlc, author, user_id)
    SELECT "workspaceId", seq, "opId", entity, "entityId", kind, fields, hlc, author, "userId"
    FROM json_to_recordset(${JSON.stringify(part)}::json) AS r("workspaceId" text, seq bigint, "opId" text, entity text, "entityId" text, kind text, fields text, hlc text, author text, "userId" text)`);
}

function upsertRows(tx: Tx, part: RecordRow[]) {
  return tx.execute(sql`INSERT INTO sync_rows (workspace_id, entity, entity_id, fields, clocks, ref_id, at, deleted, seq)
    SELECT "workspaceId", entity, "entityId", fields, clocks, "refId", at, deleted, seq
    FROM json_to_recordset(${JSON.stringify(part)}::json) AS r("workspaceId" text, entity text, "entityId" text, fields text, clocks text, "refId" text, at bigint, deleted boolean, seq bigint)
    ON CONFLICT (workspace_id, entity, entity_id) DO UPDATE SET fields = excluded.fields, clocks = excluded.clocks,
      ref_id = excluded.ref_id, at = excluded.at, deleted = excluded.deleted, seq = excluded.seq`);
}

/**
 * Instances of a cluster start together against one database, and concurrent `CREATE TABLE IF
 * NOT EXISTS` can collide inside PostgreSQL's catalog (a duplicate key in `pg_type`): the DDL
 * runs under a transaction-scoped advisory lock, one instance after another.
 */
async function createTables(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('meshwork.sync.ddl'))");
    await client.query(DDL);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function openPgSyncStore(url: string): Promise<SyncStore> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // Bigint columns come back as numbers (seq and times stay far below 2^53).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const db: Db = drizzle(pool);
  await createTables(pool);

  const headOf = async (q: Db | Tx, workspaceId: string) =>
    (await q.select({ head: workspaces.head }).from(workspaces).where(eq(workspaces.workspaceId, workspaceId)))[0]?.head ?? 0;
  const recordColumns = { entity: rows.entity, entityId: rows.entityId, fields: rows.fields, clocks: rows.clocks };

  return {
    kind: 'postgres',
    async append(workspaceId, userId, batch: readonly SyncOp[]): Promise<AppendResult> {
      return db.transaction(async (tx) => {
        await tx.insert(workspaces).values({ workspaceId, head: 0 }).onConflictDoNothing();
        const locked = await tx.execute<{ head: number }>(sql`SELECT head FROM sync_workspaces WHERE workspace_id = ${workspaceId} FOR UPDATE`);
        const head = Number(locked.rows[0]!.head);
        const logged = new Set<string>();
        const found = await tx.execute<{ op_id: string }>(
          sql`SELECT op_id FROM sync_ops WHERE workspace_id = ${workspaceId} AND op_id = ANY(${arr(batch.map((o) => o.id), 'text')})`,
        );
        for (const r of found.rows) logged.add(r.op_id);
        const fresh = newOps(batch, logged);
        if (fresh.length === 0) return { cursor: head, accepted: 0, duplicates: batch.length };
        const current = new Map<string, StoredRecord>();
        const byEntity = new Map<string, Set<string>>();
        for (const op of fresh) {
          let ids = byEntity.get(op.entity);
          if (!ids) byEntity.set(op.entity, (ids = new Set()));
          ids.add(op.entityId);
        }
        for (const [entity, ids] of byEntity) {
          const existing = await tx.execute<{ entity_id: string; fields: string; clocks: string }>(
            sql`SELECT entity_id, fields, clocks FROM sync_rows WHERE workspace_id = ${workspaceId} AND entity = ${entity} AND entity_id = ANY(${arr([...ids], 'text')})`,
          );
          for (const r of existing.rows) current.set(recordKey(entity, r.entity_id), { fields: JSON.parse(r.fields) as FieldValues, clocks: JSON.parse(r.clocks) as FieldClocks });
        }
        for (const part of chunks(opRows(workspaceId, userId, fresh, head + 1), UNNEST_CHUNK)) await insertOps(tx, part);
        for (const part of chunks(planRecords(workspaceId, fresh, head + 1, current), UNNEST_CHUNK)) await upsertRows(tx, part);
        const cursor = head + fresh.length;
        await tx.update(workspaces).set({ head: cursor }).where(eq(workspaces.workspaceId, workspaceId));
        return { cursor, accepted: fresh.length, duplicates: batch.length - fresh.length };
      });
    },
    async readOps(workspaceId, after, limit, excludeAuthor) {
      // Head and page in one snapshot: the page holds every op of its range up to that head, so
      // moving the cursor to the range's end (or the head) never skips one.
      return db.transaction(
        async (tx) => {
          const head = await headOf(tx, workspaceId);
          // The page is written as JSON by PostgreSQL itself; fields are stored as JSON already.
          const page = await tx.execute<{ count: number; items: string }>(
            sql`SELECT count(*)::int AS count, coalesce(string_agg(
                  '{"seq":' || seq || ',"op":{"id":' || to_json(op_id) || ',"entity":' || to_json(entity) || ',"entityId":' || to_json(entity_id)
                  || ',"kind":' || to_json(kind) || ',"fields":' || fields || ',"hlc":' || to_json(hlc) || ',"author":' || to_json(author) || '}}', ',' ORDER BY seq), '') AS items
                FROM sync_ops WHERE workspace_id = ${workspaceId} AND seq > ${after} AND seq <= ${after + limit} AND author <> ${excludeAuthor ?? ''}`,
          );
          return { ...page.rows[0]!, cursor: Math.max(after, Math.min(after + limit, head)), head };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    },
    async snapshot(workspaceId, { after, upto, limit, marks }) {
      return db.transaction(
        async (tx) => {
          // A row comparison is one range on the primary key; the equivalent OR of two
          // conditions made PostgreSQL scan from the start of the workspace for every page.
          const afterKey = after ? sql`AND (entity, entity_id) > (${after.entity}, ${after.id})` : sql``;
          const uptoKey = upto ? sql`AND (entity, entity_id) <= (${upto.entity}, ${upto.id})` : sql``;
          const page = await tx.execute<{ count: number; items: string; last: string | null }>(
            sql`SELECT count(*)::int AS count,
                  coalesce(string_agg('{"entity":' || to_json(entity) || ',"id":' || to_json(entity_id) || ',"fields":' || fields || ',"clocks":' || clocks || '}', ',' ORDER BY entity, entity_id), '') AS items,
                  (array_agg(entity || ':' || entity_id ORDER BY entity DESC, entity_id DESC))[1] AS last
                FROM (SELECT entity, entity_id, fields, clocks FROM sync_rows WHERE workspace_id = ${workspaceId} ${afterKey} ${uptoKey}
                      ORDER BY entity, entity_id LIMIT ${limit}) AS page`,
          );
          const total = !after ? ((await tx.select({ n: count() }).from(rows).where(eq(rows.workspaceId, workspaceId)))[0]?.n ?? 0) : null;
          const ends = marks
            ? await tx.execute<{ mark: string }>(
                sql`SELECT entity || ':' || entity_id AS mark FROM (
                      SELECT entity, entity_id, row_number() OVER (ORDER BY entity, entity_id) AS n FROM sync_rows WHERE workspace_id = ${workspaceId} ${afterKey}) AS keys
                    WHERE n % ${limit} = 0 AND n > ${limit}`,
              )
            : null;
          return { ...page.rows[0]!, head: await headOf(tx, workspaceId), total, marks: ends ? ends.rows.map((r) => r.mark) : null };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    },
    async get(workspaceId, entity, id) {
      const found = await db
        .select(recordColumns)
        .from(rows)
        .where(and(eq(rows.workspaceId, workspaceId), eq(rows.entity, entity), eq(rows.entityId, id)));
      return found[0] ?? null;
    },
    async list(workspaceId, entity, query) {
      const conditions = [eq(rows.workspaceId, workspaceId), eq(rows.entity, entity), eq(rows.deleted, false)];
      if (query.refId !== undefined) conditions.push(eq(rows.refId, query.refId));
      if (query.from !== undefined) conditions.push(gte(rows.at, query.from));
      if (query.to !== undefined) conditions.push(lt(rows.at, query.to));
      if (query.afterId !== undefined) conditions.push(gt(rows.entityId, query.afterId));
      return db.select(recordColumns).from(rows).where(and(...conditions)).orderBy(asc(rows.entityId)).limit(query.limit);
    },
    async head(workspaceId) {
      return headOf(db, workspaceId);
    },
    async close() {
      await pool.end();
    },
  };
}
