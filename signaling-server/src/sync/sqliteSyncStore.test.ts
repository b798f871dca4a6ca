import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HybridClock } from '../../../common/sync/hlc';
import { SnapshotRowSchema, type SyncOp } from '../../../common/wire/sync';
import { openSqliteSyncStore } from './sqliteSyncStore';
import { jsonLines, type SnapshotPage, type SyncStore } from './syncStore';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-sync-store-'));
  dirs.push(dir);
  return path.join(dir, 'sync.sqlite');
}

const clock = new HybridClock('tester01');
let n = 0;
function op(entityId: string, fields: Record<string, unknown>): SyncOp {
  n += 1;
  return { id: `op-${String(n).padStart(6, '0')}`, entity: 'teams', entityId, kind: 'insert', fields, hlc: clock.now(), author: clock.node };
}

/** A snapshot page's records in key order, read back from the JSON the store wrote (the wire schema checks it). */
async function snapshotRows(store: SyncStore, page: SnapshotPage) {
  const { items, count, last } = await store.snapshot('ws', page);
  const rows = z.array(SnapshotRowSchema).parse(jsonLines(items));
  expect(rows).toHaveLength(count);
  // Rows within a page come in no particular order (the client takes each on its own); `last` is the greatest key.
  const keys = rows.map((r) => `${r.entity}:${r.id}`).sort();
  expect(last).toBe(keys.at(-1) ?? null);
  return rows.sort((a, b) => (`${a.entity}:${a.id}` < `${b.entity}:${b.id}` ? -1 : 1));
}

async function allSnapshotIds(store: SyncStore, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let after: { entity: string; id: string } | null = null;
  for (;;) {
    const rows = await snapshotRows(store, { after, upto: null, limit: pageSize, marks: false });
    ids.push(...rows.map((r) => r.id));
    if (rows.length < pageSize) return ids;
    after = { entity: rows.at(-1)!.entity, id: rows.at(-1)!.id };
  }
}

describe('SQLite sync store', () => {
  it('pages a snapshot in key order; a record written between pages and not reached yet comes with its new state', async () => {
    const store = openSqliteSyncStore(tempFile());
    try {
      const ids = Array.from({ length: 10 }, (_, i) => `team-${i}`);
      await store.append('ws', 'u', [...ids].reverse().map((id) => op(id, { name: id, createdAt: 1, updatedAt: 1, deletedAt: null })));
      const names = new Map<string, string>();
      let after: { entity: string; id: string } | null = null;
      for (let page = 0; ; page++) {
        const rows = await snapshotRows(store, { after, upto: null, limit: 3, marks: false });
        for (const r of rows) names.set(r.id, (r.fields as { name: string }).name);
        if (rows.length < 3) break;
        after = { entity: rows.at(-1)!.entity, id: rows.at(-1)!.id };
        if (page === 0) await store.append('ws', 'u', [op('team-8', { name: 'renamed' })]);
      }
      expect([...names.keys()]).toEqual(ids);
      expect(names.get('team-8')).toBe('renamed');
      expect(JSON.parse((await store.get('ws', 'teams', 'team-8'))!.fields)).toMatchObject({ name: 'renamed', createdAt: 1 });
    } finally {
      await store.close();
    }
  });

  it('marks where the following pages end; a range page holds its range, records written since included', async () => {
    const store = openSqliteSyncStore(tempFile());
    try {
      const ids = Array.from({ length: 10 }, (_, i) => `team-${i}`);
      await store.append('ws', 'u', ids.map((id) => op(id, { name: id, createdAt: 1, updatedAt: 1, deletedAt: null })));
      const first = await store.snapshot('ws', { after: null, upto: null, limit: 3, marks: true });
      expect((await snapshotRows(store, { after: null, upto: null, limit: 3, marks: false })).map((r) => r.id)).toEqual(['team-0', 'team-1', 'team-2']);
      expect(first.total).toBe(10);
      expect(first.marks).toEqual(['teams:team-5', 'teams:team-8']);
      // Written after the marks were read, inside the second range.
      await store.append('ws', 'u', [op('team-4a', { name: 'late', createdAt: 1, updatedAt: 1, deletedAt: null })]);
      const key = (id: string) => ({ entity: 'teams', id });
      const idsOf = async (page: SnapshotPage) => (await snapshotRows(store, page)).map((r) => r.id);
      expect(await idsOf({ after: key('team-2'), upto: key('team-5'), limit: 50, marks: false })).toEqual(['team-3', 'team-4', 'team-4a', 'team-5']);
      expect(await idsOf({ after: key('team-5'), upto: key('team-8'), limit: 50, marks: false })).toEqual(['team-6', 'team-7', 'team-8']);
      expect(await idsOf({ after: key('team-8'), upto: null, limit: 3, marks: false })).toEqual(['team-9']);
      expect((await store.snapshot('ws', { after: key('team-2'), upto: key('team-5'), limit: 50, marks: false })).marks).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('checkpoints its log from the worker thread: pushed data reaches the database file', async () => {
    const file = tempFile();
    const store = openSqliteSyncStore(file);
    try {
      const before = statSync(file).size;
      await store.append('ws', 'u', Array.from({ length: 2000 }, (_, i) => op(`bulk-${i}`, { name: `Team ${i}`, createdAt: 1, updatedAt: 1, deletedAt: null })));
      // The writer never checkpoints (wal_autocheckpoint = 0): only the worker moves pages into the file.
      await expect.poll(() => statSync(file).size, { timeout: 5000 }).toBeGreaterThan(before + 100_000);
    } finally {
      await store.close();
    }
  });

  it('moves records kept by layout 1 (a WITHOUT ROWID table) into the current layout', async () => {
    const file = tempFile();
    const old = new Database(file);
    old.exec(`CREATE TABLE sync_workspaces (workspace_id TEXT PRIMARY KEY NOT NULL, head INTEGER NOT NULL);
      CREATE TABLE sync_ops (workspace_id TEXT NOT NULL, seq INTEGER NOT NULL, op_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        kind TEXT NOT NULL, fields TEXT NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (workspace_id, seq)) WITHOUT ROWID;
      CREATE UNIQUE INDEX sync_ops_op_id ON sync_ops (workspace_id, op_id);
      CREATE TABLE sync_rows (workspace_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, fields TEXT NOT NULL, clocks TEXT NOT NULL,
        ref_id TEXT, at INTEGER, deleted INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (workspace_id, entity, entity_id)) WITHOUT ROWID;
      CREATE INDEX sync_rows_ref ON sync_rows (workspace_id, entity, ref_id);
      CREATE INDEX sync_rows_at ON sync_rows (workspace_id, entity, at);
      INSERT INTO sync_workspaces VALUES ('ws', 2);
      INSERT INTO sync_rows VALUES ('ws', 'teams', 'b', '{"name":"B"}', '{"*":"000000000000001-000000-old00001"}', NULL, 1, 0, 1);
      INSERT INTO sync_rows VALUES ('ws', 'teams', 'a', '{"name":"A"}', '{"*":"000000000000002-000000-old00001"}', NULL, 1, 0, 2);`);
    old.close();

    const store = openSqliteSyncStore(file);
    try {
      expect(await allSnapshotIds(store, 1)).toEqual(['a', 'b']);
      expect(await store.head('ws')).toBe(2);
      // Writes after the move merge with what was kept.
      await store.append('ws', 'u', [op('a', { name: 'A2' })]);
      expect(JSON.parse((await store.get('ws', 'teams', 'a'))!.fields)).toEqual({ name: 'A2' });
    } finally {
      await store.close();
    }
    const reopened = new Database(file, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(2);
    expect(reopened.prepare("SELECT sql FROM sqlite_master WHERE name = 'sync_rows'").pluck().get()).not.toMatch(/WITHOUT ROWID/);
    reopened.close();
  });
});
