/**
 * `npm run bench:store`: 1,000,000 time entries inserted through the app's store (drizzle
 * multi-row inserts plus an op row each, as every app write does) against the same rows written
 * with raw prepared better-sqlite3 statements; then the monthly report (hours by project and by
 * day) through the store against the very same SQL (hour totals plus running entries) as raw
 * prepared statements, and a plain GROUP BY scan of the month's entries for scale.
 * One JSON object per line; `ratio` = raw time / ours (1.0 = no overhead).
 *   BENCH_ENTRIES=100000 npm run bench:store   # smaller run
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { HOURS_BY_PROJECT_DAY_SQL } from '../main/store/reportQueries';
import { openTrackerStore, type TrackerStore } from '../main/store/trackerStore';
import type { ImportedEntry } from '../main/store/timeEntryStore';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const MEMBERS = 100;
const PROJECTS = 10;
const TASKS = 500;
const BATCH = 10_000;
const DAYS = 730; // two years of history
const START = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const REPORT_RUNS = 30;

const root = process.env.MESHWORK_ROOT ?? process.cwd();
const migrationsDir = path.join(root, 'main', 'store', 'migrations');
const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-store-'));

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Same rows for both runs: each member works a few 30-minute slots a day, never overlapping. */
function* batches(store: TrackerStore): Generator<ImportedEntry[]> {
  const members = Array.from({ length: MEMBERS }, (_, i) => store.members.create({ name: `Member ${i}` }).id);
  const projects = Array.from({ length: PROJECTS }, (_, i) => store.projects.create({ name: `Project ${i}` }));
  const tasks = Array.from({ length: TASKS }, (_, i) => store.tasks.create({ projectId: projects[i % PROJECTS]!.id, title: `Task ${i}` }));
  const perMember = Math.ceil(ENTRIES / MEMBERS);
  const slotsPerDay = Math.ceil(perMember / DAYS);
  let batch: ImportedEntry[] = [];
  for (let n = 0; n < ENTRIES; n++) {
    const member = n % MEMBERS;
    const k = Math.floor(n / MEMBERS);
    const day = Math.floor(k / slotsPerDay);
    const slot = k % slotsPerDay;
    const startedAt = START + day * DAY + (8 * 60 + slot * 40) * 60_000;
    const task = tasks[(n * 7919) % TASKS]!;
    batch.push({ taskId: task.id, projectId: task.projectId, memberId: members[member]!, startedAt, endedAt: startedAt + 30 * 60_000, billable: n % 5 !== 0 });
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeIt(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const MONTH = { from: '2025-03-01', to: '2025-03-31' };

try {
  // --- ours: through the store ---
  const ours = openTrackerStore({ file: path.join(dir, 'ours.sqlite'), migrationsDir });
  const generated: ImportedEntry[][] = [];
  for (const b of batches(ours)) generated.push(b);

  // --- raw: prepared statements, same tables, same rows, same op rows, same batching ---
  const raw = openTrackerStore({ file: path.join(dir, 'raw.sqlite'), migrationsDir });
  const rawDb: Database.Database = raw.sqlite;
  const insertEntry = rawDb.prepare(
    `INSERT INTO time_entries (id, created_at, updated_at, deleted_at, task_id, project_id, member_id, started_at, ended_at, description, billable)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertOp = rawDb.prepare('INSERT INTO ops (id, entity, entity_id, kind, fields, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let seq = 0;
  const writeBatch = rawDb.transaction((rows: ImportedEntry[]) => {
    const at = Date.now();
    for (const e of rows) {
      const id = uuidv7();
      const row = { id, createdAt: at, updatedAt: at, deletedAt: null, ...e, description: e.description ?? '', billable: e.billable ?? true };
      insertEntry.run(id, at, at, e.taskId, e.projectId, e.memberId, e.startedAt, e.endedAt, row.description, row.billable ? 1 : 0);
      insertOp.run(uuidv7(), 'time_entries', id, 'insert', JSON.stringify(row), at, ++seq);
    }
  });
  // Interleaved batch by batch (alternating which goes first), so a busy machine slows both alike.
  let oursInsertMs = 0;
  let rawInsertMs = 0;
  generated.forEach((b, i) => {
    const runOurs = () => (oursInsertMs += timeIt(() => ours.entries.importMany(b)));
    const runRaw = () => (rawInsertMs += timeIt(() => writeBatch(b)));
    if (i % 2 === 0) {
      runOurs();
      runRaw();
    } else {
      runRaw();
      runOurs();
    }
  });
  emit({ name: 'store_insert', entries: ENTRIES, batch: BATCH, insert_s: +(oursInsertMs / 1000).toFixed(2), raw_insert_s: +(rawInsertMs / 1000).toFixed(2), ratio: +(rawInsertMs / oursInsertMs).toFixed(3) });

  // --- monthly report: hours by project and by day ---
  const monthFrom = Date.parse(MONTH.from);
  const monthTo = Date.parse(MONTH.to) + DAY;
  // The same work as the store: the same SQL over the hour totals, plus running entries.
  const rawRollup = rawDb.prepare(`${HOURS_BY_PROJECT_DAY_SQL} GROUP BY project_id, day`);
  const rawRunning = rawDb.prepare(
    `SELECT project_id, started_at / ${DAY} AS day, ? - started_at AS ms FROM time_entries INDEXED BY time_entries_running
     WHERE ended_at IS NULL AND deleted_at IS NULL AND started_at >= ? AND started_at < ?`,
  );
  const rawReport = {
    all: (now: number, from: number, to: number) => [
      ...rawRollup.all({ fromHour: from / 3_600_000, toHour: to / 3_600_000, offsetHours: 0 }),
      ...rawRunning.all(now, from, to),
    ],
  };
  // For scale: the plain GROUP BY over every entry of the month, without the totals table.
  const rawScan = rawDb.prepare(
    `SELECT project_id, (started_at / ${DAY}) AS day, SUM(COALESCE(ended_at, ?) - started_at) AS ms
     FROM time_entries WHERE started_at >= ? AND started_at < ? AND deleted_at IS NULL GROUP BY project_id, day`,
  );
  const rowsInMonth = rawDb.prepare('SELECT COUNT(*) FROM time_entries WHERE started_at >= ? AND started_at < ?').pluck().get(monthFrom, monthTo) as number;
  // Warm both page caches the same way before timing.
  ours.reports.byProjectAndDay(MONTH);
  rawReport.all(Date.now(), monthFrom, monthTo);
  generated.length = 0; // let the inserted rows go before timing queries
  const oursRuns: number[] = [];
  const rawRuns: number[] = [];
  const fullRuns: number[] = [];
  const scanRuns: number[] = [];
  // Alternating order, so neither side always runs right after the other's garbage.
  for (let i = 0; i < REPORT_RUNS; i++) {
    const runOurs = () => oursRuns.push(timeIt(() => ours.reports.byProjectAndDay(MONTH)));
    const runRaw = () => rawRuns.push(timeIt(() => rawReport.all(Date.now(), monthFrom, monthTo)));
    if (i % 2 === 0) {
      runOurs();
      runRaw();
    } else {
      runRaw();
      runOurs();
    }
  }
  for (let i = 0; i < 10; i++) {
    fullRuns.push(timeIt(() => ours.reports.report(MONTH)));
    scanRuns.push(timeIt(() => rawScan.all(Date.now(), monthFrom, monthTo)));
  }
  const oursMs = median(oursRuns);
  const rawMs = median(rawRuns);
  emit({ name: 'monthly_report', entries: ENTRIES, entries_in_month: rowsInMonth, runs: REPORT_RUNS, report_ms: +oursMs.toFixed(2), raw_report_ms: +rawMs.toFixed(2), ratio: +(rawMs / oursMs).toFixed(3), raw_scan_ms: +median(scanRuns).toFixed(2) });
  emit({ name: 'monthly_full_report', entries: ENTRIES, entries_in_month: rowsInMonth, note: 'by project, member, task and day', report_ms: +median(fullRuns).toFixed(2) });
  ours.close();
  raw.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
