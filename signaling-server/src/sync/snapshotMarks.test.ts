/**
 * Snapshot page marks, on both stores (a SQLite file; a real PostgreSQL): asked for with a page,
 * they are the keys the following pages of the same size end at, so a client can request those
 * pages side by side; paging by them visits every record once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridClock } from '../../../common/sync/hlc';
import { MAX_SNAPSHOT_MARKS, type SyncOp } from '../../../common/wire/sync';
import { useSyncStores } from '../../test/support/syncStores';
import { jsonLines } from './syncStore';

const clock = new HybridClock('marks001');
const fields = { createdAt: 1, updatedAt: 1, deletedAt: null };

/** 23 teams and 24 members, written out of key order. */
function ops(): SyncOp[] {
  const records = [
    ...Array.from({ length: 23 }, (_, i) => ({ entity: 'teams' as const, id: `team-${String(i).padStart(2, '0')}`, fields: { ...fields, name: `Team ${i}` } })),
    ...Array.from({ length: 24 }, (_, i) => ({
      entity: 'members' as const,
      id: `member-${String(i).padStart(2, '0')}`,
      fields: { ...fields, name: `M ${i}`, role: '', email: '', workdays: '1,2,3,4,5', workStart: '09:00', workEnd: '17:00' },
    })),
  ].reverse();
  return records.map((r, i) => ({ id: `op-${i}`, entity: r.entity, entityId: r.id, kind: 'insert', fields: r.fields, hlc: clock.now(), author: clock.node }));
}

/** Every key in key order: members sort before teams. */
const keys = [...Array.from({ length: 24 }, (_, i) => `members:member-${String(i).padStart(2, '0')}`), ...Array.from({ length: 23 }, (_, i) => `teams:team-${String(i).padStart(2, '0')}`)];

const stores = useSyncStores({ beforeAll, afterAll });

const keyOf = (mark: string) => ({ entity: mark.slice(0, mark.indexOf(':')), id: mark.slice(mark.indexOf(':') + 1) });

describe.each(['sqlite', 'postgres'] as const)('snapshot marks on %s', (kind) => {
  it('are the keys the following pages end at, from the start and from the middle, across entities', async () => {
    const store = await stores[kind]();
    try {
      await store.append('ws', 'u', ops());
      const first = await store.snapshot('ws', { after: null, upto: null, limit: 5, marks: true });
      // Pages of 5: the first ends at key 5, the marks at keys 10, 15, ... 45; the rest (46, 47) is the open last page.
      expect(first.marks).toEqual([9, 14, 19, 24, 29, 34, 39, 44].map((i) => keys[i]));
      const later = await store.snapshot('ws', { after: keyOf(keys[6]!), upto: null, limit: 20, marks: true });
      expect(later.marks).toEqual([keys[46]]);
      expect((await store.snapshot('ws', { after: null, upto: null, limit: 47, marks: true })).marks).toEqual([]);

      // The ranges between the marks hold every record once.
      const seen: string[] = [];
      const ends = [first.last!, ...first.marks!, null];
      for (let i = 0; i < ends.length - 1; i++) {
        const page = await store.snapshot('ws', { after: keyOf(ends[i]!), upto: ends[i + 1] ? keyOf(ends[i + 1]!) : null, limit: 10, marks: false });
        seen.push(...(jsonLines(page.items) as { entity: string; id: string }[]).map((row) => `${row.entity}:${row.id}`));
      }
      expect(first.count).toBe(5);
      expect([...seen].sort()).toEqual(keys.slice(5));
    } finally {
      await store.close();
    }
  });

  it(`stop at ${MAX_SNAPSHOT_MARKS}, so tiny pages cannot make the server step through every key`, async () => {
    const store = await stores[kind]();
    try {
      const ids = Array.from({ length: MAX_SNAPSHOT_MARKS + 100 }, (_, i) => `team-${String(i).padStart(5, '0')}`);
      await store.append(
        'ws',
        'u',
        ids.map((id, i) => ({ id: `op-${i}`, entity: 'teams', entityId: id, kind: 'insert', fields: { ...fields, name: id }, hlc: clock.now(), author: clock.node })),
      );
      const { marks } = await store.snapshot('ws', { after: null, upto: null, limit: 1, marks: true });
      // Pages of one record: the first ends at key 1, the marks at keys 2, 3, ... up to the cap; the rest is the open last page.
      expect(marks).toHaveLength(MAX_SNAPSHOT_MARKS);
      expect(marks![0]).toBe(`teams:${ids[1]}`);
      expect(marks!.at(-1)).toBe(`teams:${ids[MAX_SNAPSHOT_MARKS]}`);
    } finally {
      await store.close();
    }
  });
});
