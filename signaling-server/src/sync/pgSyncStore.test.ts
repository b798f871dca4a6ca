/** The PostgreSQL sync store against a real server (testing/postgres.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { HybridClock } from '../../../common/sync/hlc';
import type { SyncOp } from '../../../common/wire/sync';
import { startPostgres, type PostgresCluster } from '../../../testing/postgres';
import { copyText, lastLine } from './pgCopy';
import { openPgSyncStore } from './pgSyncStore';
import { jsonLines } from './syncStore';

/** Everything COPY's text format gives a meaning to, and a few things that could trip an encoder. */
const AWKWARD = 'tab\there, new\nline, cr\r, back\\slash, \\N, "quotes", emoji 🧪, ünïcödé, \\t literally';

describe('the last line of COPY output', () => {
  it('is found across chunk boundaries, with or without the final newline in a chunk of its own', () => {
    const b = (text: string) => Buffer.from(text);
    expect(lastLine([])).toBeNull();
    expect(lastLine([b('')])).toBeNull();
    expect(lastLine([b('{"a":1}\n')])).toBe('{"a":1}');
    expect(lastLine([b('one\ntw'), b('o-ü'), b('nd\n')])).toBe('two-ünd');
    expect(lastLine([b('one\ntwo'), b('\n'), b('')])).toBe('two');
    expect(lastLine([b('one\n'), b('two\n')])).toBe('two');
  });
});

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

  it('logs and stores values with tabs, newlines, backslashes and non-ASCII text exactly (COPY text escaping)', async () => {
    const store = await openPgSyncStore(await cluster.createDatabase());
    const clock = new HybridClock('pgcopy01');
    let n = 0;
    const op = (entityId: string, fields: Record<string, unknown>): SyncOp => ({
      id: `op-${String(++n).padStart(6, '0')}`,
      entity: 'teams',
      entityId,
      kind: n === 1 ? 'insert' : 'update',
      fields,
      hlc: clock.now(),
      author: clock.node,
    });
    try {
      const created = op('team\t1', { name: AWKWARD, createdAt: 1, updatedAt: 1, deletedAt: null });
      expect(await store.append('ws', 'user\\1', [created])).toEqual({ cursor: 1, accepted: 1, duplicates: 0 });
      expect(JSON.parse((await store.get('ws', 'teams', 'team\t1'))!.fields)).toEqual(created.fields);
      // The same op again is a duplicate; an edit updates the record in place.
      expect(await store.append('ws', 'user\\1', [created])).toEqual({ cursor: 1, accepted: 0, duplicates: 1 });
      const renamed = op('team\t1', { name: `${AWKWARD} (2)`, updatedAt: 2 });
      expect(await store.append('ws', 'user\\1', [renamed])).toEqual({ cursor: 2, accepted: 1, duplicates: 0 });
      expect(JSON.parse((await store.get('ws', 'teams', 'team\t1'))!.fields)).toEqual({ ...created.fields, ...renamed.fields });
      const page = await store.readOps('ws', 0, 10);
      const logged = jsonLines(page.items) as { op: SyncOp }[];
      expect(logged.map((l) => l.op)).toEqual([created, renamed]);
      expect(page).toMatchObject({ count: 2, cursor: 2, head: 2 });
      const snapshot = await store.snapshot('ws', { after: null, upto: null, limit: 10, marks: true });
      expect(jsonLines(snapshot.items)).toEqual([{ entity: 'teams', id: 'team\t1', fields: { ...created.fields, ...renamed.fields }, clocks: expect.any(Object) }]);
      expect(snapshot).toMatchObject({ count: 1, last: 'teams:team\t1', total: 1, head: 2, marks: [] });
    } finally {
      await store.close();
    }
  });

  it('outlives PostgreSQL ending its connections (a restart, an admin): the error is reported, the next call reconnects', async () => {
    const url = await cluster.createDatabase();
    const errors: Error[] = [];
    const store = await openPgSyncStore(url, { onConnectionError: (error) => errors.push(error) });
    try {
      // Several connections sit idle in the pool, as they do between a server's requests.
      await Promise.all(Array.from({ length: 4 }, () => store.head('ws')));
      const admin = new pg.Client({ connectionString: cluster.adminUrl });
      await admin.connect();
      let ended = 0;
      try {
        const name = new URL(url).pathname.slice(1);
        const result = await admin.query<{ ended: string }>(
          'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS ended FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        ended = Number(result.rows[0]!.ended);
        expect(ended).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      // Each idle connection hears of its end on its own socket; until it has, the pool may still hand it out.
      await expect.poll(() => errors.length).toBe(ended);
      expect(errors[0]!.message).toMatch(/terminat/i);
      expect(await store.head('ws')).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('escapes exactly what COPY text format reserves', () => {
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText(null)).toBe('\\N');
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyText(true)).toBe('true');
    expect(copyText(12.5)).toBe('12.5');
  });
});
