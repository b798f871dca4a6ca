/**
 * A fresh install's bootstrap from the server's snapshot, page ranges requested side by side
 * (`marks`): rows written into a range while it loads, and a bootstrap cut off midway that
 * resumes where it stopped. Real server processes on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridClock } from '../../common/sync/hlc';
import { syncPath, type SyncOp } from '../../common/wire/sync';
import { bearer, desktopState, openDesktop, serverState, type StoreKind, useSyncServer } from '../../testing/syncHarness';

let workspaceCounter = 0;
const newWorkspace = () => `boot-${process.pid}-${++workspaceCounter}`;

describe.each<StoreKind>(['sqlite', 'postgres'])('bootstrap on %s', (kind) => {
  const sync = useSyncServer(kind, { beforeAll, afterAll });

  async function seeded(ws: string, tasks: number) {
    const a = openDesktop(sync().server.url, ws);
    const project = a.store.projects.create({ name: 'Seeded' });
    const ids = Array.from({ length: tasks }, (_, i) => a.store.tasks.create({ projectId: project.id, title: `Task ${i}` }).id);
    await a.client.syncNow();
    return { a, project, ids: ids.sort() };
  }

  it('loads every page, including rows written into a range after its marks were read', async () => {
    const ws = newWorkspace();
    const { a, project, ids } = await seeded(ws, 40);
    // Twelve tasks whose ids sort right after the 20th (inside one of the middle ranges, more than
    // it has room for) and six after every other key (in the open last range, more than a page).
    // Authored by the bootstrapping install's own node, so its pull passes over them (they are
    // its own): only the snapshot can bring them.
    const late: SyncOp[] = [];
    const lateOps = (clock: HybridClock): SyncOp[] => Array.from({ length: 18 }, (_, i) => ({
      id: `late-op-${String(i).padStart(4, '0')}`,
      entity: 'tasks',
      entityId: i < 12 ? `${ids[20]}-late-${String(i).padStart(2, '0')}` : `~late-${i}`,
      kind: 'insert',
      fields: { projectId: project.id, title: `Late ${i}`, description: '', status: 'todo', dueDate: null, estimateMinutes: null, boardOrder: 100 + i, createdAt: 1, updatedAt: 1, deletedAt: null },
      hlc: clock.now(),
      author: clock.node,
    }));
    const c = openDesktop(sync().server.url, ws, {
      snapshotPage: 5,
      // The first request read the marks; the late rows land before the ranges are read.
      beforeRequest: async (n) => {
        if (n !== 2) return;
        late.push(...lateOps(new HybridClock(c.local.node)));
        const auth = `Bearer ${await bearer('late-writer', [{ id: ws, role: 'member' }])}`;
        const res = await fetch(`${sync().server.url}${syncPath(ws, 'push')}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ ops: late }) });
        expect(res.status).toBe(200);
      },
    });
    try {
      await c.client.syncNow();
      expect(c.local.bootstrapped()).toBe(true);
      const state = desktopState(c.store);
      expect(Object.keys(state.tasks!)).toHaveLength(58);
      expect(state).toEqual(await serverState(sync().server.url, ws));
      expect(c.store.tasks.get(late[11]!.entityId).title).toBe('Late 11');
      expect(c.store.tasks.get(late[17]!.entityId).title).toBe('Late 17');
    } finally {
      await a.close();
      await c.close();
    }
  });

  it('a bootstrap cut off midway resumes after the last page it applied', async () => {
    const ws = newWorkspace();
    const { a } = await seeded(ws, 40);
    let failOn: number | null = 4;
    const c = openDesktop(sync().server.url, ws, {
      snapshotPage: 5,
      beforeRequest: (n) => {
        if (n === failOn) throw new Error('network cut');
      },
    });
    try {
      await expect(c.client.syncNow()).rejects.toThrow('network cut');
      expect(c.local.bootstrapped()).toBe(false);
      const resumeAt = c.local.snapshotAfter();
      expect(resumeAt).not.toBeNull();
      const loaded = Object.keys(desktopState(c.store).tasks!).length;
      expect(loaded).toBeGreaterThan(0);
      expect(loaded).toBeLessThan(40);
      failOn = null;
      await c.client.syncNow();
      expect(c.local.bootstrapped()).toBe(true);
      expect(desktopState(c.store)).toEqual(await serverState(sync().server.url, ws));
      // Indexes and triggers are back after the resumed load.
      const indexes = c.store.sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks'").pluck().get() as number;
      expect(indexes).toBeGreaterThan(0);
    } finally {
      await a.close();
      await c.close();
    }
  });

  it('a fresh install edits after its bootstrap win over what it loaded, even from a clock running ahead', async () => {
    const ws = newWorkspace();
    const { a, project } = await seeded(ws, 1);
    // Another install whose clock runs five minutes ahead (the server accepts up to ten) renames the project.
    const ahead = new HybridClock('nfastclock', () => Date.now() + 5 * 60_000);
    const auth = `Bearer ${await bearer('fast-writer', [{ id: ws, role: 'member' }])}`;
    const rename: SyncOp = { id: 'rename-op-0001', entity: 'projects', entityId: project.id, kind: 'update', fields: { name: 'From the future', updatedAt: Date.now() }, hlc: ahead.now(), author: ahead.node };
    const res = await fetch(`${sync().server.url}${syncPath(ws, 'push')}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ ops: [rename] }) });
    expect(res.status).toBe(200);
    const c = openDesktop(sync().server.url, ws);
    try {
      await c.client.syncNow();
      expect(c.store.projects.get(project.id).name).toBe('From the future');
      c.store.projects.update(project.id, { name: 'Renamed after loading' });
      await c.client.syncNow();
      await a.client.syncNow();
      expect(a.store.projects.get(project.id).name).toBe('Renamed after loading');
      expect((await serverState(sync().server.url, ws)).projects![project.id]!.name).toBe('Renamed after loading');
    } finally {
      await a.close();
      await c.close();
    }
  });
});
