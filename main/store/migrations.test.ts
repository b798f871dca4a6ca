import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { openTrackerStore } from './trackerStore';
import { SOURCE_MIGRATIONS_DIR, tempDir } from './testing/tempStore';

let cleanup = () => {};
afterEach(() => cleanup());

/** A copy of the committed migrations, cut back to the first one, as a first release shipped it. */
function firstReleaseMigrations(dir: string): string {
  const out = path.join(dir, 'migrations-v1');
  cpSync(SOURCE_MIGRATIONS_DIR, out, { recursive: true });
  const journalFile = path.join(out, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  expect(journal.entries.length).toBeGreaterThan(1);
  journal.entries = journal.entries.slice(0, 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return out;
}

it('upgrading a database made by the first migration keeps every row', () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  const file = path.join(temp.dir, 'tracker.sqlite');

  const v1 = openTrackerStore({ file, migrationsDir: firstReleaseMigrations(temp.dir) });
  const me = v1.members.me();
  const project = v1.projects.create({ name: 'Legacy', client: 'Old client' });
  const task = v1.tasks.create({ projectId: project.id, title: 'Old task' });
  const start = Date.UTC(2025, 0, 6, 9);
  v1.entries.importMany(
    Array.from({ length: 250 }, (_, i) => ({ taskId: task.id, projectId: project.id, memberId: me.id, startedAt: start + i * 3_600_000, endedAt: start + i * 3_600_000 + 1_800_000 })),
  );
  expect(v1.sqlite.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'allocations'`).pluck().get()).toBe(0);
  const before = snapshot(v1.sqlite);
  v1.close();

  const v2 = openTrackerStore({ file, migrationsDir: SOURCE_MIGRATIONS_DIR });
  try {
    expect(snapshot(v2.sqlite)).toEqual(before);
    expect(v2.members.me().id).toBe(me.id);
    // A later migration derives hour totals from the rows already there.
    expect(v2.reports.report({ from: '2025-01-01', to: '2025-01-31' }).totalMs).toBe(250 * 1_800_000);
    // The new migration's tables work on the upgraded file.
    v2.resources.createAllocation({ memberId: me.id, projectId: project.id, hoursPerWeek: 10, startDate: '2025-01-06', endDate: '2025-01-12' });
    expect(v2.resources.listAllocations()).toHaveLength(1);
    expect(v2.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    v2.close();
  }
});

it('applying the migrations twice is a no-op', () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  const a = openTrackerStore({ dataDir: temp.dir, migrationsDir: SOURCE_MIGRATIONS_DIR });
  a.projects.create({ name: 'Kept' });
  a.close();
  const b = openTrackerStore({ dataDir: temp.dir, migrationsDir: SOURCE_MIGRATIONS_DIR });
  expect(b.projects.list().map((p) => p.name)).toEqual(['Kept']);
  b.close();
});

function snapshot(sqlite: Database.Database): Record<string, unknown[]> {
  const tables = ['members', 'projects', 'tasks', 'time_entries', 'ops', 'meta'];
  return Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}
