/**
 * A long pull into empty tables (a bulk load, without indexes) takes whole records seen for the
 * first time straight in, and everything else through the merge. Whatever the order and
 * repetition of the ops, the result must be the one a normal pull gives: the same pages applied
 * to two real SQLite stores, one of them bulk-loading, end up identical.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LoggedOp } from '../../common/wire/sync';
import { openTempStore } from '../store/testing/tempStore';
import { LocalSyncStore } from './localSyncStore';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

const T0 = Date.UTC(2026, 2, 2, 9);
let seq = 0;
/** A remote op whose clock is `tick` steps after T0 (its order among the clocks, not the delivery). */
function op(entity: 'teams' | 'time_entries', entityId: string, tick: number, fields: Record<string, unknown>): LoggedOp {
  const hlc = `${String(T0 + tick).padStart(15, '0')}-${tick.toString(36).padStart(6, '0')}-nremote01`;
  seq += 1;
  return { seq, op: { id: `op-${seq}`, entity, entityId, kind: 'insert', fields, hlc, author: 'nremote01' } };
}

const team = (name: string) => ({ name, createdAt: T0, updatedAt: T0, deletedAt: null });

function open() {
  const opened = openTempStore();
  cleanups.push(opened.cleanup);
  return { store: opened.store, local: new LocalSyncStore(opened.store.ctx) };
}

function contents(store: ReturnType<typeof open>['store']) {
  return {
    teams: store.sqlite.prepare('SELECT id, name, created_at, updated_at, deleted_at, sync_clocks FROM teams ORDER BY id').all(),
    entries: store.sqlite.prepare('SELECT id, task_id, started_at, ended_at, description, billable, sync_clocks FROM time_entries ORDER BY id').all(),
    pending: store.sqlite.prepare('SELECT entity, entity_id, fields, clocks FROM sync_pending ORDER BY entity, entity_id').all(),
    totals: store.sqlite.prepare('SELECT hour, project_id, ms, billable_ms FROM project_hour_totals ORDER BY hour, project_id').all(),
  };
}

describe('a bulk pull', () => {
  it('ends where a normal pull ends: repeated inserts, edits before and after their insert, records waiting from an earlier pull', () => {
    const bulk = open();
    const normal = open();
    const entry = (startedAt: number, more: Record<string, unknown> = {}) => ({
      taskId: 'task-1',
      projectId: 'project-1',
      memberId: 'member-1',
      startedAt,
      endedAt: startedAt + 1_800_000,
      description: '',
      billable: true,
      createdAt: startedAt,
      updatedAt: startedAt,
      deletedAt: null,
      ...more,
    });
    // Before the long pull: an edit whose team has not arrived yet waits in sync_pending on both.
    const before = [op('teams', 'team-w', 50, { name: 'Waiting, renamed' })];
    const pages = [
      [
        op('teams', 'team-a', 1, team('A')),
        op('teams', 'team-a', 5, { name: 'A renamed' }),
        op('teams', 'team-b', 2, team('B')),
        op('teams', 'team-b', 2, team('B')),
        // A whole record under a later clock, then the same record's insert under an earlier one.
        op('teams', 'team-c', 9, team('C, later')),
        op('time_entries', 'entry-1', 3, entry(T0)),
        op('time_entries', 'entry-1', 7, { description: 'edited', endedAt: T0 + 3_600_000 }),
        op('time_entries', 'entry-2', 4, entry(T0 + 7_200_000)),
      ],
      [
        op('teams', 'team-c', 3, team('C, earlier')),
        op('teams', 'team-w', 4, team('Waiting')),
        op('time_entries', 'entry-3', 11, { billable: false }),
        op('time_entries', 'entry-2', 4, entry(T0 + 7_200_000)),
      ],
      [op('time_entries', 'entry-3', 6, entry(T0 + 14_400_000)), op('teams', 'team-a', 1, team('A'))],
    ];
    for (const s of [bulk, normal]) s.local.applyOps(before, 1);
    bulk.local.bulk.begin(bulk.local.bulk.emptyTables());
    expect(bulk.local.bulk.loading('teams') && bulk.local.bulk.loading('time_entries')).toBe(true);
    pages.forEach((page, i) => {
      for (const s of [bulk, normal]) s.local.applyOps(page, i + 2);
    });
    bulk.local.bulk.finish();

    const result = contents(bulk.store);
    expect(result).toEqual(contents(normal.store));
    expect(result.pending).toEqual([]);
    expect(result.teams.map((t) => (t as { name: string }).name)).toEqual(['A renamed', 'B', 'C, later', 'Waiting, renamed']);
    expect(result.entries).toHaveLength(3);
    expect(result.entries[0]).toMatchObject({ description: 'edited', ended_at: T0 + 3_600_000 });
    expect(result.entries[2]).toMatchObject({ billable: 0 });
  });
});
