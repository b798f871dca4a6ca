import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../common/ipc/rpc';
import { openTempStore } from './testing/tempStore';

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9); // Monday 2026-03-02 09:00 UTC

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function setup() {
  let clock = T0;
  const changes: string[][] = [];
  const opened = openTempStore({ now: () => clock, onChange: (e) => changes.push(e) });
  cleanups.push(opened.cleanup);
  const { store } = opened;
  const me = store.members.me();
  const project = store.projects.create({ name: 'Website', client: 'Acme', colour: '#ff8800' });
  const task = store.tasks.create({ projectId: project.id, title: 'Landing page', estimateMinutes: 120 });
  return { ...opened, me, project, task, changes, tick: (ms: number) => (clock += ms), setClock: (ms: number) => (clock = ms) };
}

function countOf(store: ReturnType<typeof setup>['store'], table: string): number {
  return store.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

async function rejection(fn: () => unknown): Promise<RpcError> {
  try {
    fn();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected an RpcError');
}

describe('tracker store on a real SQLite file', () => {
  it('uses WAL and keeps "me" stable across calls', () => {
    const { store, me } = setup();
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.members.me().id).toBe(me.id);
    expect(me.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes an op row in the same transaction as every mutation and announces changes after commit', () => {
    const { store, project, changes } = setup();
    const before = countOf(store, 'ops');
    store.projects.update(project.id, { name: 'Website 2' });
    expect(countOf(store, 'ops')).toBe(before + 1);
    const op = store.sqlite.prepare('SELECT entity, entity_id AS entityId, kind, fields FROM ops ORDER BY seq DESC LIMIT 1').get() as Record<string, string>;
    expect(op).toMatchObject({ entity: 'projects', entityId: project.id, kind: 'update' });
    expect(JSON.parse(op.fields!)).toMatchObject({ name: 'Website 2' });
    expect(changes.at(-1)).toEqual(['projects']);
  });

  it('orders cards by fractional board order and moves one across columns', () => {
    const { store, project, task } = setup();
    const b = store.tasks.create({ projectId: project.id, title: 'B' });
    const c = store.tasks.create({ projectId: project.id, title: 'C' });
    store.tasks.move({ taskId: c.id, status: 'todo', beforeId: null, afterId: task.id });
    expect(store.tasks.list(project.id).map((t) => t.title)).toEqual(['C', 'Landing page', 'B']);
    const moved = store.tasks.move({ taskId: b.id, status: 'in-progress', beforeId: null, afterId: null });
    expect(moved.status).toBe('in-progress');
    // Many moves into the same gap renumber the column instead of running out of precision.
    for (let i = 0; i < 80; i++) store.tasks.move({ taskId: c.id, status: 'todo', beforeId: null, afterId: task.id });
    expect(store.tasks.list(project.id).filter((t) => t.status === 'todo').map((t) => t.title)).toEqual(['C', 'Landing page']);
  });

  it('creates, edits, splits, deletes and restores time entries', () => {
    const { store, task, me } = setup();
    const entry = store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + 2 * H, description: 'Hero' }, me.id);
    expect(entry).toMatchObject({ memberId: me.id, projectId: task.projectId, billable: true });
    const edited = store.entries.update(entry.id, { description: 'Hero section', billable: false });
    expect(edited).toMatchObject({ description: 'Hero section', billable: false });
    const [first, second] = store.entries.split(entry.id, T0 + H);
    expect([first.endedAt, second.startedAt, second.endedAt]).toEqual([T0 + H, T0 + H, T0 + 2 * H]);
    store.entries.remove(second.id);
    expect(store.entries.list({ from: T0, to: T0 + 3 * H }).map((e) => e.id)).toEqual([first.id]);
    store.entries.restore(second.id);
    expect(store.entries.list({ from: T0, to: T0 + 3 * H })).toHaveLength(2);
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const { store, task, me } = setup();
    store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + H }, me.id);
    const ops = countOf(store, 'ops');
    const entries = countOf(store, 'time_entries');

    expect((await rejection(() => store.entries.create({ taskId: task.id, startedAt: T0 + H, endedAt: T0 }, me.id))).message).toMatch(
      /end must be after the start/,
    );
    const overlap = await rejection(() => store.entries.create({ taskId: task.id, startedAt: T0 + H / 2, endedAt: T0 + 2 * H }, me.id));
    expect(overlap.message).toMatch(/overlaps another entry/);
    expect((await rejection(() => store.entries.create({ taskId: task.id, startedAt: Number.NaN, endedAt: T0 }, me.id))).code).toBe('invalid-input');
    expect((await rejection(() => store.entries.create({ taskId: task.id, startedAt: 1_700_000, endedAt: 1_800_000 }, me.id))).message).toMatch(
      /after 2000/,
    );
    expect((await rejection(() => store.entries.create({ taskId: 'nope', startedAt: T0 + 5 * H, endedAt: T0 + 6 * H }, me.id))).code).toBe(
      'not-found',
    );
    expect((await rejection(() => store.projects.create({ name: 'x'.repeat(500) }))).message).toMatch(/at most 120 characters/);
    expect((await rejection(() => store.projects.create({ name: 'P', startDate: '2026-02-30' }))).message).toMatch(/date like/);
    expect((await rejection(() => store.projects.create({ name: 'P', startDate: '2026-03-10', endDate: '2026-03-01' }))).message).toMatch(
      /end date must not be before/,
    );
    expect((await rejection(() => store.tasks.create({ projectId: task.projectId, title: 'T', description: 'x'.repeat(20_000) }))).message).toMatch(
      /at most 10000/,
    );
    expect((await rejection(() => store.entries.split('missing', T0))).code).toBe('not-found');

    expect(countOf(store, 'ops')).toBe(ops);
    expect(countOf(store, 'time_entries')).toBe(entries);
  });

  it('allows only one running entry per member, enforced by the database', () => {
    const { store, task, me } = setup();
    store.entries.start(me.id, task.id, T0);
    expect(() => store.sqlite.prepare(
      `INSERT INTO time_entries (id, created_at, updated_at, task_id, project_id, member_id, started_at) VALUES ('x', 0, 0, ?, ?, ?, ?)`,
    ).run(task.id, task.projectId, me.id, T0 + 10 * H)).toThrow(/UNIQUE/);
  });

  it('reports time by project, member, task and day, zero-filling the days', () => {
    const { store, task, me, project } = setup();
    const other = store.projects.create({ name: 'Mobile', colour: '#00aa55' });
    const otherTask = store.tasks.create({ projectId: other.id, title: 'Login' });
    store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + 2 * H }, me.id);
    store.entries.create({ taskId: otherTask.id, startedAt: T0 + 24 * H, endedAt: T0 + 25 * H, billable: false }, me.id);
    const report = store.reports.report({ from: '2026-03-01', to: '2026-03-04' });
    expect(report.totalMs).toBe(3 * H);
    expect(report.billableMs).toBe(2 * H);
    expect(report.byProject.map((b) => [b.label, b.ms])).toEqual([
      ['Website', 2 * H],
      ['Mobile', H],
    ]);
    expect(report.byMember).toEqual([{ key: me.id, label: 'Me', ms: 3 * H, billableMs: 2 * H }]);
    expect(report.byTask[0]).toMatchObject({ label: 'Landing page', projectLabel: 'Website' });
    expect(report.byDay.map((d) => [d.key, d.ms])).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 2 * H],
      ['2026-03-03', H],
      ['2026-03-04', 0],
    ]);
    expect(store.reports.report({ from: '2026-03-01', to: '2026-03-04', projectId: project.id }).totalMs).toBe(2 * H);
    // The viewer's time zone decides which day an entry belongs to.
    const tokyo = store.reports.report({ from: '2026-03-02', to: '2026-03-02', utcOffsetMinutes: 9 * 60 });
    expect(tokyo.totalMs).toBe(2 * H);
  });

  it('summarises projects: progress, hours against estimate, overdue tasks', () => {
    const { store, task, me, project } = setup();
    store.tasks.update(task.id, { dueDate: '2026-03-01' });
    const done = store.tasks.create({ projectId: project.id, title: 'Done already', status: 'done', dueDate: '2026-02-01' });
    store.entries.create({ taskId: done.id, startedAt: T0, endedAt: T0 + H }, me.id);
    const [summary] = store.reports.projectSummaries('2026-03-05');
    expect(summary).toMatchObject({ projectId: project.id, taskCount: 2, doneCount: 1, estimateMinutes: 120, loggedMs: H });
    expect(summary!.overdueTasks.map((t) => t.title)).toEqual(['Landing page']);
  });

  it('flags over-allocation against availability and time off', () => {
    const { store, me, project } = setup();
    store.resources.createAllocation({ memberId: me.id, projectId: project.id, hoursPerWeek: 36, startDate: '2026-03-02', endDate: '2026-03-15' });
    store.resources.createTimeOff({ memberId: me.id, startDate: '2026-03-09', endDate: '2026-03-09', reason: 'Holiday' });
    const weeks = store.resources.weeks('2026-03-02', 2);
    expect(weeks.map((w) => [w.weekStart, w.availableHours, w.allocatedHours, w.overAllocated])).toEqual([
      ['2026-03-02', 40, 36, false],
      ['2026-03-09', 32, 36, true],
    ]);
    // Taking the day off back makes the week available again; it cannot be taken back twice.
    const [off] = store.resources.listTimeOff();
    store.resources.removeTimeOff(off!.id);
    expect(store.resources.weeks('2026-03-09', 1)[0]).toMatchObject({ availableHours: 40, overAllocated: false });
    expect(store.resources.listTimeOff()).toEqual([]);
    expect(() => store.resources.removeTimeOff(off!.id)).toThrow(/time off/);
  });
});

describe('removing a member', () => {
  it('ends their team and task links and takes them off every list; their time stays in reports; this install\'s member is refused', async () => {
    const { store, me, task } = setup();
    const ana = store.members.create({ name: 'Ana' });
    const team = store.members.createTeam({ name: 'Design', memberIds: [me.id, ana.id] });
    store.tasks.update(task.id, { assigneeIds: [me.id, ana.id] });
    store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + H }, ana.id);
    store.members.remove(ana.id, me.id);
    expect(store.members.list().map((m) => m.name)).toEqual(['Me']);
    expect(store.members.getTeam(team.id).memberIds).toEqual([me.id]);
    expect(store.tasks.get(task.id).assigneeIds).toEqual([me.id]);
    expect(store.reports.report({ from: '2026-03-01', to: '2026-03-04' }).byMember.map((m) => m.label)).toEqual(['Ana']);
    const ops = countOf(store, 'ops');
    expect((await rejection(() => store.members.remove(me.id, me.id))).code).toBe('forbidden');
    expect((await rejection(() => store.members.remove(ana.id, me.id))).code).toBe('not-found');
    expect(countOf(store, 'ops')).toBe(ops);
  });

  it('brings this install\'s own member back when a pull removed them, with a restore op', () => {
    const { store, me } = setup();
    // As a pulled op from another install would leave it.
    store.sqlite.prepare('UPDATE members SET deleted_at = ? WHERE id = ?').run(T0, me.id);
    const ops = countOf(store, 'ops');
    expect(store.members.reviveMe()).toMatchObject({ id: me.id, deletedAt: null });
    expect(store.members.list().map((m) => m.id)).toEqual([me.id]);
    expect(store.sqlite.prepare('SELECT kind FROM ops ORDER BY seq DESC LIMIT 1').pluck().get()).toBe('restore');
    expect(countOf(store, 'ops')).toBe(ops + 1);
    // Alive already: nothing to write.
    store.members.reviveMe();
    expect(countOf(store, 'ops')).toBe(ops + 1);
  });
});

describe('timesheet day totals', () => {
  const M = 60_000;
  const spans = (entries: { startedAt: number; endedAt: number | null }[]) => entries.map((e) => [(e.startedAt - T0) / M, (e.endedAt! - T0) / M]);

  it('adds time after the day\'s last entry, takes it off the latest entries first, and 0 clears the day', () => {
    const { store, me, task, project, setClock } = setup();
    setClock(T0 + 24 * H); // the day before: all of it is past
    const other = store.tasks.create({ projectId: project.id, title: 'Other' });
    const cell = (minutes: number) => store.dayTotals.set({ taskId: task.id, date: '2026-03-02', minutes, utcOffsetMinutes: 0 }, me.id);
    // An empty day starts at the member's working day (09:00 = T0).
    expect(spans(cell(90))).toEqual([[0, 90]]);
    store.entries.create({ taskId: other.id, startedAt: T0 + 90 * M, endedAt: T0 + 120 * M }, me.id);
    expect(spans(cell(120))).toEqual([[0, 90], [120, 150]]);
    // 60 less: the 30-minute entry goes, the first ends 30 minutes sooner.
    expect(spans(cell(60))).toEqual([[0, 60]]);
    expect(store.entries.list({ from: T0 - 9 * 60 * M, to: T0 + 15 * 60 * M }).map((e) => e.taskId)).toEqual([task.id, other.id]);
    expect(cell(0)).toEqual([]);
    expect(store.entries.list({ from: T0 - 9 * 60 * M, to: T0 + 15 * 60 * M }).map((e) => e.taskId)).toEqual([other.id]);
  });

  it('uses the latest gap when the evening is full, refuses a day with no room or a running timer, and changes nothing then', async () => {
    const { store, me, task, project, setClock } = setup();
    setClock(T0 + 24 * H);
    const other = store.tasks.create({ projectId: project.id, title: 'Late shift' });
    store.entries.create({ taskId: other.id, startedAt: T0, endedAt: T0 + 14 * 60 * M }, me.id); // 09:00 to 23:00
    const cell = (minutes: number) => store.dayTotals.set({ taskId: task.id, date: '2026-03-02', minutes, utcOffsetMinutes: 0 }, me.id);
    expect(spans(cell(120))).toEqual([[-2 * 60, 0]]); // 07:00 to 09:00, the end of the morning's gap
    const ops = countOf(store, 'ops');
    // Free: 00:00 to 07:00 and 23:00 to 24:00; 8 hours more fit in neither.
    const full = await rejection(() => cell(10 * 60));
    expect(full.message).toMatch(/no room left on 2026-03-02 for 8:00 more/);
    expect(countOf(store, 'ops')).toBe(ops);
    expect((await rejection(() => cell(24 * 60 + 1))).code).toBe('invalid-input');
    store.entries.start(me.id, task.id, T0 + 14 * 60 * M);
    expect((await rejection(() => cell(30))).code).toBe('conflict');
    expect(countOf(store, 'ops')).toBe(ops + 1);
  });

  it('puts time typed for today before now, not in the hours still to come', async () => {
    const { store, me, task, setClock } = setup();
    setClock(T0 + 60 * M); // 10:00 on the day, the working day began at 09:00
    const cell = (minutes: number) => store.dayTotals.set({ taskId: task.id, date: '2026-03-02', minutes, utcOffsetMinutes: 0 }, me.id);
    expect(spans(cell(30))).toEqual([[0, 30]]);
    // Another hour does not fit between 09:30 and now: it ends at the start of the first entry.
    expect(spans(cell(90))).toEqual([[-60, 0], [0, 30]]);
    expect((await rejection(() => cell(11 * 60))).message).toMatch(/no room left before now on 2026-03-02/);
  });

  it("takes the viewer's day, not UTC's", () => {
    const { store, me, task } = setup();
    // 2026-03-03 in Tokyo (UTC+9) starts at 2026-03-02 15:00 UTC; the working day at 09:00 Tokyo = 00:00 UTC.
    const [entry] = store.dayTotals.set({ taskId: task.id, date: '2026-03-03', minutes: 30, utcOffsetMinutes: 9 * 60 }, me.id);
    expect(entry!.startedAt).toBe(Date.UTC(2026, 2, 3, 0));
    expect(store.reports.report({ from: '2026-03-03', to: '2026-03-03', utcOffsetMinutes: 9 * 60 }).totalMs).toBe(30 * M);
  });
});

describe('comments', () => {
  it('are edited and deleted by their author only; every change is an op', async () => {
    const { store, me, task, tick } = setup();
    const ana = store.members.create({ name: 'Ana' });
    const mine = store.tasks.addComment({ taskId: task.id, body: 'First draft' }, me.id);
    const hers = store.tasks.addComment({ taskId: task.id, body: 'Looks good' }, ana.id);
    tick(60_000);
    const ops = countOf(store, 'ops');
    const edited = store.tasks.updateComment(mine.id, { body: 'Second draft' }, me.id);
    expect(edited).toMatchObject({ body: 'Second draft', createdAt: mine.createdAt, updatedAt: mine.createdAt + 60_000 });
    expect((await rejection(() => store.tasks.updateComment(hers.id, { body: 'Rewritten' }, me.id))).code).toBe('forbidden');
    expect((await rejection(() => store.tasks.deleteComment(hers.id, me.id))).code).toBe('forbidden');
    expect((await rejection(() => store.tasks.updateComment(mine.id, { body: ' ' }, me.id))).code).toBe('invalid-input');
    expect(countOf(store, 'ops')).toBe(ops + 1);
    store.tasks.deleteComment(mine.id, me.id);
    expect(store.tasks.listComments(task.id).map((c) => c.body)).toEqual(['Looks good']);
    expect((await rejection(() => store.tasks.updateComment(mine.id, { body: 'Back' }, me.id))).code).toBe('not-found');
  });
});

describe('teams', () => {
  const liveLinks = (store: ReturnType<typeof setup>['store'], teamId: string) =>
    store.sqlite.prepare('SELECT member_id FROM team_members WHERE team_id = ? AND deleted_at IS NULL ORDER BY member_id').pluck().all(teamId);

  it('renames, sets the member list exactly, lists each member once, and deletes with its links; every write is an op', () => {
    const { store, me } = setup();
    const ana = store.members.create({ name: 'Ana' });
    const bo = store.members.create({ name: 'Bo' });
    const team = store.members.createTeam({ name: 'Design', memberIds: [me.id, ana.id] });
    expect(team).toMatchObject({ name: 'Design', memberIds: [me.id, ana.id] });
    const opsBefore = countOf(store, 'ops');

    const changed = store.members.updateTeam(team.id, { name: 'Product design', memberIds: [ana.id, bo.id] });
    expect(changed.name).toBe('Product design');
    expect([...changed.memberIds].sort()).toEqual([ana.id, bo.id].sort());
    // One rename, one link tombstoned (me), one added (Bo).
    expect(countOf(store, 'ops') - opsBefore).toBe(3);

    // Two installs that each added Ana concurrently leave two live links once both are pulled.
    store.sqlite
      .prepare('INSERT INTO team_members (id, team_id, member_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run('link-from-elsewhere', team.id, ana.id, T0, T0);
    expect(store.members.getTeam(team.id).memberIds.filter((id) => id === ana.id)).toHaveLength(1);
    // Taking Ana out ends both.
    store.members.updateTeam(team.id, { memberIds: [bo.id] });
    expect(liveLinks(store, team.id)).toEqual([bo.id]);

    store.members.deleteTeam(team.id);
    expect(store.members.listTeams()).toEqual([]);
    expect(liveLinks(store, team.id)).toEqual([]);
    expect(store.members.list().map((m) => m.name)).toEqual(['Ana', 'Bo', 'Me']);
    expect(() => store.members.getTeam(team.id)).toThrow(/team/);
  });

  it('refuses an unknown member or team and changes nothing', async () => {
    const { store, me } = setup();
    const team = store.members.createTeam({ name: 'Ops', memberIds: [me.id] });
    const ops = countOf(store, 'ops');
    expect((await rejection(() => store.members.updateTeam(team.id, { name: 'Renamed', memberIds: [me.id, 'nobody'] }))).code).toBe('not-found');
    expect((await rejection(() => store.members.updateTeam(team.id, { name: '' }))).code).toBe('invalid-input');
    expect((await rejection(() => store.members.deleteTeam('no-such-team'))).code).toBe('not-found');
    expect(store.members.getTeam(team.id)).toMatchObject({ name: 'Ops', memberIds: [me.id] });
    expect(countOf(store, 'ops')).toBe(ops);
  });

  it('filters reports to a team\'s members, from the entries (the hour totals do not know members)', () => {
    const { store, me, task } = setup();
    const ana = store.members.create({ name: 'Ana' });
    store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + 2 * H }, me.id);
    store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + H }, ana.id);
    const team = store.members.createTeam({ name: 'Just Ana', memberIds: [ana.id] });
    const range = { from: '2026-03-01', to: '2026-03-04' };
    expect(store.reports.report(range).totalMs).toBe(3 * H);
    const report = store.reports.report({ ...range, teamId: team.id });
    expect(report.totalMs).toBe(H);
    expect(report.byMember.map((m) => m.label)).toEqual(['Ana']);
    expect(report.byDay.find((d) => d.key === '2026-03-02')!.ms).toBe(H);
    store.members.updateTeam(team.id, { memberIds: [me.id, ana.id] });
    expect(store.reports.report({ ...range, teamId: team.id }).totalMs).toBe(3 * H);
  });
});

describe('hour totals kept by triggers', () => {
  it('always equal a scan of the entries, through inserts, edits, splits, deletes and restores', () => {
    const { store, task, me, project } = setup();
    const other = store.tasks.create({ projectId: store.projects.create({ name: 'Other' }).id, title: 'Elsewhere' });
    const scan = () =>
      store.sqlite
        .prepare(
          `SELECT project_id AS p, started_at / 3600000 AS h, SUM(ended_at - started_at) AS ms, SUM(CASE WHEN billable THEN ended_at - started_at ELSE 0 END) AS b
           FROM time_entries WHERE ended_at IS NOT NULL AND deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
        )
        .all();
    const rollup = () =>
      store.sqlite.prepare(`SELECT project_id AS p, hour AS h, ms, billable_ms AS b FROM project_hour_totals WHERE ms <> 0 ORDER BY 1, 2`).all();

    const a = store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + 2 * H }, me.id);
    const b = store.entries.create({ taskId: task.id, startedAt: T0 + 3 * H, endedAt: T0 + 4 * H, billable: false }, me.id);
    expect(rollup()).toEqual(scan());
    store.entries.update(a.id, { taskId: other.id, startedAt: T0 + 30 * 60_000 });
    store.entries.split(b.id, T0 + 3.5 * H);
    expect(rollup()).toEqual(scan());
    store.entries.remove(a.id);
    expect(rollup()).toEqual(scan());
    store.entries.restore(a.id);
    store.entries.start(me.id, task.id, T0 + 5 * H); // running: not in the totals until stopped
    expect(rollup()).toEqual(scan());
    const report = store.reports.report({ from: '2026-03-02', to: '2026-03-02', projectId: project.id });
    expect(report.byDay[0]!.ms).toBe(report.totalMs);
    expect(rollup()).toEqual(scan());
  });
});

describe('hours by project and day', () => {
  it('returns one row per project and day, in the viewer\'s days', () => {
    const { store, task, me, project } = setup();
    store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + H }, me.id);
    store.entries.create({ taskId: task.id, startedAt: T0 + 3 * H, endedAt: T0 + 5 * H }, me.id);
    store.entries.create({ taskId: task.id, startedAt: T0 + 24 * H, endedAt: T0 + 25 * H }, me.id);
    expect(store.reports.byProjectAndDay({ from: '2026-03-01', to: '2026-03-31' })).toEqual([
      { projectId: project.id, day: '2026-03-02', ms: 3 * H },
      { projectId: project.id, day: '2026-03-03', ms: H },
    ]);
    // 09:00 UTC is the previous evening at UTC-10.
    expect(store.reports.byProjectAndDay({ from: '2026-03-01', to: '2026-03-31', utcOffsetMinutes: -600 }).map((r) => r.day)).toEqual([
      '2026-03-01',
      '2026-03-02',
    ]);
  });
});
