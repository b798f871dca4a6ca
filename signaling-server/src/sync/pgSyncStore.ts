/**
 * Sync storage on PostgreSQL (node-postgres + drizzle), when `DATABASE_URL` is set. A push
 * locks its workspace's row (`FOR UPDATE`), so sequence numbers are handed out and committed in
 * order and a reader never sees seq n+1 without n. New log rows and new records go in with
 * COPY (pgCopy.ts); changed records as one `UPDATE ... FROM json_to_recordset($json)`.
 */
import { and, asc, eq, gt, gte, lt } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { FieldClocks, FieldValues } from '../../../common/sync/merge';
import { MAX_SNAPSHOT_MARKS, type SyncOp } from '../../../common/wire/sync';
import { newOps, opRows, planRecords, recordKey, type RecordRow, type StoredRecord } from './appendPlan';
import { copyLines, copyRows, lastLine } from './pgCopy';
import { chunks, COMPACT_CHUNK, type AppendResult, type SyncStore } from './syncStore';
import { pgRows as rows } from './tables';

const UPDATE_CHUNK = 20_000;

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

/** COPY takes no parameters: values in its query are inlined as escaped literals. */
const literal = (value: string) => pg.escapeLiteral(value);

const OP_COLUMNS = ['workspace_id', 'seq', 'op_id', 'entity', 'entity_id', 'kind', 'fields', 'hlc', 'author', 'user_id'];
const ROW_COLUMNS = ['workspace_id', 'entity', 'entity_id', 'fields', 'clocks', 'ref_id', 'at', 'deleted', 'seq'];

// Changed records go to PostgreSQL as one JSON document it takes apart itself: one string to
// send, where arrays of parameters had every element escaped by the driver first.
function updateRows(client: pg.PoolClient, part: RecordRow[]) {
  return client.query(
    `UPDATE sync_rows AS s SET fields = r.fields, clocks = r.clocks, ref_id = r."refId", at = r.at, deleted = r.deleted, seq = r.seq
     FROM json_to_recordset($1::json) AS r("workspaceId" text, entity text, "entityId" text, fields text, clocks text, "refId" text, at bigint, deleted boolean, seq bigint)
     WHERE s.workspace_id = r."workspaceId" AND s.entity = r.entity AND s.entity_id = r."entityId"`,
    [JSON.stringify(part)],
  );
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

export interface PgSyncStoreOptions {
  /**
   * PostgreSQL ended a connection while it sat idle in the pool (a restart, a failover, an
   * admin's pg_terminate_backend). The pool drops it and the next call opens another; without a
   * listener node-postgres would throw the error from the socket and end the process.
   */
  onConnectionError?: (error: Error) => void;
}

export async function openPgSyncStore(url: string, options: PgSyncStoreOptions = {}): Promise<SyncStore> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', (error) => options.onConnectionError?.(error));
  // A connection lost while checked out fails the query running on it, which its caller sees.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  // Bigint columns come back as numbers (seq and times stay far below 2^53).
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const db: Db = drizzle(pool);
  await createTables(pool);

  const recordColumns = { entity: rows.entity, entityId: rows.entityId, fields: rows.fields, clocks: rows.clocks };
  const headIn = async (client: pg.Pool | pg.PoolClient, workspaceId: string) =>
    Number((await client.query<{ head: string }>('SELECT head FROM sync_workspaces WHERE workspace_id = $1', [workspaceId])).rows[0]?.head ?? 0);
  /** Sequence numbers have no gaps, so the oldest op left tells where the compacted part ends. */
  const floorIn = async (client: pg.PoolClient, workspaceId: string, head: number) => {
    const oldest = (await client.query<{ oldest: number | null }>('SELECT min(seq) AS oldest FROM sync_ops WHERE workspace_id = $1', [workspaceId])).rows[0]!.oldest;
    return oldest === null ? head : Number(oldest) - 1;
  };
  /** `work` in one transaction on a pool client of its own (COPY needs the connection, not drizzle's session). */
  const transaction = async <T>(begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  /** One read-only snapshot of the database for everything `read` asks (a page and the head it goes with). */
  const readOnly = <T>(read: (client: pg.PoolClient) => Promise<T>) => transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', read);

  /**
   * Where the pages of `limit` rows after the one starting past `from` end: every limit-th key
   * from the second page on (MAX_SNAPSHOT_MARKS at most), each found `limit` keys past the one
   * before in the primary key alone, as on SQLite (where numbering every key with a window
   * function took 7x as long).
   */
  const pageMarks = async (client: pg.PoolClient, workspaceId: string, from: [string, string], limit: number): Promise<string[]> => {
    const marks: string[] = [];
    const past = async (key: [string, string], skip: number) =>
      (
        await client.query<{ entity: string; entity_id: string }>({
          name: 'sync-snapshot-mark',
          text: 'SELECT entity, entity_id FROM sync_rows WHERE workspace_id = $1 AND (entity, entity_id) > ($2, $3) ORDER BY entity, entity_id OFFSET $4 LIMIT 1',
          values: [workspaceId, key[0], key[1], skip],
        })
      ).rows[0];
    for (let key = await past(from, 2 * limit - 1); key; key = await past([key.entity, key.entity_id], limit - 1)) {
      marks.push(`${key.entity}:${key.entity_id}`);
      if (marks.length === MAX_SNAPSHOT_MARKS) break;
    }
    return marks;
  };

  return {
    kind: 'postgres',
    async append(workspaceId, userId, batch: readonly SyncOp[]): Promise<AppendResult> {
      return transaction('BEGIN', async (client) => {
        await client.query('INSERT INTO sync_workspaces (workspace_id, head) VALUES ($1, 0) ON CONFLICT DO NOTHING', [workspaceId]);
        const locked = await client.query<{ head: number }>('SELECT head FROM sync_workspaces WHERE workspace_id = $1 FOR UPDATE', [workspaceId]);
        const head = Number(locked.rows[0]!.head);
        const found = await client.query<{ op_id: string }>('SELECT op_id FROM sync_ops WHERE workspace_id = $1 AND op_id = ANY($2::text[])', [
          workspaceId,
          batch.map((o) => o.id),
        ]);
        const fresh = newOps(batch, new Set(found.rows.map((r) => r.op_id)));
        if (fresh.length === 0) return { cursor: head, accepted: 0, duplicates: batch.length };
        const current = new Map<string, StoredRecord>();
        const byEntity = new Map<string, Set<string>>();
        for (const op of fresh) {
          let ids = byEntity.get(op.entity);
          if (!ids) byEntity.set(op.entity, (ids = new Set()));
          ids.add(op.entityId);
        }
        for (const [entity, ids] of byEntity) {
          const existing = await client.query<{ entity_id: string; fields: string; clocks: string }>(
            'SELECT entity_id, fields, clocks FROM sync_rows WHERE workspace_id = $1 AND entity = $2 AND entity_id = ANY($3::text[])',
            [workspaceId, entity, [...ids]],
          );
          for (const r of existing.rows) current.set(recordKey(entity, r.entity_id), { fields: JSON.parse(r.fields) as FieldValues, clocks: JSON.parse(r.clocks) as FieldClocks });
        }
        const ops = opRows(workspaceId, userId, fresh, head + 1);
        await copyRows(client, 'sync_ops', OP_COLUMNS, ops.map((o) => [o.workspaceId, o.seq, o.opId, o.entity, o.entityId, o.kind, o.fields, o.hlc, o.author, o.userId]));
        // Records this push creates are copied in; no one else can create them meanwhile (the
        // workspace row is locked). Those it changes are merged rows, updated in place.
        const records = planRecords(workspaceId, fresh, head + 1, current);
        const created = records.filter((r) => !current.has(recordKey(r.entity, r.entityId)));
        await copyRows(client, 'sync_rows', ROW_COLUMNS, created.map((r) => [r.workspaceId, r.entity, r.entityId, r.fields, r.clocks, r.refId, r.at, r.deleted, r.seq]));
        for (const part of chunks(records.filter((r) => current.has(recordKey(r.entity, r.entityId))), UPDATE_CHUNK)) await updateRows(client, part);
        const cursor = head + fresh.length;
        await client.query('UPDATE sync_workspaces SET head = $2 WHERE workspace_id = $1', [workspaceId, cursor]);
        return { cursor, accepted: fresh.length, duplicates: batch.length - fresh.length };
      });
    },
    async readOps(workspaceId, after, limit, excludeAuthor) {
      // Head and page in one snapshot: the page holds every op of its range up to that head, so
      // moving the cursor to the range's end (or the head) never skips one.
      return readOnly(async (client) => {
        const head = await headIn(client, workspaceId);
        const floor = await floorIn(client, workspaceId, head);
        if (after < floor) return { items: [], count: 0, cursor: after, head, floor };
        const range = `workspace_id = ${literal(workspaceId)} AND seq > ${after} AND seq <= ${after + limit} AND author <> ${literal(excludeAuthor ?? '')}`;
        // The page is written as JSON by PostgreSQL itself (fields are stored as JSON already), one op per line.
        const copied = await copyLines(
          client,
          `SELECT '{"seq":' || seq || ',"op":{"id":' || to_json(op_id)
             || ',"entity":' || to_json(entity) || ',"entityId":' || to_json(entity_id) || ',"kind":' || to_json(kind) || ',"fields":' || fields
             || ',"hlc":' || to_json(hlc) || ',"author":' || to_json(author) || '}}'
           FROM sync_ops WHERE ${range} ORDER BY seq`,
        );
        return { items: copied.chunks, count: copied.lines, cursor: Math.max(after, Math.min(after + limit, head)), head, floor };
      });
    },
    async snapshot(workspaceId, { after, upto, limit, marks }) {
      return readOnly(async (client) => {
        // A row comparison is one range on the primary key; the equivalent OR of two
        // conditions made PostgreSQL scan from the start of the workspace for every page.
        const afterKey = after ? ` AND (entity, entity_id) > (${literal(after.entity)}, ${literal(after.id)})` : '';
        const uptoKey = upto ? ` AND (entity, entity_id) <= (${literal(upto.entity)}, ${literal(upto.id)})` : '';
        // A range within one entity (nearly every page) as plain column bounds: with a row
        // comparison for its upper end as well, PostgreSQL 15 walked far more of the index than
        // the range (70-170 ms for 5,000 rows, against 1.5 ms; more pages, more of it).
        const range =
          after && upto && after.entity === upto.entity
            ? ` AND entity = ${literal(after.entity)} AND entity_id > ${literal(after.id)} AND entity_id <= ${literal(upto.id)}`
            : `${afterKey}${uptoKey}`;
        // One level, so the primary key's order is the output's: with the page as a subquery and
        // ORDER BY again outside, PostgreSQL sorted every single-entity page once more, on disk.
        const copied = await copyLines(
          client,
          `SELECT '{"entity":' || to_json(entity) || ',"id":' || to_json(entity_id) || ',"fields":' || fields || ',"clocks":' || clocks || '}'
           FROM sync_rows WHERE workspace_id = ${literal(workspaceId)}${range} ORDER BY entity, entity_id LIMIT ${limit}`,
        );
        // The page is in key order: its last line is its last record (reading the range again for it cost as much as the page).
        const lastItem = lastLine(copied.chunks);
        const lastRow = lastItem === null ? null : (JSON.parse(lastItem) as { entity: string; id: string });
        const total = after ? null : Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM sync_rows WHERE workspace_id = $1', [workspaceId])).rows[0]!.n);
        const last = lastRow && `${lastRow.entity}:${lastRow.id}`;
        return {
          items: copied.chunks,
          count: copied.lines,
          last,
          head: await headIn(client, workspaceId),
          total,
          marks: marks ? await pageMarks(client, workspaceId, after ? [after.entity, after.id] : ['', ''], limit) : null,
        };
      });
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
      return headIn(pool, workspaceId);
    },
    async compact(workspaceId, upto) {
      for (;;) {
        const { floor, more } = await transaction('BEGIN', async (client) => {
          const head = await headIn(client, workspaceId);
          const target = Math.min(upto, head);
          const from = await floorIn(client, workspaceId, head);
          const to = Math.min(target, from + COMPACT_CHUNK);
          if (to > from) await client.query('DELETE FROM sync_ops WHERE workspace_id = $1 AND seq > $2 AND seq <= $3', [workspaceId, from, to]);
          return { floor: Math.max(from, to), more: to < target };
        });
        if (!more) return floor;
      }
    },
    async close() {
      await pool.end();
    },
  };
}
