import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { RpcError } from '../../common/ipc/rpc';
import { openTempStore } from '../store/testing/tempStore';
import { ReportExporter } from './reportExporter';
import { importTimeCsv } from './timeImporter';

const H = 3_600_000;
const ALL_TIME = { from: Date.UTC(2001, 0, 1), to: Date.UTC(2099, 0, 1) };
/** Wall-clock time where the test runs, as a CSV states it. */
const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function open() {
  const opened = openTempStore();
  cleanups.push(opened.cleanup);
  return { ...opened, me: opened.store.members.me() };
}

const count = (store: ReturnType<typeof open>['store'], table: string) => store.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

function refusal(fn: () => unknown): RpcError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

it("reads Meshwork's own export back: another install gets the same report", async () => {
  const a = open();
  const project = a.store.projects.create({ name: 'Website', client: 'Acme, Inc.' });
  const task = a.store.tasks.create({ projectId: project.id, title: 'Landing page' });
  a.store.entries.create({ taskId: task.id, startedAt: local(2026, 3, 2, 9), endedAt: local(2026, 3, 2, 10, 30), description: 'Hero, "quoted"' }, a.me.id);
  a.store.entries.create({ taskId: task.id, startedAt: local(2026, 3, 2, 23), endedAt: local(2026, 3, 3, 1), billable: false }, a.me.id);
  const offset = -new Date(local(2026, 3, 2, 12)).getTimezoneOffset();
  const range = { from: '2026-03-01', to: '2026-03-31', utcOffsetMinutes: offset };
  const csv = (await new ReportExporter(a.store, path.join(a.dir, 'exports')).export(range, 'csv')).content;

  const b = open();
  expect(importTimeCsv(b.store, csv, b.me.id)).toEqual({ entries: 2, skipped: 0, projects: 1, tasks: 1, members: 0 });
  const [ra, rb] = [a.store.reports.report(range), b.store.reports.report(range)];
  expect(rb.totalMs).toBe(3.5 * H);
  expect([rb.totalMs, rb.billableMs, rb.byProject.map((p) => p.label), rb.byTask.map((t) => t.label)]).toEqual([ra.totalMs, ra.billableMs, ra.byProject.map((p) => p.label), ra.byTask.map((t) => t.label)]);
  expect(b.store.projects.list()[0]).toMatchObject({ name: 'Website', client: 'Acme, Inc.' });
  expect(b.store.entries.list(ALL_TIME).map((e) => e.description)).toEqual(['Hero, "quoted"', '']);
  // The same file again would double every hour: refused, by line.
  expect(refusal(() => importTimeCsv(b.store, csv, b.me.id)).message).toMatch(/^Line 2: This overlaps another entry/);
  expect(count(b.store, 'time_entries')).toBe(2);
});

it("reads Toggl Track's detailed export: people by email or name, an empty task, midnight, zero-length rows", () => {
  const { store, me } = open();
  const ana = store.members.create({ name: 'Ana Lima', email: 'ana@example.com' });
  const csv = [
    '"User","Email","Client","Project","Task","Description","Billable","Start date","Start time","End date","End time","Duration","Tags","Amount (USD)"',
    '"Ana L.","ana@example.com","Initech","Migration","Planning","Kick-off","Yes","2026-03-02","09:00:00","2026-03-02","10:15:00","01:15:00","",""',
    '"Bo","bo@example.com","Initech","Migration","","Late fix","No","2026-03-02","23:30:00","2026-03-03","00:30:00","01:00:00","",""',
    '"Bo","bo@example.com","Initech","Migration","","Oops","No","2026-03-03","08:00:00","2026-03-03","08:00:00","00:00:00","",""',
    '"Me","","","Migration","Planning","","Yes","2026-03-02","11:00:00","2026-03-02","11:30:00","00:30:00","",""',
  ].join('\r\n');
  expect(importTimeCsv(store, csv, me.id)).toEqual({ entries: 3, skipped: 1, projects: 1, tasks: 2, members: 1 });
  const entries = store.entries.list(ALL_TIME);
  const bo = store.members.list().find((m) => m.name === 'Bo')!;
  expect(bo.email).toBe('bo@example.com');
  expect(entries.map((e) => [e.memberId, (e.endedAt! - e.startedAt) / 60_000, e.billable])).toEqual([
    [ana.id, 75, true],
    [me.id, 30, true],
    [bo.id, 60, false],
  ]);
  expect(store.tasks.list(null).map((t) => t.title).sort()).toEqual(['General', 'Planning']);
  expect(store.projects.list()[0]!.client).toBe('Initech');
});

it('refuses a file it cannot read, naming the line, and writes nothing', () => {
  const { store, me } = open();
  const before = () => ['projects', 'tasks', 'members', 'time_entries', 'ops'].map((t) => count(store, t));
  const start = before();
  const rows = (...lines: string[]) => ['Date,Start,End,Project,Task', ...lines].join('\n');
  const cases: [string, RegExp][] = [
    [rows('2026-03-02,09:00,10:00,New project,Task', '02/03/2026,09:00,10:00,New project,Task'), /^Line 3: "02\/03\/2026 09:00" is not a date like 2026-03-31/],
    [rows('2026-02-31,09:00,10:00,P,T'), /^Line 2: .*is not a date/],
    ['Start date,Start time,End date,End time,Project\n2026-02-27,22:00,2026-02-31,24:00,P', /^Line 2: "2026-02-31 24:00" is not a date and time/],
    [rows('2026-03-02,09:00,24:30,P,T'), /^Line 2: "24:30" is not a time/],
    [rows('2026-03-02,09:00,1pm,P,T'), /^Line 2: "1pm" is not a time/],
    [rows('2026-03-02,09:00,10:00,,T'), /^Line 2: the entry has no project/],
    [rows('2026-03-02,09:00,10:00,P,T', '2026-03-02,09:30,10:30,P,T'), /^Line 3: This overlaps another entry/],
    ['Name,Hours\nx,1', /no date, start, end, project column/],
    ['', /empty/],
    ['Date,Start,End,Project\n"2026-03-02,09:00', /not a readable CSV/],
  ];
  for (const [csv, message] of cases) expect(refusal(() => importTimeCsv(store, csv, me.id)).message).toMatch(message);
  expect(before()).toEqual(start);
});
