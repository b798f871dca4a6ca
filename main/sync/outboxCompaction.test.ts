/**
 * An install's own log is compacted once the server has its ops: acknowledged ops are deleted
 * (in chunks, at the start of the next cycle), and the next op still comes after them (seq and clock), across a restart with the wall clock
 * set back. Moving to another workspace then pushes what this install contributed, rewritten
 * from the records with their clocks (real server process, SQLite).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parsePage, syncPath } from '../../common/wire/sync';
import { openTempStore } from '../store/testing/tempStore';
import { bearer, desktopState, openDesktop, serverState, useSyncServer } from '../../testing/syncHarness';
import { LocalSyncStore } from './localSyncStore';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('the outbox once pushed', () => {
  it('is deleted, and the next op still comes after it, also after a restart with the clock set back', () => {
    let now = Date.UTC(2026, 5, 1, 12);
    const first = openTempStore({ now: () => now });
    const { store } = first;
    const local = new LocalSyncStore(store.ctx);
    const project = store.projects.create({ name: 'P' });
    for (let i = 0; i < 5; i++) store.tasks.create({ projectId: project.id, title: `T${i}` });
    const batch = local.nextBatch(1_000);
    const lastHlc = store.sqlite.prepare('SELECT MAX(hlc) FROM ops').pluck().get() as string;
    local.acknowledge(batch.lastSeq);
    // In chunks, oldest first.
    expect(local.compactPushed(4)).toBe(true);
    expect(store.sqlite.prepare('SELECT MIN(seq) FROM ops').pluck().get()).toBe(5);
    while (local.compactPushed(4));
    expect(store.sqlite.prepare('SELECT COUNT(*) FROM ops').pluck().get()).toBe(0);
    expect(local.pendingCount()).toBe(0);
    store.close();

    now -= 3_600_000;
    const again = openTempStore({ now: () => now, dataDir: first.dir });
    cleanups.push(first.cleanup, again.cleanup);
    again.store.projects.update(project.id, { name: 'Renamed' });
    const op = again.store.sqlite.prepare('SELECT seq, hlc FROM ops').get() as { seq: number; hlc: string };
    expect(op.seq).toBe(batch.lastSeq + 1);
    expect(op.hlc > lastHlc).toBe(true);
    expect(new LocalSyncStore(again.store.ctx).pendingCount()).toBe(1);
  });
});

describe('moving to another workspace', () => {
  const sync = useSyncServer('sqlite', { beforeAll, afterAll });

  it('pushes the records this install created, with their values and clocks, and leaves the others behind', async () => {
    const url = sync().server.url;
    const [first, second] = [`move-a-${process.pid}`, `move-b-${process.pid}`];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-desktop-'));
    const a = openDesktop(url, first, { dir });
    const other = openDesktop(url, first);
    const theirs = other.store.projects.create({ name: 'Not ours' });
    await other.client.syncNow();
    const project = a.store.projects.create({ name: 'Ours' });
    const task = a.store.tasks.create({ projectId: project.id, title: 'Draft' });
    await a.client.syncNow();
    a.store.tasks.update(task.id, { title: 'Final' });
    a.store.entries.create({ taskId: task.id, startedAt: Date.UTC(2026, 0, 5, 9), endedAt: Date.UTC(2026, 0, 5, 10) }, a.store.members.me().id);
    a.store.tasks.remove(task.id);
    await a.client.syncNow();
    expect(a.store.projects.get(theirs.id).name).toBe('Not ours');
    // A cycle deletes what the cycles before it pushed.
    await a.client.syncNow();
    expect(a.store.sqlite.prepare('SELECT COUNT(*) FROM ops').pluck().get()).toBe(0);
    await a.close();
    await other.close();

    const moved = openDesktop(url, second, { dir });
    await moved.client.syncNow();
    const there = await serverState(url, second);
    const mine = desktopState(moved.store);
    await moved.close();
    for (const entity of Object.keys(there)) {
      for (const [id, record] of Object.entries(there[entity]!)) expect(record).toEqual(mine[entity]![id]);
    }
    expect(there.projects![project.id]).toMatchObject({ name: 'Ours' });
    expect(there.tasks![task.id]).toMatchObject({ title: 'Final', deletedAt: expect.any(Number) });
    expect(Object.keys(there.time_entries!)).toHaveLength(1);
    expect(there.projects![theirs.id]).toBeUndefined();
    // Each field keeps the clock that wrote it in the first workspace.
    const clocks = async (ws: string) => {
      const auth = { authorization: `Bearer ${await bearer('reader', [{ id: ws, role: 'member' }])}` };
      const page = parsePage('snapshot', await (await fetch(`${url}${syncPath(ws, 'snapshot')}?limit=1000`, { headers: auth })).text());
      return page.rows.find((r) => r.id === task.id)!.clocks;
    };
    expect(await clocks(second)).toEqual(await clocks(first));
  });
});
