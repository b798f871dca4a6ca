/**
 * Child process for the crash test: writes time entries as fast as it can (single-entry writes
 * and 200-entry imports, each its own transaction) and prints each committed id only after its
 * transaction committed. The test kills it with SIGKILL at an arbitrary moment. With `bulk`, the
 * writes run inside a sync bulk load (indexes dropped, rollback journal instead of WAL).
 */
import { LocalSyncStore } from '../../sync/localSyncStore';
import { openTrackerStore } from '../trackerStore';

const [file, migrationsDir, mode] = process.argv.slice(2) as [string, string, string | undefined];
const store = openTrackerStore({ file, migrationsDir });
const me = store.members.me();
const project = store.projects.create({ name: 'Crash' });
const task = store.tasks.create({ projectId: project.id, title: 'Write fast' });
if (mode === 'bulk') {
  const bulk = new LocalSyncStore(store.ctx).bulk;
  bulk.begin(bulk.emptyTables());
}
const start = Date.UTC(2026, 0, 1);
let slot = 0;
let round = 0;
process.stdout.write('ready\n');
for (;;) {
  const at = start + slot * 60_000;
  round += 1;
  if (round % 2 === 0) {
    const entry = store.entries.create({ taskId: task.id, startedAt: at, endedAt: at + 30_000, description: `entry ${slot}` }, me.id);
    process.stdout.write(`one ${entry.id}\n`);
    slot += 1;
  } else {
    const batch = Array.from({ length: 200 }, (_, i) => ({
      taskId: task.id,
      projectId: project.id,
      memberId: me.id,
      startedAt: at + i * 60_000,
      endedAt: at + i * 60_000 + 30_000,
      description: `batch ${slot}`,
    }));
    store.entries.importMany(batch);
    process.stdout.write(`batch ${slot} 200\n`);
    slot += 200;
  }
}
