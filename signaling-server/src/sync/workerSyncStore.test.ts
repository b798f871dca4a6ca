/**
 * The SQLite store on its worker thread (the built server/sqliteStore.worker.cjs) answers every
 * call as the same store on this thread does, and leaves this thread's event loop free.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HybridClock } from '../../../common/sync/hlc';
import type { SyncOp } from '../../../common/wire/sync';
import { openSqliteSyncStore } from './sqliteSyncStore';
import { jsonLines, type SyncStore } from './syncStore';
import { openSqliteSyncStoreOnWorker, SQLITE_STORE_WORKER } from './workerSyncStore';

const WORKER = path.resolve('app/dist/server', SQLITE_STORE_WORKER);

const dirs: string[] = [];
const stores: SyncStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-worker-store-'));
  dirs.push(dir);
  return path.join(dir, 'sync.sqlite');
}

async function bothStores(): Promise<[onThread: SyncStore, onWorker: SyncStore]> {
  const pair: [SyncStore, SyncStore] = [openSqliteSyncStore(tempFile()), await openSqliteSyncStoreOnWorker(tempFile(), WORKER)];
  stores.push(...pair);
  return pair;
}

const clock = new HybridClock('worker01');
function teamOps(count: number, from = 0): SyncOp[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `op-${String(from + i).padStart(7, '0')}`,
    entity: 'teams' as const,
    entityId: `team-${String((from + i) % 700).padStart(4, '0')}`,
    kind: 'insert' as const,
    // A name with what JSON and SQL escape, so the bytes that cross the thread are not trivial.
    fields: { name: `Team "${from + i}"\t\\ ü`, createdAt: 1_000 + ((from + i) % 700), updatedAt: 1_000 + from + i, deletedAt: (from + i) % 97 === 0 ? 5 : null },
    hlc: clock.now(),
    author: clock.node,
  }));
}

describe('SQLite sync store on a worker thread', () => {
  it('answers every call exactly as the store on this thread does', async () => {
    const [local, remote] = await bothStores();
    const ops = teamOps(3_000);
    const answers = async (store: SyncStore) => {
      const appended = [await store.append('ws', 'u1', ops.slice(0, 2_000)), await store.append('ws', 'u1', ops.slice(1_500))];
      const pages = await store.readOps('ws', 100, 500, 'someone-else');
      const first = await store.snapshot('ws', { after: null, upto: null, limit: 100, marks: true });
      const ranged = await store.snapshot('ws', { after: { entity: 'teams', id: 'team-0100' }, upto: { entity: 'teams', id: 'team-0300' }, limit: 1_000, marks: false });
      return {
        appended,
        pull: { ...pages, items: jsonLines(pages.items) },
        snapshot: { ...first, items: jsonLines(first.items) },
        ranged: { ...ranged, items: jsonLines(ranged.items) },
        get: await store.get('ws', 'teams', 'team-0042'),
        missing: await store.get('ws', 'teams', 'nobody'),
        list: await store.list('ws', 'teams', { from: 1_100, to: 1_200, afterId: 'team-0120', limit: 50 }),
        head: await store.head('ws'),
        compacted: await store.compact('ws', 2_500),
        afterCompaction: await store.readOps('ws', 10, 10),
      };
    };
    const expected = await answers(local);
    expect(expected.appended[1]).toEqual({ cursor: 3_000, accepted: 1_000, duplicates: 500 });
    expect(expected.snapshot.items).toHaveLength(100);
    expect(expected.afterCompaction.count).toBe(0);
    expect(await answers(remote)).toEqual(expected);
  });

  it('leaves the event loop free while it writes a big push', async () => {
    const [, remote] = await bothStores();
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    try {
      let ranBefore = false;
      setImmediate(() => (ranBefore = true));
      const done = await remote.append('ws', 'u1', teamOps(20_000));
      expect(done.accepted).toBe(20_000);
      // On this thread the whole append would run before anything else could.
      expect(ranBefore).toBe(true);
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
    }
  });

  it('calls made together are answered in the order they were made, as on one thread', async () => {
    const [, remote] = await bothStores();
    const ops = teamOps(1_000, 50_000);
    const [a, b, head] = await Promise.all([remote.append('ws', 'u1', ops.slice(0, 600)), remote.append('ws', 'u1', ops.slice(400)), remote.head('ws')]);
    expect(a).toEqual({ cursor: 600, accepted: 600, duplicates: 0 });
    expect(b).toEqual({ cursor: 1_000, accepted: 400, duplicates: 200 });
    expect(head).toBe(1_000);
  });

  it('a thread that dies fails the calls it owed with the reason; the next call opens the file on a new one, nothing lost', async () => {
    // The real worker, which also exits when asked for the head of a workspace named "exit".
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-worker-crash-'));
    dirs.push(dir);
    const dying = path.join(dir, 'dying.worker.cjs');
    writeFileSync(
      dying,
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', (m) => { if (m.method === 'head' && m.args[0] === 'exit') process.exit(7); });
       require(${JSON.stringify(WORKER)});`,
    );
    const restarts: string[] = [];
    const store = await openSqliteSyncStoreOnWorker(tempFile(), dying, (reason) => restarts.push(reason));
    stores.push(store);
    expect(await store.append('ws', 'u1', teamOps(500, 70_000))).toMatchObject({ cursor: 500, accepted: 500 });
    await expect(store.head('exit')).rejects.toThrow('The sync store stopped (exit code 7)');
    // Calls made together after the death share one new thread.
    const [head, again] = await Promise.all([store.head('ws'), store.append('ws', 'u1', teamOps(500, 70_000))]);
    expect(head).toBe(500);
    expect(again).toMatchObject({ cursor: 500, accepted: 0, duplicates: 500 });
    expect(restarts).toEqual(['The sync store stopped (exit code 7)']);
  });

  it('a store it cannot open is an error when opened, with SQLite\'s reason', async () => {
    const notADatabase = tempFile();
    writeFileSync(notADatabase, 'this is a text file, not SQLite '.repeat(200));
    await expect(openSqliteSyncStoreOnWorker(notADatabase, WORKER)).rejects.toThrow(/file is not a database/);
  });
});
