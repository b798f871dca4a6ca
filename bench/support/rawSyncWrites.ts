/**
 * A round trip's storage work alone, as bench:sync's raw baseline: the pushed ops and their
 * records written into a fresh copy of the server store's tables, then the entries into a fresh
 * client store, with plain prepared statements (COPY on PostgreSQL) from values built beforehand,
 * in the batch sizes the app uses. No HTTP, parsing, validation, clocks or merging: what is left
 * is what the disks and cores of the machine take for the rows themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { openTrackerStore } from '../../main/store/trackerStore';
import { copyText, type CopyValue } from '../../signaling-server/src/sync/pgCopy';
import { openPgSyncStore } from '../../signaling-server/src/sync/pgSyncStore';
import { openSqliteSyncStore } from '../../signaling-server/src/sync/sqliteSyncStore';

export interface RawEntry {
  taskId: string;
  projectId: string;
  memberId: string;
  startedAt: number;
  endedAt: number;
}

/** Ops per server transaction (SyncClient's push batch) and rows per client transaction. */
const SERVER_BATCH = 5_000;
const CLIENT_BATCH = 10_000;
const WORKSPACE = 'raw';
/** Benches run from the project root (bench/run.mjs bundles them, so no import.meta here). */
const MIGRATIONS_DIR = path.resolve('main/store/migrations');

interface Row {
  id: string;
  opId: string;
  fields: string;
  clocks: string;
  hlc: string;
  entry: RawEntry;
  seq: number;
}

function rows(entries: readonly RawEntry[]): Row[] {
  const now = Date.now();
  return entries.map((entry, i) => {
    const hlc = `${String(now).padStart(15, '0')}:${String(i).padStart(5, '0')}:rawbench`;
    const fields = JSON.stringify({ createdAt: now, updatedAt: now, deletedAt: null, ...entry, description: '', billable: true });
    return { id: uuidv7(), opId: uuidv7(), fields, clocks: JSON.stringify({ '*': hlc }), hlc, entry, seq: i + 1 };
  });
}

function batches<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

async function seconds(run: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The server store's tables and settings, made by the store itself; then rows written around it. */
async function sqliteServer(all: Row[], dir: string): Promise<number> {
  const file = path.join(dir, 'server.sqlite');
  await openSqliteSyncStore(file).close();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const op = db.prepare('INSERT INTO sync_ops VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const record = db.prepare('INSERT INTO sync_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const write = db.transaction((batch: Row[]) => {
      for (const r of batch) {
        op.run(WORKSPACE, r.seq, r.opId, 'time_entries', r.id, 'insert', r.fields, r.hlc, 'rawbench', 'bench');
        record.run(WORKSPACE, 'time_entries', r.id, r.fields, r.clocks, r.entry.memberId, r.entry.startedAt, 0, r.seq);
      }
    });
    const prepared = batches(all, SERVER_BATCH);
    return await seconds(() => prepared.forEach((batch) => write(batch)));
  } finally {
    db.close();
  }
}

/** One COPY line, escaped as the store's own COPY does. */
const copyLine = (values: CopyValue[]) => `${values.map(copyText).join('\t')}\n`;

async function postgresServer(all: Row[], url: string): Promise<number> {
  await (await openPgSyncStore(url)).close();
  const client = new pg.Client(url);
  await client.connect();
  try {
    const prepared = batches(all, SERVER_BATCH).map((batch) => ({
      ops: Buffer.from(batch.map((r) => copyLine([WORKSPACE, r.seq, r.opId, 'time_entries', r.id, 'insert', r.fields, r.hlc, 'rawbench', 'bench'])).join('')),
      records: Buffer.from(batch.map((r) => copyLine([WORKSPACE, 'time_entries', r.id, r.fields, r.clocks, r.entry.memberId, r.entry.startedAt, false, r.seq])).join('')),
    }));
    return await seconds(async () => {
      for (const { ops, records } of prepared) {
        await client.query('BEGIN');
        await pipeline(Readable.from([ops]), client.query(copyFrom('COPY sync_ops FROM STDIN')));
        await pipeline(Readable.from([records]), client.query(copyFrom('COPY sync_rows FROM STDIN')));
        await client.query('COMMIT');
      }
    });
  } finally {
    await client.end();
  }
}

/** A fresh client store (migrations, indexes, hour-total triggers) taking the entries as rows. */
async function clientStore(all: Row[], dir: string): Promise<number> {
  const store = openTrackerStore({ file: path.join(dir, 'client.sqlite'), migrationsDir: MIGRATIONS_DIR });
  try {
    const insert = store.sqlite.prepare(
      'INSERT INTO time_entries (id, created_at, updated_at, deleted_at, sync_clocks, task_id, project_id, member_id, started_at, ended_at, description, billable) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 1)',
    );
    const now = Date.now();
    const write = store.sqlite.transaction((batch: Row[]) => {
      for (const r of batch) insert.run(r.id, now, now, r.clocks, r.entry.taskId, r.entry.projectId, r.entry.memberId, r.entry.startedAt, r.entry.endedAt, '');
    });
    const prepared = batches(all, CLIENT_BATCH);
    return await seconds(() => prepared.forEach((batch) => write(batch)));
  } finally {
    store.close();
  }
}

/** Seconds for the server's writes and the client's, on the given store (`url` for PostgreSQL). */
export async function rawSyncWrites(entries: readonly RawEntry[], postgresUrl: string | null): Promise<{ serverS: number; clientS: number }> {
  const all = rows(entries);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-raw-'));
  try {
    const serverS = postgresUrl ? await postgresServer(all, postgresUrl) : await sqliteServer(all, dir);
    return { serverS, clientS: await clientStore(all, dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
