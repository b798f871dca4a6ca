/**
 * The server keeps only the newest ops of a workspace's log (MESHWORK_SYNC_KEEP_OPS, 40 here).
 * An install further behind than that gets 410 cursor-expired for its pull, loads the snapshot
 * again over what it has, keeps its own offline edits, and converges with everyone. Real server
 * process, on a SQLite file and on a real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncErrorSchema, syncPath } from '../../common/wire/sync';
import { bearer, desktopState, openDesktop, serverState, type StoreKind, useSyncServer } from '../../testing/syncHarness';

const KEEP = 40;
let counter = 0;

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each<StoreKind>(['sqlite', 'postgres'])('log compaction on %s', (kind) => {
  const sync = useSyncServer(kind, { beforeAll, afterAll }, { MESHWORK_SYNC_KEEP_OPS: String(KEEP) });

  it('an install further behind than the log reaches loads the snapshot again, keeps its offline edits, and converges', async () => {
    const ws = `compact-${process.pid}-${++counter}`;
    const url = sync().server.url;
    const a = openDesktop(url, ws);
    const phases = new Set<string>();
    const b = openDesktop(url, ws, {
      onStatus: (s) => {
        if (s.progress) phases.add(s.progress.phase);
      },
    });
    const auth = { authorization: `Bearer ${await bearer('checker', [{ id: ws, role: 'member' }])}` };
    const pull = (after: number) => fetch(`${url}${syncPath(ws, 'ops')}?after=${after}&limit=100`, { headers: auth });
    try {
      const project = a.store.projects.create({ name: 'Shared' });
      const task = a.store.tasks.create({ projectId: project.id, title: 'Work' });
      const doomed = a.store.tasks.create({ projectId: project.id, title: 'Deleted while B is away' });
      await a.client.syncNow();
      await b.client.syncNow();
      const bCursor = b.local.cursor();
      expect(bCursor).toBeGreaterThan(0);

      // B is away and edits; meanwhile A writes far more than the server keeps, a delete among it.
      b.store.projects.update(project.id, { client: 'Edited on B' });
      const mine = b.store.entries.create({ taskId: task.id, startedAt: Date.UTC(2026, 0, 5, 9), endedAt: Date.UTC(2026, 0, 5, 10) }, b.store.members.me().id);
      a.store.tasks.remove(doomed.id);
      for (let i = 0; i < 3 * KEEP; i++) a.store.tasks.update(task.id, { title: `Work ${i}` });
      await a.client.syncNow();

      // The server trims the log in the background: B's cursor falls out of it.
      await until(async () => (await pull(bCursor)).status === 410);
      const refusal = await pull(bCursor);
      expect(SyncErrorSchema.parse(await refusal.json())).toMatchObject({ error: 'cursor-expired' });
      // The newest ops are still served.
      expect((await pull(a.local.cursor() - KEEP)).status).toBe(200);

      phases.clear();
      // Started (statuses are reported while a client runs), and one full cycle awaited.
      b.client.start();
      await b.client.syncNow();
      // The status told B's user what happened (the indicator shows "Reloading workspace" and why).
      expect(phases).toContain('reload');
      expect(phases).not.toContain('bootstrap');
      await a.client.syncNow();
      const server = await serverState(url, ws);
      expect(desktopState(b.store)).toEqual(server);
      expect(desktopState(a.store)).toEqual(server);
      expect(b.store.projects.get(project.id).client).toBe('Edited on B');
      expect(b.store.tasks.get(task.id).title).toBe(`Work ${3 * KEEP - 1}`);
      expect(server.tasks![doomed.id]).toMatchObject({ deletedAt: expect.any(Number) });
      expect(server.time_entries![mine.id]).toBeDefined();
      // B is on the log's head now, and pulls normally from there.
      a.store.tasks.update(task.id, { title: 'After the reload' });
      await a.client.syncNow();
      await b.client.syncNow();
      expect(b.store.tasks.get(task.id).title).toBe('After the reload');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
