/**
 * One member, two devices, a timer started on each while offline: once both sync, every install
 * and the server agree on one running entry (the later one) and the earlier one ended where the
 * later one starts. Also through a fresh install's bootstrap from a snapshot that holds both
 * running entries. Real server process on a SQLite file (the server store plays no part here:
 * the conflict is settled by the installs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncPath } from '../../common/wire/sync';
import { bearer, desktopState, openDesktop, serverState, type Desktop, useSyncServer } from '../../testing/syncHarness';

let counter = 0;
const HOUR = 3_600_000;

function running(d: Desktop, memberId: string): { id: string; startedAt: number }[] {
  return d.store.sqlite
    .prepare('SELECT id, started_at AS startedAt FROM time_entries WHERE member_id = ? AND ended_at IS NULL AND deleted_at IS NULL')
    .all(memberId) as { id: string; startedAt: number }[];
}

/** The hour totals the triggers keep, against the same totals computed from the rows. */
function hourTotals(d: Desktop): { kept: unknown[]; computed: unknown[] } {
  const db = d.store.sqlite;
  return {
    kept: db.prepare('SELECT hour, project_id, ms, billable_ms FROM project_hour_totals WHERE ms <> 0 ORDER BY 1, 2').all(),
    computed: db
      .prepare(
        `SELECT started_at / 3600000 AS hour, project_id, SUM(ended_at - started_at) AS ms, SUM(CASE WHEN billable THEN ended_at - started_at ELSE 0 END) AS billable_ms
         FROM time_entries WHERE ended_at IS NOT NULL AND deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all(),
  };
}

describe('two running timers of one member', () => {
  const sync = useSyncServer('sqlite', { beforeAll, afterAll });

  /** A has the member, a project and a task; B has them too after one sync. */
  async function twoDevices(ws: string) {
    const url = sync().server.url;
    const a = openDesktop(url, ws);
    const b = openDesktop(url, ws);
    const member = a.store.members.me().id;
    const project = a.store.projects.create({ name: 'Shared' });
    const task = a.store.tasks.create({ projectId: project.id, title: 'Work' });
    await a.client.syncNow();
    await b.client.syncNow();
    expect(b.store.members.get(member).id).toBe(member);
    // Offline from here on: the clients were never started, so only syncNow() syncs.
    return { url, a, b, member, task: task.id };
  }

  it('started on two installs while offline: both sync without error and converge on one running entry', async () => {
    const ws = `timers-${process.pid}-${++counter}`;
    const { url, a, b, member, task } = await twoDevices(ws);
    try {
      const now = Date.now();
      const first = a.store.entries.start(member, task, now - 2 * HOUR);
      const second = b.store.entries.start(member, task, now - HOUR);

      for (const d of [a, b, a, b]) await d.client.syncNow();

      const server = await serverState(url, ws);
      for (const d of [a, b]) {
        expect(d.client.status().error).toBeNull();
        expect(desktopState(d.store)).toEqual(server);
        expect(d.local.pendingCount()).toBe(0);
        expect(running(d, member)).toEqual([{ id: second.id, startedAt: second.startedAt }]);
        const h = hourTotals(d);
        expect(h.kept).toEqual(h.computed);
      }
      expect(server.time_entries![first.id]).toMatchObject({ endedAt: second.startedAt, deletedAt: null });
      expect(server.time_entries![second.id]).toMatchObject({ endedAt: null, deletedAt: null });
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('a fresh install bootstraps from a snapshot holding two running entries of one member, and all converge', async () => {
    const ws = `timers-${process.pid}-${++counter}`;
    const { url, a, b, member, task } = await twoDevices(ws);
    const c = openDesktop(url, ws);
    try {
      const now = Date.now();
      const first = b.store.entries.start(member, task, now - 3 * HOUR);
      const second = a.store.entries.start(member, task, now - HOUR);
      // Both outboxes reach the server, but neither install pulls: the server keeps both running.
      const auth = { authorization: `Bearer ${await bearer('deliverer', [{ id: ws, role: 'member' }])}`, 'content-type': 'application/json' };
      for (const d of [a, b]) {
        const res = await fetch(`${url}${syncPath(ws, 'push')}`, { method: 'POST', headers: auth, body: d.local.nextBatch(1000).body });
        expect(res.status, await res.clone().text()).toBe(200);
      }
      const before = await serverState(url, ws);
      expect(Object.values(before.time_entries!).filter((e) => e.endedAt === null)).toHaveLength(2);

      await c.client.syncNow();
      expect(c.local.bootstrapped()).toBe(true);
      expect(running(c, member)).toEqual([{ id: second.id, startedAt: second.startedAt }]);
      expect(c.store.entries.get(first.id).endedAt).toBe(second.startedAt);
      const indexes = c.store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'time_entries_one_running'").pluck().all();
      expect(indexes).toEqual(['time_entries_one_running']);

      for (const d of [a, b, c, a, b, c]) await d.client.syncNow();
      const server = await serverState(url, ws);
      for (const d of [a, b, c]) {
        expect(desktopState(d.store)).toEqual(server);
        expect(d.local.pendingCount()).toBe(0);
        expect(running(d, member)).toEqual([{ id: second.id, startedAt: second.startedAt }]);
        const h = hourTotals(d);
        expect(h.kept).toEqual(h.computed);
      }
      expect(server.time_entries![first.id]).toMatchObject({ endedAt: second.startedAt });
    } finally {
      for (const d of [a, b, c]) await d.close();
    }
  }, 60_000);
});
