/**
 * Compacting a workspace's log, on both stores (a SQLite file; a real PostgreSQL): ops up to a
 * seq are deleted in chunks, never past the head; the records keep everything; a pull below the
 * floor gets nothing and says where the floor is; the log goes on numbering after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridClock } from '../../../common/sync/hlc';
import type { SyncOp } from '../../../common/wire/sync';
import { useSyncStores } from '../../test/support/syncStores';
import { COMPACT_CHUNK } from './syncStore';

const OPS = 2 * COMPACT_CHUNK + 5_000;
const clock = new HybridClock('compact1');

function ops(from: number, count: number): SyncOp[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `op-${String(from + i).padStart(8, '0')}`,
    entity: 'teams',
    entityId: `team-${(from + i) % 1000}`,
    kind: 'insert',
    fields: { name: `Team ${from + i}`, createdAt: 1, updatedAt: 1, deletedAt: null },
    hlc: clock.now(),
    author: clock.node,
  }));
}

const stores = useSyncStores({ beforeAll, afterAll });

describe.each(['sqlite', 'postgres'] as const)('compacting the log on %s', (kind) => {
  it('deletes ops up to a seq in chunks, never past the head; pulls below the floor get nothing', async () => {
    const store = await stores[kind]();
    try {
      expect((await store.readOps('ws', 0, 10)).floor).toBe(0);
      for (let i = 0; i < OPS; i += 5_000) await store.append('ws', 'u', ops(i, 5_000));
      const before = await store.snapshot('ws', { after: null, upto: null, limit: 5_000, marks: false });

      expect(await store.compact('ws', OPS - 3_000)).toBe(OPS - 3_000);
      const below = await store.readOps('ws', OPS - 3_001, 100);
      expect(below).toMatchObject({ floor: OPS - 3_000, count: 0, head: OPS });
      const at = await store.readOps('ws', OPS - 3_000, 100);
      expect(at).toMatchObject({ floor: OPS - 3_000, count: 100, cursor: OPS - 2_900 });
      // Records keep every op's effect.
      const after = await store.snapshot('ws', { after: null, upto: null, limit: 5_000, marks: false });
      expect(after.count).toBe(1_000);
      expect(Buffer.concat([after.items].flat()).equals(Buffer.concat([before.items].flat()))).toBe(true);

      // Never past the head; the log numbers on after it.
      expect(await store.compact('ws', OPS + 500)).toBe(OPS);
      expect(await store.readOps('ws', OPS, 10)).toMatchObject({ floor: OPS, count: 0, head: OPS });
      expect(await store.append('ws', 'u', ops(OPS, 3))).toMatchObject({ cursor: OPS + 3, accepted: 3 });
      expect(await store.readOps('ws', OPS, 10)).toMatchObject({ floor: OPS, count: 3, cursor: OPS + 3 });
      // Another workspace's log is untouched.
      await store.append('other', 'u', ops(0, 5));
      expect(await store.readOps('other', 0, 10)).toMatchObject({ floor: 0, count: 5 });
    } finally {
      await store.close();
    }
  }, 120_000);
});
