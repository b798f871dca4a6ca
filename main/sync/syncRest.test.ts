/**
 * Sync between desktop installs and the server, and the REST API over the server's state:
 * real server processes (SQLite file, real PostgreSQL), real stores, real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, desktopState, openDesktop, serverState, type StoreKind, useSyncServer } from '../../testing/syncHarness';

async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let workspaceCounter = 0;
const newWorkspace = () => `ws-${process.pid}-${++workspaceCounter}`;

describe.each<StoreKind>(['sqlite', 'postgres'])('sync and REST on %s', (kind) => {
  const sync = useSyncServer(kind, { beforeAll, afterAll });

  it('two installs converge through the server, deletes included', async () => {
    const ws = newWorkspace();
    const a = openDesktop(sync().server.url, ws);
    const b = openDesktop(sync().server.url, ws);
    try {
      const project = a.store.projects.create({ name: 'Apollo', client: 'NASA' });
      const task = a.store.tasks.create({ projectId: project.id, title: 'Land' });
      await a.client.syncNow();
      await b.client.syncNow();
      expect(b.store.projects.get(project.id).name).toBe('Apollo');
      // Concurrent edits of different fields of one task both survive.
      b.store.tasks.update(task.id, { title: 'Land softly' });
      a.store.tasks.update(task.id, { description: 'Mare Tranquillitatis' });
      a.store.tasks.remove(task.id);
      await a.client.syncNow();
      await b.client.syncNow();
      await a.client.syncNow();
      expect(desktopState(a.store)).toEqual(desktopState(b.store));
      expect(await serverState(sync().server.url, ws)).toEqual(desktopState(a.store));
      const row = desktopState(b.store).tasks![task.id]!;
      expect(row).toMatchObject({ title: 'Land softly', description: 'Mare Tranquillitatis' });
      expect(row.deletedAt).not.toBeNull();
      expect(b.local.pendingCount()).toBe(0);
      expect(b.client.status().state).toBe('synced');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('team membership merges per member: concurrent adds both stay, a member added twice is listed once, a removal and a delete reach everyone', async () => {
    const ws = newWorkspace();
    const a = openDesktop(sync().server.url, ws);
    const b = openDesktop(sync().server.url, ws);
    const api = async (path: string) =>
      (await (await fetch(`${sync().server.url}${path}`, { headers: { authorization: `Bearer ${await bearer('lead', [{ id: ws, role: 'guest' }])}` } })).json()) as {
        items: { id: string; name: string; memberIds: string[] }[];
      };
    const sorted = (ids: string[]) => [...ids].sort();
    try {
      const [ana, bo, cy] = ['Ana', 'Bo', 'Cy'].map((name) => a.store.members.create({ name }));
      const team = a.store.members.createTeam({ name: 'Design', memberIds: [] });
      await a.client.syncNow();
      await b.client.syncNow();
      // Offline on both: A adds Ana and Cy, B adds Bo and Cy and renames the team.
      a.store.members.updateTeam(team.id, { memberIds: [ana!.id, cy!.id] });
      b.store.members.updateTeam(team.id, { name: 'Product design', memberIds: [bo!.id, cy!.id] });
      for (const d of [a, b, a]) await d.client.syncNow();
      for (const d of [a, b]) expect(d.store.members.getTeam(team.id)).toMatchObject({ name: 'Product design', memberIds: expect.any(Array) });
      expect(sorted(a.store.members.getTeam(team.id).memberIds)).toEqual(sorted([ana!.id, bo!.id, cy!.id]));
      expect(b.store.members.getTeam(team.id).memberIds).toHaveLength(3);
      const [listed] = (await api('/api/teams')).items;
      expect(listed!.name).toBe('Product design');
      expect(sorted(listed!.memberIds)).toEqual(sorted([ana!.id, bo!.id, cy!.id]));

      // B takes Cy out: both of Cy's links end, on every install and in the API.
      b.store.members.updateTeam(team.id, { memberIds: [ana!.id, bo!.id] });
      await b.client.syncNow();
      await a.client.syncNow();
      expect(sorted(a.store.members.getTeam(team.id).memberIds)).toEqual(sorted([ana!.id, bo!.id]));
      expect(sorted((await api('/api/teams')).items[0]!.memberIds)).toEqual(sorted([ana!.id, bo!.id]));

      a.store.members.deleteTeam(team.id);
      await a.client.syncNow();
      await b.client.syncNow();
      expect(b.store.members.listTeams()).toEqual([]);
      expect((await api('/api/teams')).items).toEqual([]);
      expect(b.store.members.list().map((m) => m.name)).toEqual(expect.arrayContaining(['Ana', 'Bo', 'Cy']));
      expect(desktopState(a.store)).toEqual(desktopState(b.store));
      expect(await serverState(sync().server.url, ws)).toEqual(desktopState(a.store));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a member removed on one install comes back when their own install syncs, on every install", async () => {
    const ws = newWorkspace();
    const a = openDesktop(sync().server.url, ws);
    const b = openDesktop(sync().server.url, ws);
    try {
      const aMe = a.store.members.me();
      const bMe = b.store.members.me();
      for (const d of [a, b, a]) await d.client.syncNow();
      a.store.members.remove(bMe.id, aMe.id);
      await a.client.syncNow();
      expect(a.store.members.list().map((m) => m.id)).not.toContain(bMe.id);
      // B pulls its own removal and undoes it; once A pulls again, both agree B is here.
      await b.client.syncNow();
      expect(b.store.members.list().map((m) => m.id)).toContain(bMe.id);
      await b.client.syncNow();
      await a.client.syncNow();
      expect(a.store.members.list().map((m) => m.id)).toContain(bMe.id);
      expect(desktopState(a.store)).toEqual(desktopState(b.store));
      expect(await serverState(sync().server.url, ws)).toEqual(desktopState(a.store));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a REST write reaches a desktop live, and a desktop edit shows in the API', async () => {
    const ws = newWorkspace();
    const desktop = openDesktop(sync().server.url, ws, { live: true });
    const auth = { authorization: `Bearer ${await bearer('api-user', [{ id: ws, role: 'admin' }])}`, 'content-type': 'application/json' };
    const api = (path: string, init: RequestInit = {}) => fetch(`${sync().server.url}${path}`, { ...init, headers: auth });
    try {
      desktop.client.start();
      await waitFor('first sync', () => desktop.client.status().lastSyncedAt);

      const created = await api('/api/projects', { method: 'POST', body: JSON.stringify({ name: 'From the API', colour: '#112233' }) });
      expect(created.status).toBe(201);
      const project = (await created.json()) as { id: string; name: string };
      const taskRes = await api('/api/tasks', { method: 'POST', body: JSON.stringify({ projectId: project.id, title: 'API task' }) });
      expect(taskRes.status).toBe(201);
      const task = (await taskRes.json()) as { id: string; boardOrder: number };
      // No syncNow: the server's sync.changed notice makes the client pull.
      await waitFor('the API task on the desktop', () => desktop.store.tasks.find(task.id));
      expect(desktop.store.projects.get(project.id).name).toBe('From the API');

      desktop.store.tasks.update(task.id, { title: 'Edited on the desktop' });
      await waitFor('the desktop edit in the API', async () => ((await (await api(`/api/tasks/${task.id}`)).json()) as { title: string }).title === 'Edited on the desktop');

      const entryRes = await api('/api/time-entries', {
        method: 'POST',
        body: JSON.stringify({ taskId: task.id, startedAt: Date.UTC(2026, 0, 5, 9), endedAt: Date.UTC(2026, 0, 5, 11), description: 'pairing' }),
      });
      expect(entryRes.status).toBe(201);
      await waitFor('the API entry on the desktop', () => desktop.store.entries.list({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) }).length === 1);
      const report = (await (await api('/api/reports/time?from=2026-01-01&to=2026-01-31')).json()) as { totalMs: number; byProject: { name: string }[] };
      expect(report.totalMs).toBe(2 * 3_600_000);
      expect(report.byProject[0]!.name).toBe('From the API');

      const comment = await api(`/api/tasks/${task.id}/comments`, { method: 'POST', body: JSON.stringify({ body: 'Looks good' }) });
      expect(comment.status).toBe(201);
      const tasks = (await (await api(`/api/projects/${project.id}/tasks`)).json()) as { items: { id: string }[] };
      expect(tasks.items.map((t) => t.id)).toEqual([task.id]);

      const deleted = await api(`/api/tasks/${task.id}`, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
      await waitFor('the API delete on the desktop', () => desktop.store.tasks.find(task.id) === null);
      expect((await api(`/api/tasks/${task.id}`)).status).toBe(404);
    } finally {
      await desktop.close();
    }
  });

  it('pages through lists, validates input and serves an OpenAPI document', async () => {
    const ws = newWorkspace();
    const auth = { authorization: `Bearer ${await bearer('pager', [{ id: ws, role: 'member' }])}`, 'content-type': 'application/json' };
    const api = (path: string, init: RequestInit = {}) => fetch(`${sync().server.url}${path}`, { ...init, headers: auth });
    for (let i = 0; i < 5; i++) expect((await api('/api/projects', { method: 'POST', body: JSON.stringify({ name: `P${i}` }) })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(`/api/projects?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = (await res.json()) as { items: { name: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((p) => p.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);

    const bad = await api('/api/projects', { method: 'POST', body: JSON.stringify({ name: '', colour: 'red' }) });
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as { error: string; message: string; issues: { path: string }[] };
    expect(error.error).toBe('bad-request');
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'colour']));
    expect((await api('/api/projects/nope')).status).toBe(404);
    expect(((await (await api('/api/projects/nope')).json()) as { error: string }).error).toBe('not-found');

    const doc = (await (await fetch(`${sync().server.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/projects', '/api/projects/{id}', '/api/projects/{id}/tasks', '/api/tasks', '/api/tasks/{id}', '/api/tasks/{id}/comments', '/api/time-entries', '/api/reports/time', '/api/users', '/api/teams']) {
      expect(doc.paths).toHaveProperty([p]);
    }
  });
});
