/**
 * The server's two sync stores for a vitest file, a fresh one per call: a SQLite file in a
 * temporary directory, or a new database on one real PostgreSQL cluster started for the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres, type PostgresCluster } from '../../../testing/postgres';
import { openPgSyncStore } from '../../src/sync/pgSyncStore';
import { openSqliteSyncStore } from '../../src/sync/sqliteSyncStore';
import type { StoreKind } from '../../../testing/syncHarness';
import type { SyncStore } from '../../src/sync/syncStore';

export function useSyncStores(hooks: {
  beforeAll: (fn: () => Promise<void>, timeout?: number) => void;
  afterAll: (fn: () => Promise<void>) => void;
}): Record<StoreKind, () => Promise<SyncStore>> {
  let cluster: PostgresCluster | undefined;
  const dirs: string[] = [];
  hooks.beforeAll(async () => {
    cluster = await startPostgres({ fsync: false });
  }, 60_000);
  hooks.afterAll(async () => {
    await cluster?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    sqlite: async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-sync-store-'));
      dirs.push(dir);
      return openSqliteSyncStore(path.join(dir, 'sync.sqlite'));
    },
    postgres: async () => openPgSyncStore(await cluster!.createDatabase()),
  };
}
