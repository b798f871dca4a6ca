import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { HlcSchema } from '../../common/sync/hlc';
import { openDatabase } from './database';
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

  // The first release's rows, written as its code wrote them (today's code writes today's columns).
  const v1 = openDatabase({ file, migrationsDir: firstReleaseMigrations(temp.dir) });
  const legacy = writeFirstReleaseRows(v1.sqlite);
  expect(v1.sqlite.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'allocations'`).pluck().get()).toBe(0);
  const before = snapshot(v1.sqlite);
  v1.sqlite.close();

  const v2 = openTrackerStore({ file, migrationsDir: SOURCE_MIGRATIONS_DIR });
  try {
    const after = snapshot(v2.sqlite);
    for (const [table, rows] of Object.entries(before)) {
      // Later migrations add columns (sync clocks, op HLCs) and facts; every old value stays.
      expect(after[table]!.map((row, i) => pick(row, Object.keys((rows[i] ?? {}) as object)))).toEqual(expect.arrayContaining(rows));
    }
    expect(v2.members.me().id).toBe(legacy.meId);
    // A later migration derives hour totals from the rows already there.
    expect(v2.reports.report({ from: '2025-01-01', to: '2025-01-31' }).totalMs).toBe(250 * 1_800_000);
    // The sync migration gives old ops an HLC in their local order, and old rows their clock.
    const hlcs = v2.sqlite.prepare('SELECT hlc FROM ops ORDER BY seq').pluck().all() as string[];
    expect(hlcs.every((h) => HlcSchema.safeParse(h).success)).toBe(true);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(v2.sqlite.prepare('SELECT COUNT(*) FROM time_entries WHERE sync_clocks IS NULL').pluck().get()).toBe(0);
    // The new migration's tables work on the upgraded file.
    v2.resources.createAllocation({ memberId: legacy.meId, projectId: legacy.projectId, hoursPerWeek: 10, startDate: '2025-01-06', endDate: '2025-01-12' });
    expect(v2.resources.listAllocations()).toHaveLength(1);
    expect(v2.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    v2.close();
  }
});

function writeFirstReleaseRows(sqlite: Database.Database) {
  const at = Date.UTC(2025, 0, 1);
  let seq = 0;
  const op = sqlite.prepare('INSERT INTO ops (id, entity, entity_id, kind, fields, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const meId = 'member-0001';
  const projectId = 'project-0001';
  const taskId = 'task-0001';
  sqlite.transaction(() => {
    sqlite.prepare("INSERT INTO members (id, created_at, updated_at, name, role) VALUES (?, ?, ?, 'Me', 'Owner')").run(meId, at, at);
    op.run('op-m', 'members', meId, 'insert', '{}', at, ++seq);
    sqlite.prepare("INSERT INTO meta (key, value) VALUES ('me', ?)").run(meId);
    sqlite.prepare("INSERT INTO projects (id, created_at, updated_at, name, client, colour, status) VALUES (?, ?, ?, 'Legacy', 'Old client', '#5b8cff', 'active')").run(projectId, at, at);
    op.run('op-p', 'projects', projectId, 'insert', '{}', at, ++seq);
    sqlite.prepare("INSERT INTO tasks (id, created_at, updated_at, project_id, title, status, board_order) VALUES (?, ?, ?, ?, 'Old task', 'todo', 1)").run(taskId, at, at, projectId);
    op.run('op-t', 'tasks', taskId, 'insert', '{}', at, ++seq);
    const entry = sqlite.prepare(
      'INSERT INTO time_entries (id, created_at, updated_at, task_id, project_id, member_id, started_at, ended_at, billable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)',
    );
    const start = Date.UTC(2025, 0, 6, 9);
    for (let i = 0; i < 250; i++) {
      const id = `entry-${String(i).padStart(4, '0')}`;
      entry.run(id, at, at, taskId, projectId, meId, start + i * 3_600_000, start + i * 3_600_000 + 1_800_000);
      op.run(`op-e-${i}`, 'time_entries', id, 'insert', '{}', at, ++seq);
    }
  })();
  return { meId, projectId };
}

function pick(row: unknown, keys: string[]): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

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
