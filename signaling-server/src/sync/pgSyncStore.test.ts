/** The PostgreSQL sync store against a real server (testing/postgres.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresCluster } from '../../../testing/postgres';
import { openPgSyncStore } from './pgSyncStore';

describe('PostgreSQL sync store', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres({ fsync: false });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('several instances starting at once on a new database all create the tables (no catalog collision)', async () => {
    for (let round = 0; round < 3; round++) {
      const url = await cluster.createDatabase();
      const stores = await Promise.all(Array.from({ length: 6 }, () => openPgSyncStore(url)));
      try {
        for (const store of stores) expect(await store.head('ws')).toBe(0);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    }
  });
});
