/**
 * `npm run bench:sync`: the sync protocol end to end, real server process, on SQLite and on a
 * real PostgreSQL (a throwaway cluster):
 *   round_trip: one install's 100,000 ops pushed to the server and pulled by a second install
 *               through the op log, applied to its store;
 *   round_trip_healthz: how long GET /healthz waited meanwhile (asked every 10 ms from a thread
 *               of its own): what any other request waits while the server syncs;
 *   round_trip_raw_writes: the baseline for it, the same entries written as rows alone (server
 *               tables, then a client store) with plain statements (support/rawSyncWrites.ts);
 *               `ratio` on round_trip = raw seconds / ours (1 = no cost beyond the rows);
 *   bootstrap:  a fresh install loads a workspace holding 1,000,000 time entries from the
 *               server's snapshot into its empty store (indexes and hour totals rebuilt); two
 *               installs, one after the other, each in a process of its own (`trial` 1 and 2).
 * Both use the app's own batch and page sizes (SyncClient's defaults).
 * Seeded ids are UUIDv7, as installs and the server mint them. One JSON object per line.
 *   BENCH_OPS=20000 BENCH_BOOTSTRAP=100000 BENCH_STORES=sqlite npm run bench:sync   # smaller run
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ENTITY_FIELD_NAMES } from '../common/sync/entities';
import { HybridClock } from '../common/sync/hlc';
import type { SyncOp } from '../common/wire/sync';
import { openPgSyncStore } from '../signaling-server/src/sync/pgSyncStore';
import { openSqliteSyncStore } from '../signaling-server/src/sync/sqliteSyncStore';
import { openDesktop, sharedPostgres, startSyncServer, stopSharedPostgres, type StoreKind } from '../testing/syncHarness';
import { startLatencyProbe } from './support/latencyProbe';
import { rawSyncWrites } from './support/rawSyncWrites';

const OPS = Number(process.env.BENCH_OPS ?? 100_000);
const BOOTSTRAP_ENTRIES = Number(process.env.BENCH_BOOTSTRAP ?? 1_000_000);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as StoreKind[];
const SEED_BATCH = 50_000;
/**
 * Fresh installs bootstrapped one after the other from the same seeded workspace. On this VM the
 * first pays more for memory than the next (see docs/architecture.md, Sync Benchmark).
 */
const BOOTSTRAP_TRIALS = 2;
const BOOTSTRAP_CHILD = '--bootstrap-install';
const START = Date.UTC(2024, 0, 1);

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

async function roundTrip(kind: StoreKind, url: string): Promise<void> {
  const ws = `bench-rt-${kind}`;
  const a = openDesktop(url, ws);
  const b = openDesktop(url, ws);
  try {
    await b.client.syncNow();
    const me = a.store.members.me().id;
    const project = a.store.projects.create({ name: 'Bench' });
    const task = a.store.tasks.create({ projectId: project.id, title: 'Bench task' });
    const entries = Array.from({ length: OPS - a.local.pendingCount() }, (_, i) => ({
      taskId: task.id,
      projectId: project.id,
      memberId: me,
      startedAt: START + i * 3_600_000,
      endedAt: START + i * 3_600_000 + 1_800_000,
    }));
    a.store.entries.importMany(entries);
    const ops = a.local.pendingCount();

    const probe = startLatencyProbe(`${url}/healthz`);
    const pushStart = process.hrtime.bigint();
    await a.client.syncNow();
    const push = seconds(pushStart);
    const pullStart = process.hrtime.bigint();
    await b.client.syncNow();
    const pull = seconds(pullStart);
    const healthz = await probe.stop();
    const received = b.store.sqlite.prepare('SELECT COUNT(*) FROM time_entries').pluck().get() as number;
    if (received !== entries.length) throw new Error(`install B has ${received} entries, expected ${entries.length}`);
    const raw = kind === 'postgres' ? await withScratchDatabase((url) => rawSyncWrites(entries, url)) : await rawSyncWrites(entries, null);
    const rawS = raw.serverS + raw.clientS;
    emit({ name: 'round_trip_raw_writes', store: kind, ops: entries.length, server_s: round(raw.serverS), client_s: round(raw.clientS), total_s: round(rawS) });
    emit({ name: 'round_trip', store: kind, ops, push_s: round(push), pull_s: round(pull), round_trip_s: round(push + pull), ops_s: Math.round(ops / (push + pull)), ratio: round(rawS / (push + pull), 2) });
    // What any other request (signaling, REST, metrics) waited for the server meanwhile.
    emit({ name: 'round_trip_healthz', store: kind, ...healthz });
  } finally {
    await a.close();
    await b.close();
  }
}

/** A database of its own in the bench's PostgreSQL cluster, dropped afterwards so it weighs on nothing timed later. */
async function withScratchDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const cluster = await sharedPostgres();
  const url = await cluster.createDatabase();
  try {
    return await run(url);
  } finally {
    await cluster.dropDatabase(url);
  }
}

/**
 * Seeds the server's store directly (its own append, in big batches, from this process): HTTP
 * pushes of a million ops would take longer than the bootstrap being measured.
 */
async function seed(kind: StoreKind, storage: string, ws: string, entries: number): Promise<void> {
  const store = kind === 'postgres' ? await openPgSyncStore(storage) : openSqliteSyncStore(storage);
  const clock = new HybridClock('seeder01');
  const op = (entity: SyncOp['entity'], entityId: string, fields: Record<string, unknown>): SyncOp => ({
    id: uuidv7(),
    entity,
    entityId,
    kind: 'insert',
    fields: Object.fromEntries(ENTITY_FIELD_NAMES[entity].map((f) => [f, fields[f] ?? null])),
    hlc: clock.now(),
    author: clock.node,
  });
  const push = async (ops: SyncOp[]) => {
    await store.append(ws, 'seeder', ops);
  };
  const now = Date.now();
  const base = { createdAt: now, updatedAt: now, deletedAt: null };
  const members = Array.from({ length: 100 }, (_, i) => ({ id: uuidv7(), name: `Member ${i}` }));
  const projects = Array.from({ length: 10 }, (_, i) => ({ id: uuidv7(), name: `Project ${i}` }));
  const tasks = Array.from({ length: 500 }, (_, i) => ({ id: uuidv7(), projectId: projects[i % 10]!.id }));
  await push([
    ...members.map((m) => op('members', m.id, { ...base, name: m.name, role: '', email: '', workdays: '1,2,3,4,5', workStart: '09:00', workEnd: '17:00' })),
    ...projects.map((p) => op('projects', p.id, { ...base, name: p.name, client: '', colour: '#5b8cff', status: 'active' })),
    ...tasks.map((t, i) => op('tasks', t.id, { ...base, projectId: t.projectId, title: `Task ${i}`, description: '', status: 'todo', boardOrder: i + 1 })),
  ]);
  for (let done = 0; done < entries; done += SEED_BATCH) {
    const ops: SyncOp[] = [];
    for (let i = done; i < Math.min(entries, done + SEED_BATCH); i++) {
      const member = i % 100;
      const slot = Math.floor(i / 100);
      const task = tasks[(i * 7) % tasks.length]!;
      const startedAt = START + slot * 3_600_000 + member;
      ops.push(
        op('time_entries', uuidv7(), {
          ...base,
          taskId: task.id,
          projectId: task.projectId,
          memberId: members[member]!.id,
          startedAt,
          endedAt: startedAt + 1_800_000,
          description: '',
          billable: i % 3 !== 0,
        }),
      );
    }
    await push(ops);
  }
  await store.close();
}

async function bootstrap(kind: StoreKind, url: string, storage: string): Promise<void> {
  const ws = `bench-boot-${kind}`;
  const seedStart = process.hrtime.bigint();
  await seed(kind, storage, ws, BOOTSTRAP_ENTRIES);
  const seedS = seconds(seedStart);
  // A workspace at rest, not one just bulk-loaded: PostgreSQL's first read of a fresh row sets
  // its hint bits and so writes its page again (what VACUUM, or autovacuum, does once), and the
  // seed's writes reach the disk first, so neither a checkpoint nor the kernel's writeback of
  // them competes with the bootstrap being timed (seconds of each after a 1M seed).
  if (kind === 'postgres') {
    const admin = new pg.Client(storage);
    await admin.connect();
    await admin.query('VACUUM (ANALYZE) sync_ops, sync_rows');
    await admin.query('CHECKPOINT');
    await admin.end();
  }
  execFileSync('sync');
  for (let trial = 1; trial <= BOOTSTRAP_TRIALS; trial++) {
    // Each install in a process of its own, as an app's first start is: this process carries
    // the memory of everything run before (on SQLite, the seed), which a fresh one has not.
    const out = execFileSync(process.execPath, [process.argv[1]!, BOOTSTRAP_CHILD, url, ws], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    emit({ name: 'bootstrap', store: kind, trial, ...(JSON.parse(out) as Record<string, unknown>), seed_s: round(seedS) });
  }
}

/** One fresh install's bootstrap (run as a child process by `bootstrap`): its figures as JSON on stdout. */
async function bootstrapInstall(url: string, ws: string): Promise<void> {
  const fresh = openDesktop(url, ws);
  try {
    const cpuBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    await fresh.client.syncNow();
    const s = seconds(start);
    const cpu = process.cpuUsage(cpuBefore);
    const entries = fresh.store.sqlite.prepare('SELECT COUNT(*) FROM time_entries').pluck().get() as number;
    if (entries !== BOOTSTRAP_ENTRIES) throw new Error(`bootstrap loaded ${entries} entries, expected ${BOOTSTRAP_ENTRIES}`);
    const report = fresh.store.reports.report({ from: '2024-01-01', to: '2024-01-31' });
    // cpu_s: the install's own CPU (main and page worker), not the server's.
    const cpuS = (cpu.user + cpu.system) / 1e6;
    process.stdout.write(JSON.stringify({ entries, bootstrap_s: round(s), ops_s: Math.round(entries / s), cpu_s: round(cpuS, 2), january_report_hours: Math.round(report.totalMs / 3_600_000) }));
  } finally {
    await fresh.close();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === BOOTSTRAP_CHILD) return bootstrapInstall(process.argv[3]!, process.argv[4]!);
  for (const kind of STORES) {
    const server = await startSyncServer(kind, { MESHWORK_LOG_LEVEL: 'error', ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}) });
    try {
      await roundTrip(kind, server.server.url);
      await bootstrap(kind, server.server.url, server.storage);
    } finally {
      await server.stop();
    }
  }
  await stopSharedPostgres();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
