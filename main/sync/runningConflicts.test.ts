/**
 * Settling two running timers of one member on a real SQLite file: remote inserts, a remote
 * restore, and a bulk load that takes in three running entries at once. Each settling stop is a
 * local op of this install, and the hour totals follow it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TrackerEntity } from '../../common/tracker/views';
import type { LoggedOp } from '../../common/wire/sync';
import { openTempStore } from '../store/testing/tempStore';
import { LocalSyncStore } from './localSyncStore';
import { settlingClock } from './runningConflicts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9);

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

let seq = 0;
let counter = 0;
/** A remote op; its clock's wall time is `wall` (default: now). */
function remote(entityId: string, kind: 'insert' | 'update', fields: Record<string, unknown>, wall = Date.now()): LoggedOp {
  const hlc = `${String(wall).padStart(15, '0')}-${(++counter).toString(36).padStart(6, '0')}-nremote01`;
  return { seq: ++seq, op: { id: `op-${seq}`, entity: 'time_entries', entityId, kind, fields, hlc, author: 'nremote01' } };
}

function setup() {
  const opened = openTempStore();
  cleanups.push(opened.cleanup);
  const { store } = opened;
  const changes: TrackerEntity[][] = [];
  const local = new LocalSyncStore(store.ctx, (e) => changes.push(e));
  const member = store.members.me().id;
  const project = store.projects.create({ name: 'P' });
  const task = store.tasks.create({ projectId: project.id, title: 'T' });
  const entry = (id: string, startedAt: number, more: Record<string, unknown> = {}) => ({
    id,
    fields: { taskId: task.id, projectId: project.id, memberId: member, startedAt, endedAt: null, description: '', billable: true, createdAt: startedAt, updatedAt: startedAt, deletedAt: null, ...more },
  });
  const running = () =>
    store.sqlite.prepare('SELECT id FROM time_entries WHERE member_id = ? AND ended_at IS NULL AND deleted_at IS NULL ORDER BY id').pluck().all(member);
  const endOf = (id: string) => store.sqlite.prepare('SELECT ended_at FROM time_entries WHERE id = ?').pluck().get(id) as number | null;
  /** This install's own ops about an entry, newest first. */
  const ownOps = (id: string) =>
    (store.sqlite.prepare("SELECT fields FROM ops WHERE entity = 'time_entries' AND entity_id = ? ORDER BY seq DESC").pluck().all(id) as string[]).map(
      (f) => JSON.parse(f) as Record<string, unknown>,
    );
  /** This install's own ops about an entry as they would be pushed, newest first. */
  const ownOpRows = (id: string) =>
    (
      store.sqlite
        .prepare("SELECT id, entity, entity_id AS entityId, kind, fields, hlc, author FROM ops WHERE entity = 'time_entries' AND entity_id = ? ORDER BY seq DESC")
        .all(id) as (Omit<LoggedOp['op'], 'fields'> & { fields: string })[]
    ).map((op) => ({ ...op, fields: JSON.parse(op.fields) as Record<string, unknown> }));
  const totalMs = () => store.sqlite.prepare('SELECT COALESCE(SUM(ms), 0) FROM project_hour_totals').pluck().get() as number;
  return { store, local, member, task, changes, entry, running, endOf, ownOps, ownOpRows, totalMs };
}

describe('two running timers of one member', () => {
  it('a remote running entry that started earlier is written stopped where the local one starts', () => {
    const s = setup();
    const mine = s.store.entries.start(s.member, s.task.id, T0 + 2 * H);
    const theirs = s.entry('theirs', T0);
    s.local.applyOps([remote(theirs.id, 'insert', theirs.fields)], 1);
    expect(s.running()).toEqual([mine.id]);
    expect(s.endOf(theirs.id)).toBe(T0 + 2 * H);
    expect(s.ownOps(theirs.id)[0]).toMatchObject({ endedAt: T0 + 2 * H });
    expect(s.local.pendingCount()).toBe(s.store.sqlite.prepare('SELECT COUNT(*) FROM ops').pluck().get());
    expect(s.totalMs()).toBe(2 * H);
    expect(s.changes.at(-1)).toContain('timeEntries');
  });

  it('a remote running entry that started later stops the local one at its start', () => {
    const s = setup();
    const mine = s.store.entries.start(s.member, s.task.id, T0);
    const theirs = s.entry('theirs', T0 + H);
    s.local.applyOps([remote(theirs.id, 'insert', theirs.fields)], 1);
    expect(s.running()).toEqual([theirs.id]);
    expect(s.endOf(mine.id)).toBe(T0 + H);
    expect(s.ownOps(mine.id)[0]).toMatchObject({ endedAt: T0 + H });
    expect(s.totalMs()).toBe(H);
  });

  it('on the same start, the smaller id stops', () => {
    const s = setup();
    const mine = s.store.entries.start(s.member, s.task.id, T0);
    const smaller = s.entry('0-smaller', T0);
    s.local.applyOps([remote(smaller.id, 'insert', smaller.fields)], 1);
    expect(s.running()).toEqual([mine.id]);
    expect(s.endOf(smaller.id)).toBe(T0);
  });

  it('a remote restore that makes a deleted running entry live again settles too', () => {
    const s = setup();
    const theirs = s.entry('theirs', T0, { deletedAt: T0 + H });
    s.local.applyOps([remote(theirs.id, 'insert', theirs.fields)], 1);
    const mine = s.store.entries.start(s.member, s.task.id, T0 + 2 * H);
    expect(s.ownOps(theirs.id)).toEqual([]);
    s.local.applyOps([remote(theirs.id, 'update', { deletedAt: null, updatedAt: T0 + 3 * H })], 2);
    expect(s.running()).toEqual([mine.id]);
    expect(s.endOf(theirs.id)).toBe(T0 + 2 * H);
    expect(s.totalMs()).toBe(2 * H);
  });

  it("a person's stop wins over a settling stop, whichever an install learns of first", () => {
    // Ben's laptop ran a timer from 9:00 and he stopped it at 9:30, offline; this desktop has had
    // one running since 10:00. The laptop's start and stop arrive together, long after.
    const start = remote('laptop', 'insert', {}, T0);
    const stop = remote('laptop', 'update', { endedAt: T0 + H / 2, updatedAt: T0 + H / 2 }, T0 + H / 2);
    const s = setup();
    const mine = s.store.entries.start(s.member, s.task.id, T0 + H);
    const withFields = (install: ReturnType<typeof setup>) => ({ ...start, op: { ...start.op, fields: install.entry('laptop', T0).fields } });
    s.local.applyOps([withFields(s), stop], 2);
    expect(s.endOf('laptop')).toBe(T0 + H / 2);
    expect(s.running()).toEqual([mine.id]);
    expect(s.totalMs()).toBe(H / 2);

    // Another install gets the laptop's ops and this desktop's settling stop, in either order.
    const settling: LoggedOp = { seq: 3, op: { ...s.ownOpRows('laptop').at(-1)!, author: 'ndesktop1' } };
    expect(settling.op.fields).toEqual({ endedAt: T0 + H });
    for (const ops of [
      [stop, settling],
      [settling, stop],
    ]) {
      const other = setup();
      other.local.applyOps([withFields(other), ...ops], 3);
      expect(other.endOf('laptop')).toBe(T0 + H / 2);
    }
  });

  it('a running entry stops where the next entry of its member starts, not past it', () => {
    // Three devices each ran a timer: 9:00, 10:00 (here) and 14:00 (here too, arriving later).
    const s = setup();
    const latest = s.store.entries.start(s.member, s.task.id, T0 + 5 * H);
    const first = s.entry('first', T0);
    const second = s.entry('second', T0 + H);
    s.local.applyOps([remote(second.id, 'insert', second.fields, T0 + H)], 1);
    s.local.applyOps([remote(first.id, 'insert', first.fields, T0)], 2);
    expect(s.running()).toEqual([latest.id]);
    expect([s.endOf(first.id), s.endOf(second.id)]).toEqual([T0 + H, T0 + 5 * H]);
    expect(s.totalMs()).toBe(5 * H);
  });

  it('installs that settle the same entry write the same op: same end, same clock, nothing else', () => {
    const insert = remote('theirs', 'insert', {}, T0);
    const ends = [0, 1].map(() => {
      const s = setup();
      s.store.entries.start(s.member, s.task.id, T0 + H);
      // The same op reaches both; each install has its own member and task ids.
      s.local.applyOps([{ ...insert, op: { ...insert.op, fields: s.entry('theirs', T0).fields } }], 1);
      const { fields, hlc } = s.ownOpRows('theirs')[0]!;
      return { fields, hlc };
    });
    expect(ends[0]).toEqual(ends[1]);
    expect(ends[0]!.fields).toEqual({ endedAt: T0 + H });
  });

  it('of two settling stops of one entry, the earlier end wins: installs that saw different next entries agree', () => {
    const since = `${String(T0).padStart(15, '0')}-000004-nremote01`;
    const [early, late] = [settlingClock(since, T0 + H), settlingClock(since, T0 + 5 * H)];
    expect(early > late && late > since).toBe(true);
    expect(early < `${String(T0 + 1).padStart(15, '0')}-000000-n0000000`).toBe(true);
  });

  it('a bulk load settles every member with several running entries before the unique index comes back', () => {
    const s = setup();
    const rows = [s.entry('b', T0 + H), s.entry('c', T0 + 5 * H), s.entry('a', T0), s.entry('done', T0 - 2 * H, { endedAt: T0 - H })];
    const tables = new Set(['time_entries']);
    s.local.bulk.begin(tables);
    const clock = `${String(Date.now()).padStart(15, '0')}-000000-nremote01`;
    s.local.applySnapshot(
      rows.map((r) => ({ entity: 'time_entries' as const, id: r.id, fields: r.fields, clocks: { '*': clock } })),
      clock,
      null,
      0,
      tables,
    );
    expect(s.running()).toEqual(['a', 'b', 'c']);
    s.local.bulk.finish();
    expect(s.running()).toEqual(['c']);
    expect([s.endOf('a'), s.endOf('b')]).toEqual([T0 + H, T0 + 5 * H]);
    expect(s.ownOps('a')[0]).toMatchObject({ endedAt: T0 + H });
    expect(s.ownOps('b')[0]).toMatchObject({ endedAt: T0 + 5 * H });
    expect(s.totalMs()).toBe(6 * H);
    expect(s.store.sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'time_entries_one_running'").pluck().get()).toBe(1);
    expect(s.changes.at(-1)).toEqual(['timeEntries']);
  });
});
