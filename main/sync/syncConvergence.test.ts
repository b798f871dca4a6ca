/**
 * Convergence, property-based: three installs edit the same workspace while offline (projects,
 * tasks, moves, deletes, time entries, restores, and one member's timers started and stopped on
 * every install); their ops then reach the server shuffled and duplicated, and the server's log
 * reaches each install shuffled and duplicated, before a normal sync. Afterwards all three
 * installs and the server hold identical state. Real server process, on a SQLite file and on a
 * real PostgreSQL.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '../../common/ipc/rpc';
import { parsePage, PushResponseSchema, syncPath, type LoggedOp, type SyncOp } from '../../common/wire/sync';
import { bearer, desktopState, openDesktop, serverState, type Desktop, type StoreKind, useSyncServer } from '../../testing/syncHarness';

type Command =
  | { kind: 'createProject'; name: string }
  | { kind: 'renameProject'; pick: number; name: string }
  | { kind: 'deleteProject'; pick: number }
  | { kind: 'createTask'; pick: number; title: string }
  | { kind: 'editTask'; pick: number; title: string; description: string }
  | { kind: 'moveTask'; pick: number; status: 'todo' | 'in-progress' | 'review' | 'done' }
  | { kind: 'deleteTask'; pick: number }
  | { kind: 'addEntry'; pick: number; hour: number; minutes: number }
  | { kind: 'editEntry'; pick: number; description: string; billable: boolean }
  | { kind: 'deleteEntry'; pick: number }
  | { kind: 'restoreEntry'; pick: number }
  | { kind: 'startTimer'; pick: number; hour: number }
  | { kind: 'stopTimer'; minutes: number };

const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const pick = fc.nat(50);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('createProject' as const), name: text }),
  fc.record({ kind: fc.constant('renameProject' as const), pick, name: text }),
  fc.record({ kind: fc.constant('deleteProject' as const), pick }),
  fc.record({ kind: fc.constant('createTask' as const), pick, title: text }),
  fc.record({ kind: fc.constant('editTask' as const), pick, title: text, description: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('moveTask' as const), pick, status: fc.constantFrom('todo' as const, 'in-progress' as const, 'review' as const, 'done' as const) }),
  fc.record({ kind: fc.constant('deleteTask' as const), pick }),
  fc.record({ kind: fc.constant('addEntry' as const), pick, hour: fc.nat(200), minutes: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('editEntry' as const), pick, description: fc.string({ maxLength: 20 }), billable: fc.boolean() }),
  fc.record({ kind: fc.constant('deleteEntry' as const), pick }),
  fc.record({ kind: fc.constant('restoreEntry' as const), pick }),
  // One member's timers on every install: settling two running ones, and a person's stop
  // arriving after (or before) another install's settling stop, must converge too.
  fc.record({ kind: fc.constant('startTimer' as const), pick, hour: fc.nat(200) }),
  fc.record({ kind: fc.constant('stopTimer' as const), minutes: fc.integer({ min: 1, max: 600 }) }),
);

const DAY0 = Date.UTC(2026, 2, 2);

function ids(desktop: Desktop, table: string, where = ''): string[] {
  return (desktop.store.sqlite.prepare(`SELECT id FROM "${table}" ${where} ORDER BY id`).pluck().all() as string[]);
}

/** `member`: the member whose timers every install runs (the first install's). */
function run(desktop: Desktop, cmd: Command, member: string): void {
  const { store } = desktop;
  const choose = (list: string[], n: number) => (list.length ? list[n % list.length]! : null);
  const projects = ids(desktop, 'projects', 'WHERE deleted_at IS NULL');
  const tasks = ids(desktop, 'tasks', 'WHERE deleted_at IS NULL');
  const entries = ids(desktop, 'time_entries');
  try {
    switch (cmd.kind) {
      case 'createProject':
        store.projects.create({ name: cmd.name });
        return;
      case 'renameProject': {
        const id = choose(projects, cmd.pick);
        if (id) store.projects.update(id, { name: cmd.name });
        return;
      }
      case 'deleteProject': {
        const id = choose(projects, cmd.pick);
        if (id) store.projects.remove(id);
        return;
      }
      case 'createTask': {
        const id = choose(projects, cmd.pick);
        if (id) store.tasks.create({ projectId: id, title: cmd.title });
        return;
      }
      case 'editTask': {
        const id = choose(tasks, cmd.pick);
        if (id) store.tasks.update(id, { title: cmd.title, description: cmd.description });
        return;
      }
      case 'moveTask': {
        const id = choose(tasks, cmd.pick);
        if (id) store.tasks.move({ taskId: id, status: cmd.status, beforeId: null, afterId: null });
        return;
      }
      case 'deleteTask': {
        const id = choose(tasks, cmd.pick);
        if (id) store.tasks.remove(id);
        return;
      }
      case 'addEntry': {
        const id = choose(tasks, cmd.pick);
        const startedAt = DAY0 + cmd.hour * 3_600_000;
        if (id) store.entries.create({ taskId: id, startedAt, endedAt: startedAt + cmd.minutes * 60_000 }, store.members.me().id);
        return;
      }
      case 'editEntry': {
        const id = choose(entries, cmd.pick);
        if (id) store.entries.update(id, { description: cmd.description, billable: cmd.billable });
        return;
      }
      case 'deleteEntry': {
        const id = choose(entries, cmd.pick);
        if (id) store.entries.remove(id);
        return;
      }
      case 'restoreEntry': {
        const id = choose(entries, cmd.pick);
        if (id) store.entries.restore(id);
        return;
      }
      case 'startTimer': {
        const id = choose(tasks, cmd.pick);
        const startedAt = DAY0 + cmd.hour * 3_600_000;
        const running = runningOf(desktop, member);
        if (!id || (running && running.startedAt >= startedAt)) return;
        // As the app's timer does: the running one stops where the new one starts.
        if (running) store.entries.stop(running.id, startedAt);
        store.entries.start(member, id, startedAt);
        return;
      }
      case 'stopTimer': {
        const running = runningOf(desktop, member);
        if (running) store.entries.stop(running.id, running.startedAt + cmd.minutes * 60_000);
        return;
      }
    }
  } catch (err) {
    // A local rule refused it (overlap, deleted task...): nothing was written, like in the app.
    if (!(err instanceof RpcError)) throw err;
  }
}

function runningOf(desktop: Desktop, member: string): { id: string; startedAt: number } | undefined {
  return desktop.store.sqlite
    .prepare('SELECT id, started_at AS startedAt FROM time_entries WHERE member_id = ? AND ended_at IS NULL AND deleted_at IS NULL')
    .get(member) as { id: string; startedAt: number } | undefined;
}

/** A seeded shuffle with some items repeated: the network's reordering and redelivery. */
function scramble<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0 || 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = [...items, ...items.filter(() => rand() < 0.3)];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function split<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.max(1, Math.ceil(items.length / parts));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

let counter = 0;

describe.each<StoreKind>(['sqlite', 'postgres'])('convergence on %s', (kind) => {
  const sync = useSyncServer(kind, { beforeAll, afterAll });

  it('three installs editing offline, with reordered and duplicated delivery, converge with the server', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(command, { maxLength: 25 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (scripts, seed) => {
          const ws = `conv-${process.pid}-${++counter}`;
          const url = sync().server.url;
          const desktops = [0, 1, 2].map(() => openDesktop(url, ws));
          const auth = { authorization: `Bearer ${await bearer('deliverer', [{ id: ws, role: 'member' }])}`, 'content-type': 'application/json' };
          try {
            // A shared start: one install's project and tasks reach everyone.
            const base = desktops[0]!.store.projects.create({ name: 'Base' });
            for (const title of ['One', 'Two', 'Three']) desktops[0]!.store.tasks.create({ projectId: base.id, title });
            for (const d of desktops) await d.client.syncNow();
            for (const d of desktops) await d.client.syncNow();

            // Offline: every install edits on its own.
            const member = desktops[0]!.store.members.me().id;
            scripts.forEach((script, i) => script.forEach((cmd) => run(desktops[i]!, cmd, member)));

            // Deliver every outbox to the server out of order and with repeats, in several pushes.
            for (const [i, d] of desktops.entries()) {
              const { ops } = JSON.parse(d.local.nextBatch(100_000).body.toString()) as { ops: SyncOp[] };
              for (const part of split(scramble<SyncOp>(ops, seed + i), 3)) {
                const res = await fetch(`${url}${syncPath(ws, 'push')}`, { method: 'POST', headers: auth, body: JSON.stringify({ ops: part }) });
                expect(res.status, await res.clone().text()).toBe(200);
                PushResponseSchema.parse(await res.json());
              }
            }
            // And the whole log to every install, out of order and with repeats.
            const log = parsePage('ops', await (await fetch(`${url}${syncPath(ws, 'ops')}?after=0&limit=10000`, { headers: auth })).text());
            for (const [i, d] of desktops.entries()) {
              for (const part of split(scramble<LoggedOp>(log.ops, seed * 7 + i), 4)) d.local.applyOps(part, 0);
            }

            // Then the normal protocol: every install pushes (duplicates again) and pulls.
            for (const d of desktops) await d.client.syncNow();
            for (const d of desktops) await d.client.syncNow();

            const server = await serverState(url, ws);
            for (const d of desktops) {
              expect(desktopState(d.store)).toEqual(server);
              expect(d.local.pendingCount()).toBe(0);
            }
          } finally {
            for (const d of desktops) await d.close();
          }
        },
      ),
      { numRuns: 12, endOnFailure: true },
    );
  }, 300_000);
});
