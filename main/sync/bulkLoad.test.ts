import { afterEach, expect, it } from 'vitest';
import { openTrackerStore } from '../store/trackerStore';
import { SOURCE_MIGRATIONS_DIR, tempDir } from '../store/testing/tempStore';
import { LocalSyncStore } from './localSyncStore';

let cleanup = () => {};
afterEach(() => cleanup());

const objects = (store: ReturnType<typeof openTrackerStore>) =>
  store.sqlite.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'time_entries' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name").pluck().all();

it('a bootstrap interrupted by a crash gets its indexes, triggers and hour totals back when the store opens again', () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  const first = openTrackerStore({ dataDir: temp.dir, migrationsDir: SOURCE_MIGRATIONS_DIR });
  const before = objects(first);
  expect(before.length).toBeGreaterThanOrEqual(8);
  const local = new LocalSyncStore(first.ctx);
  const empty = local.bulk.emptyTables();
  expect(empty.has('time_entries')).toBe(true);
  local.bulk.begin(empty);
  expect(objects(first)).toEqual([]);
  // Rows arrive without the triggers that keep the hour totals...
  const me = first.members.me();
  const project = first.projects.create({ name: 'P' });
  const task = first.tasks.create({ projectId: project.id, title: 'T' });
  first.entries.importMany([{ taskId: task.id, projectId: project.id, memberId: me.id, startedAt: Date.UTC(2026, 0, 5, 9), endedAt: Date.UTC(2026, 0, 5, 10) }]);
  // ...and the process dies before finish().
  first.sqlite.close();

  const again = openTrackerStore({ dataDir: temp.dir, migrationsDir: SOURCE_MIGRATIONS_DIR });
  try {
    new LocalSyncStore(again.ctx);
    expect(objects(again)).toEqual(before);
    expect(again.reports.report({ from: '2026-01-01', to: '2026-01-31' }).totalMs).toBe(3_600_000);
    expect(again.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    again.close();
  }
});

it('a load finished in steps answers writes in between and ends with every index, trigger and hour total', async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  const store = openTrackerStore({ dataDir: temp.dir, migrationsDir: SOURCE_MIGRATIONS_DIR });
  try {
    const before = objects(store);
    const local = new LocalSyncStore(store.ctx);
    local.bulk.begin(local.bulk.emptyTables());
    const me = store.members.me();
    const project = store.projects.create({ name: 'P' });
    const task = store.tasks.create({ projectId: project.id, title: 'T' });
    const entry = (hour: number) => ({ taskId: task.id, projectId: project.id, memberId: me.id, startedAt: Date.UTC(2026, 0, 5, hour), endedAt: Date.UTC(2026, 0, 5, hour + 1) });
    store.entries.importMany([entry(9)]);
    const finishing = local.bulk.finishInSteps();
    // Main answers while the load finishes: a write lands between two index builds.
    await new Promise((resolve) => setImmediate(resolve));
    expect(objects(store)).not.toEqual(before);
    store.entries.importMany([entry(11)]);
    await finishing;
    expect(objects(store)).toEqual(before);
    expect(store.reports.report({ from: '2026-01-01', to: '2026-01-31' }).totalMs).toBe(2 * 3_600_000);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    store.close();
  }
});

it('reports stay right and the dashboard says it is counting while a load has the indexes and hour totals down; both go back to them after', async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  const store = openTrackerStore({ dataDir: temp.dir, migrationsDir: SOURCE_MIGRATIONS_DIR });
  try {
    const changed: string[][] = [];
    const local = new LocalSyncStore(store.ctx, (entities) => changed.push(entities));
    const me = store.members.me();
    const byMember = { from: '2026-01-01', to: '2026-01-31', memberId: me.id };
    // Made (and kept) with their index hints before the load.
    expect(store.reports.report(byMember).totalMs).toBe(0);
    expect(store.reports.projectSummaries('2026-01-05')).toEqual([]);
    local.bulk.begin(local.bulk.emptyTables());
    const project = store.projects.create({ name: 'P' });
    const task = store.tasks.create({ projectId: project.id, title: 'T' });
    store.entries.importMany([{ taskId: task.id, projectId: project.id, memberId: me.id, startedAt: Date.UTC(2026, 0, 5, 9), endedAt: Date.UTC(2026, 0, 5, 10) }]);
    // Reports scan the entries themselves while the hour totals are not kept: right mid-load.
    const everyone = { from: '2026-01-01', to: '2026-01-31' };
    expect(store.reports.report(byMember).totalMs).toBe(3_600_000);
    expect(store.reports.report(everyone).totalMs).toBe(3_600_000);
    expect(store.reports.byProjectAndDay(everyone)).toEqual([{ projectId: project.id, day: '2026-01-05', ms: 3_600_000 }]);
    // The dashboard does not scan on every page of a load: it says its hours are still being counted.
    expect(store.reports.projectSummaries('2026-01-05').map((p) => [p.projectId, p.taskCount, p.hoursCounting])).toEqual([[project.id, 1, true]]);
    changed.length = 0;
    await local.bulk.finishInSteps();
    // The views showing hours are told to ask again, now that the totals are back.
    expect(changed).toEqual([['timeEntries']]);
    expect(objects(store)).toContain('time_entries_report');
    expect(store.reports.report(byMember).totalMs).toBe(3_600_000);
    expect(store.reports.report(everyone).totalMs).toBe(3_600_000);
    expect(store.reports.projectSummaries('2026-01-05')).toMatchObject([{ projectId: project.id, loggedMs: 3_600_000, hoursCounting: false }]);
  } finally {
    store.close();
  }
});
