/** The tracker's local store: one SQLite file, every table module wired to one context. */
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from './database';
import { createDayTotals } from './dayTotals';
import { createMemberStore } from './memberStore';
import { createProjectStore } from './projectStore';
import { createReportQueries } from './reportQueries';
import { createResourceStore } from './resourceStore';
import { createStoreContext, type ChangeListener, type StoreContext } from './storeContext';
import { createTaskStore } from './taskStore';
import { createTimeEntryStore } from './timeEntryStore';

export interface TrackerStoreOptions {
  /** The SQLite file, or a data dir in which `tracker.sqlite` is used. */
  file?: string;
  dataDir?: string;
  migrationsDir: string;
  now?: () => number;
  newId?: () => string;
  onChange?: ChangeListener;
}

export const TRACKER_DB_FILE = 'tracker.sqlite';

export function openTrackerStore(options: TrackerStoreOptions) {
  const file = options.file ?? path.join(options.dataDir ?? '.', TRACKER_DB_FILE);
  const opened: OpenedDatabase = openDatabase({ file, migrationsDir: options.migrationsDir });
  const ctx: StoreContext = createStoreContext(opened.sqlite, opened.db, options);
  const members = createMemberStore(ctx);
  const projects = createProjectStore(ctx);
  const tasks = createTaskStore(ctx, projects, members);
  const entries = createTimeEntryStore(ctx, tasks, members);
  const dayTotals = createDayTotals(ctx, entries, members);
  const resources = createResourceStore(ctx, members, projects);
  const reports = createReportQueries(ctx);
  return {
    file,
    ctx,
    sqlite: opened.sqlite,
    members,
    projects,
    tasks,
    entries,
    dayTotals,
    resources,
    reports,
    close(): void {
      // Fold the WAL back into the main file so a copied .sqlite is complete on its own.
      opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      opened.sqlite.close();
    },
  };
}

export type TrackerStore = ReturnType<typeof openTrackerStore>;
