/**
 * What the server refuses (another workspace, a guest's write, a forged token, a malformed op)
 * and what it keeps: a server killed with SIGKILL in the middle of a push loses nothing it
 * acknowledged, the client resumes, and everyone converges. SQLite and PostgreSQL.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parsePage, syncPath, type SyncOp } from '../../common/wire/sync';
import { bearer, desktopState, openDesktop, serverState, type StoreKind, useSyncServer } from '../../testing/syncHarness';

let counter = 0;
const newWorkspace = () => `safe-${process.pid}-${++counter}`;

async function head(url: string, ws: string): Promise<number> {
  const auth = { authorization: `Bearer ${await bearer('reader', [{ id: ws, role: 'member' }])}` };
  const page = parsePage('ops', await (await fetch(`${url}${syncPath(ws, 'ops')}?after=0&limit=1`, { headers: auth })).text());
  return page.head;
}

function op(overrides: Partial<SyncOp> = {}): SyncOp {
  const id = `op-${Math.random().toString(36).slice(2, 12)}`;
  return {
    id,
    entity: 'projects',
    entityId: `p-${id}`,
    kind: 'insert',
    fields: { name: 'Valid', client: '', colour: '#123456', status: 'active', startDate: null, endDate: null, createdAt: 1, updatedAt: 1, deletedAt: null },
    hlc: `${String(Date.now()).padStart(15, '0')}-000000-ntest0001`,
    author: 'ntest0001',
    ...overrides,
  };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('sync safety on %s', (kind) => {
  const sync = useSyncServer(kind, { beforeAll, afterAll });

  const push = async (ws: string, token: string, ops: unknown[]) =>
    fetch(`${sync().server.url}${syncPath(ws, 'push')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ops }),
    });

  it('refuses another workspace, a guest write, a forged token and malformed ops, applying nothing', async () => {
    const mine = newWorkspace();
    const theirs = newWorkspace();
    const owner = await bearer('owner', [{ id: theirs, role: 'owner' }]);
    expect((await push(theirs, owner, [op({ fields: { ...op().fields, name: 'Secret' } })])).status).toBe(200);
    const me = await bearer('me', [{ id: mine, role: 'member' }]);

    // Another workspace: neither its log, its snapshot, its REST data nor its live notices.
    for (const action of ['ops', 'snapshot'] as const) {
      const res = await fetch(`${sync().server.url}${syncPath(theirs, action)}`, { headers: { authorization: `Bearer ${me}` } });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe('forbidden');
    }
    expect((await push(theirs, me, [op()])).status).toBe(403);
    expect((await fetch(`${sync().server.url}/api/projects?workspace=${theirs}`, { headers: { authorization: `Bearer ${me}` } })).status).toBe(403);
    const mineList = (await (await fetch(`${sync().server.url}/api/projects`, { headers: { authorization: `Bearer ${me}` } })).json()) as { items: unknown[] };
    expect(mineList.items).toEqual([]);
    const reply = await new Promise<{ type: string; code?: string }>((resolve, reject) => {
      const socket = new WebSocket(`${sync().server.wsUrl}`);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', token: me, rid: 1 })));
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; rid?: number; code?: string };
        if (frame.type === 'welcome') socket.send(JSON.stringify({ type: 'sync.subscribe', workspaceId: theirs, rid: 2 }));
        if (frame.rid === 2) {
          socket.close();
          resolve(frame);
        }
      });
      socket.on('error', reject);
    });
    expect(reply).toMatchObject({ type: 'error', code: 'forbidden' });

    // A guest reads but never writes, through sync or REST.
    const guest = await bearer('guest', [{ id: theirs, role: 'guest' }]);
    const before = await head(sync().server.url, theirs);
    const guestPush = await push(theirs, guest, [op()]);
    expect(guestPush.status).toBe(403);
    expect(((await guestPush.json()) as { message: string }).message).toMatch(/guest/i);
    expect((await fetch(`${sync().server.url}/api/projects`, { method: 'POST', headers: { authorization: `Bearer ${guest}`, 'content-type': 'application/json' }, body: '{"name":"x"}' })).status).toBe(403);
    expect((await fetch(`${sync().server.url}${syncPath(theirs, 'ops')}`, { headers: { authorization: `Bearer ${guest}` } })).status).toBe(200);

    // A token signed with another secret, and none at all.
    const forged = await new SignJWT({ name: 'Mallory', ws: [{ id: theirs, role: 'owner' }] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('meshwork')
      .setAudience('meshwork-signaling')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('not-the-server-secret-0123456789-abcdef'));
    const forgedPush = await push(theirs, forged, [op()]);
    expect(forgedPush.status).toBe(401);
    expect(((await forgedPush.json()) as { error: string }).error).toBe('unauthorized');
    expect((await fetch(`${sync().server.url}/api/projects`)).status).toBe(401);

    // Malformed ops: a wrong type, an unknown field, a clock from the future, a bad entity.
    // One bad op refuses the whole batch, valid ops with it included.
    const cases: [unknown, RegExp][] = [
      [op({ fields: { name: 42 } }), /ops\.1\.fields\.name/],
      [op({ fields: { name: 'x', isAdmin: true } }), /isAdmin|Unrecognized/i],
      [op({ hlc: `${String(Date.now() + 86_400_000).padStart(15, '0')}-000000-ntest0001` }), /ahead/],
      [{ ...op(), entity: 'passwords' }, /entity/],
      [{ ...op(), hlc: 'yesterday' }, /hlc/],
    ];
    for (const [bad, message] of cases) {
      const res = await push(theirs, owner, [op(), bad]);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; message: string; issues: { path: string; message: string }[] };
      expect(body.error).toBe('bad-request');
      expect(`${body.message} ${JSON.stringify(body.issues)}`).toMatch(message);
    }
    const notJson = await fetch(`${sync().server.url}${syncPath(theirs, 'push')}`, { method: 'POST', headers: { authorization: `Bearer ${owner}` }, body: '{"ops": [' });
    expect(notJson.status).toBe(400);
    expect(await head(sync().server.url, theirs)).toBe(before);
    expect(Object.values((await serverState(sync().server.url, theirs)).projects!).map((p) => p.name)).toEqual(['Secret']);
  });

  it('a server killed mid-push loses nothing it acknowledged; the client resumes and all converge', async () => {
    const ws = newWorkspace();
    const a = openDesktop(sync().server.url, ws, { pushBatch: 200 });
    try {
      const project = a.store.projects.create({ name: 'Crash test' });
      const task = a.store.tasks.create({ projectId: project.id, title: 'Survive' });
      const me = a.store.members.me().id;
      const start = Date.UTC(2025, 0, 1);
      a.store.entries.importMany(Array.from({ length: 6000 }, (_, i) => ({ taskId: task.id, projectId: project.id, memberId: me, startedAt: start + i * 3_600_000, endedAt: start + i * 3_600_000 + 1_800_000 })));
      const total = a.local.pendingCount();

      const pushing = a.client.syncNow().then(
        () => 'finished',
        (err: Error) => err.message,
      );
      // Kill it once some batches are acknowledged and others are still to come.
      while (a.local.pushedSeq() < 1000) await new Promise((r) => setTimeout(r, 5));
      await sync().server.stop('SIGKILL');
      const outcome = await pushing;
      expect(outcome).not.toBe('finished');
      expect(a.client.status().state).toBe('offline');
      const acknowledged = a.local.pushedSeq();
      expect(acknowledged).toBeGreaterThan(0);
      expect(a.local.pendingCount()).toBeGreaterThan(0);

      const server = await sync().restart();
      // Everything acknowledged before the crash is there (in order, once).
      const logged = await head(server.url, ws);
      expect(logged).toBeGreaterThanOrEqual(acknowledged);

      a.reconnect(server.url);
      await a.client.syncNow();
      expect(a.local.pendingCount()).toBe(0);
      expect(await head(server.url, ws)).toBe(total);

      const b = openDesktop(server.url, ws);
      try {
        await b.client.syncNow();
        await a.client.syncNow();
        const state = await serverState(server.url, ws);
        expect(Object.keys(state.time_entries!)).toHaveLength(6000);
        expect(desktopState(a.store)).toEqual(state);
        expect(desktopState(b.store)).toEqual(state);
      } finally {
        await b.close();
      }
    } finally {
      await a.close();
    }
  }, 120_000);
});
