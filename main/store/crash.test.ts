import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterEach, expect, it } from 'vitest';
import { SOURCE_MIGRATIONS_DIR, tempDir } from './testing/tempStore';

let cleanup = () => {};
afterEach(() => cleanup());

it('a writer killed with SIGKILL mid-write leaves an intact database with every committed entry', async () => {
  const temp = tempDir('meshwork-crash-');
  cleanup = temp.cleanup;
  const bundle = path.join(temp.dir, 'crashWriter.cjs');
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
  const file = path.join(temp.dir, 'tracker.sqlite');
  const child = spawn(process.execPath, [bundle, file, SOURCE_MIGRATIONS_DIR], {
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
  const committedSingles = lines.filter((l) => l.startsWith('one ')).map((l) => l.slice(4));
  const committedBatches = lines.filter((l) => l.startsWith('batch ')).map((l) => l.split(' ')[1]!);
  expect(committedSingles.length).toBeGreaterThan(10);

  const db = new Database(file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const present = db.prepare('SELECT 1 FROM time_entries WHERE id = ?').pluck();
    for (const id of committedSingles) expect(present.get(id), `entry ${id}`).toBe(1);
    const batchCount = db.prepare('SELECT COUNT(*) FROM time_entries WHERE description = ?').pluck();
    for (const slot of committedBatches) expect(batchCount.get(`batch ${slot}`)).toBe(200);
    // Whatever was in flight is all or nothing: a batch is never half there, and rows match ops.
    const partial = db
      .prepare(`SELECT description, COUNT(*) AS n FROM time_entries WHERE description LIKE 'batch %' GROUP BY description HAVING n <> 200`)
      .all();
    expect(partial).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM time_entries').pluck().get()).toBe(
      db.prepare(`SELECT COUNT(*) FROM ops WHERE entity = 'time_entries'`).pluck().get(),
    );
  } finally {
    db.close();
  }
});

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the writer');
    await new Promise((r) => setTimeout(r, 20));
  }
}
