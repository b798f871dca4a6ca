import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterEach, expect, it } from 'vitest';
import { LocalSyncStore } from '../sync/localSyncStore';
import { SOURCE_MIGRATIONS_DIR, tempDir } from './testing/tempStore';
import { openTrackerStore } from './trackerStore';

let cleanup = () => {};
afterEach(() => cleanup());

/** Runs the crash writer, kills it with SIGKILL after some commits, and returns what it reported as committed. */
async function killWriter(dir: string, file: string, mode?: 'bulk'): Promise<{ singles: string[]; batches: string[] }> {
  const bundle = path.join(dir, 'crashWriter.cjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'testing', 'crashWriter.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3'],
    nodePaths: [path.resolve(import.meta.dirname, '../../node_modules')],
    logLevel: 'error',
  });
  const child = spawn(process.execPath, [bundle, file, SOURCE_MIGRATIONS_DIR, ...(mode ? [mode] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: path.resolve(import.meta.dirname, '../../node_modules') },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

  // Let it commit a good number of transactions, then kill it wherever it is.
  await waitFor(() => out.split('\n').filter((l) => l.startsWith('batch')).length >= 20 || child.exitCode !== null, 15_000);
  child.kill('SIGKILL');
  expect(await exited, err).toBe('SIGKILL');

  const lines = out.split('\n').filter(Boolean);
  return { singles: lines.filter((l) => l.startsWith('one ')).map((l) => l.slice(4)), batches: lines.filter((l) => l.startsWith('batch ')).map((l) => l.split(' ')[1]!) };
}

/** Every committed entry is there, an in-flight batch is all or nothing, and rows match ops. */
function expectCommitted(db: Database.Database, committed: { singles: string[]; batches: string[] }): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(committed.singles.length).toBeGreaterThan(10);
  const present = db.prepare('SELECT 1 FROM time_entries WHERE id = ?').pluck();
  for (const id of committed.singles) expect(present.get(id), `entry ${id}`).toBe(1);
  const batchCount = db.prepare('SELECT COUNT(*) FROM time_entries WHERE description = ?').pluck();
  for (const slot of committed.batches) expect(batchCount.get(`batch ${slot}`)).toBe(200);
  const partial = db.prepare(`SELECT description, COUNT(*) AS n FROM time_entries WHERE description LIKE 'batch %' GROUP BY description HAVING n <> 200`).all();
  expect(partial).toEqual([]);
  expect(db.prepare('SELECT COUNT(*) FROM time_entries').pluck().get()).toBe(db.prepare(`SELECT COUNT(*) FROM ops WHERE entity = 'time_entries'`).pluck().get());
}

it('a writer killed with SIGKILL mid-write leaves an intact database with every committed entry', async () => {
  const temp = tempDir('meshwork-crash-');
  cleanup = temp.cleanup;
  const file = path.join(temp.dir, 'tracker.sqlite');
  const committed = await killWriter(temp.dir, file);
  const db = new Database(file);
  try {
    expectCommitted(db, committed);
  } finally {
    db.close();
  }
});

it('killed in the middle of a bulk load (rollback journal, no indexes), the store reopens intact, in WAL, with its indexes and totals', async () => {
  const temp = tempDir('meshwork-crash-bulk-');
  cleanup = temp.cleanup;
  const file = path.join(temp.dir, 'tracker.sqlite');
  const committed = await killWriter(temp.dir, file, 'bulk');
  // Bytes 18-19 of the header: 1 for a rollback journal, 2 for WAL. It died out of WAL.
  expect([...readFileSync(file).subarray(18, 20)]).toEqual([1, 1]);
  const store = openTrackerStore({ file, migrationsDir: SOURCE_MIGRATIONS_DIR });
  try {
    // Opening the sync store finishes the interrupted load.
    new LocalSyncStore(store.ctx);
    expectCommitted(store.sqlite, committed);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    const objects = (db: Database.Database) => db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'time_entries' AND sql IS NOT NULL ORDER BY name").pluck().all();
    const fresh = openTrackerStore({ dataDir: path.join(temp.dir, 'fresh'), migrationsDir: SOURCE_MIGRATIONS_DIR });
    expect(objects(store.sqlite)).toEqual(objects(fresh.sqlite));
    fresh.close();
    const totals = store.sqlite.prepare('SELECT COALESCE(SUM(ms), 0) FROM project_hour_totals').pluck().get();
    const entries = store.sqlite.prepare('SELECT COALESCE(SUM(ended_at - started_at), 0) FROM time_entries WHERE ended_at IS NOT NULL AND deleted_at IS NULL').pluck().get();
    expect(totals).toBe(entries);
  } finally {
    store.close();
  }
});

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the writer');
    await new Promise((r) => setTimeout(r, 20));
  }
}
