/** Test helpers: a tracker store on a real SQLite file in a fresh temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTrackerStore, type TrackerStoreOptions } from '../trackerStore';

export const SOURCE_MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', 'migrations');

export function tempDir(prefix = 'meshwork-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTempStore(options: Partial<TrackerStoreOptions> = {}) {
  const { dir, cleanup } = tempDir();
  const store = openTrackerStore({ dataDir: dir, migrationsDir: SOURCE_MIGRATIONS_DIR, ...options });
  return {
    store,
    dir,
    cleanup: () => {
      try {
        store.close();
      } catch {
        // already closed by the test
      }
      cleanup();
    },
  };
}
