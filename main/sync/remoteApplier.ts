/**
 * Applies what other installs wrote (server ops and snapshot rows) to the local store, field
 * by field, by HLC (common/sync/merge.ts). Runs inside the caller's transaction and writes no
 * op rows of its own: remote writes are not this install's to push. The one exception is a
 * remote write that would leave a member with two running timers: settling that stops one of
 * them, as a local op (see runningConflicts.ts). A write to a record that cannot exist here yet
 * (an edit that arrived before its insert) waits in `sync_pending` until the rest of the record
 * arrives, so order of delivery never matters.
 */
import type Database from 'better-sqlite3';
import { ENTITY_FIELD_NAMES, REQUIRED_FIELDS, type SyncEntity } from '../../common/sync/entities';
import type { HybridClock } from '../../common/sync/hlc';
import { mergeFields, opClocks, type FieldClocks, type FieldValues } from '../../common/sync/merge';
import type { TrackerEntity } from '../../common/tracker/views';
import type { SyncOp } from '../../common/wire/sync';
import { SYNC_TABLES, toSqlValue } from '../store/syncTables';
import type { RunningConflicts } from './runningConflicts';

export interface IncomingRecord {
  entity: SyncEntity;
  id: string;
  fields: FieldValues;
  clocks: FieldClocks;
}

export class RemoteApplier {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly inserts = new Map<string, { statement: Database.Statement; fields: string[] }>();
  readonly touched = new Set<TrackerEntity>();
  /** Entities with writes waiting in `sync_pending`, read once per page (null: not yet). */
  private pendingEntities: Set<string> | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: HybridClock,
    private readonly running: RunningConflicts,
    /** Whether a bulk load fills this table (without indexes; time_entries: its end settles running timers all at once). */
    private readonly loading: (table: string) => boolean,
  ) {}

  /** Before each page: what waits in `sync_pending` is read again when first asked. */
  beginPage(): void {
    this.touched.clear();
    this.pendingEntities = null;
  }

  applyOp(op: SyncOp): void {
    this.clock.receive(op.hlc);
    const clocks = opClocks(op.hlc);
    // A long pull into tables that were empty is mostly whole records seen for the first time:
    // with nothing of theirs waiting, such a record is the op itself, so it goes in without the
    // two lookups and the merge (a fifth of a 100k pull). Any other op, or a record already
    // here (its insert repeated, say), takes the merge below.
    if (this.loading(op.entity) && !this.hasPending(op.entity) && ENTITY_FIELD_NAMES[op.entity].every((f) => f in op.fields)) {
      if (this.insertRow(op.entity, op.entityId, op.fields, clocks, true)) return;
    }
    this.apply({ entity: op.entity, id: op.entityId, fields: op.fields, clocks });
  }

  apply(record: IncomingRecord): void {
    const { entity, id } = record;
    const current = this.prepare(`clocks:${entity}`, `SELECT sync_clocks AS clocks FROM "${entity}" WHERE id = ?`).get(id) as
      | { clocks: string | null }
      | undefined;
    if (current) {
      const merged = mergeFields(current.clocks ? (JSON.parse(current.clocks) as FieldClocks) : {}, record.fields, record.clocks, ENTITY_FIELD_NAMES[entity]);
      if (merged.changed) this.update(entity, id, merged.winners, merged.clocks);
      return;
    }
    const pending = this.prepare('pending:get', 'SELECT fields, clocks FROM sync_pending WHERE entity = ? AND entity_id = ?').get(entity, id) as
      | { fields: string; clocks: string }
      | undefined;
    const merged = mergeFields(pending ? (JSON.parse(pending.clocks) as FieldClocks) : null, record.fields, record.clocks, ENTITY_FIELD_NAMES[entity]);
    if (!merged.changed) return;
    const values = { ...(pending ? (JSON.parse(pending.fields) as FieldValues) : {}), ...merged.winners };
    if (REQUIRED_FIELDS[entity].every((f) => values[f] !== undefined && values[f] !== null)) {
      this.insert(entity, id, values, merged.clocks);
      if (pending) this.prepare('pending:delete', 'DELETE FROM sync_pending WHERE entity = ? AND entity_id = ?').run(entity, id);
    } else {
      this.pendingEntities?.add(entity);
      this.prepare(
        'pending:put',
        'INSERT INTO sync_pending (entity, entity_id, fields, clocks) VALUES (?, ?, ?, ?) ON CONFLICT (entity, entity_id) DO UPDATE SET fields = excluded.fields, clocks = excluded.clocks',
      ).run(entity, id, JSON.stringify(values), JSON.stringify(merged.clocks));
    }
  }

  /** A record known not to exist here (a bootstrap into empty tables): no lookups, one insert. */
  insertNew(record: IncomingRecord): void {
    this.insert(record.entity, record.id, record.fields, record.clocks);
  }

  private insert(entity: SyncEntity, id: string, values: FieldValues, clocks: FieldClocks): void {
    const end = entity === 'time_entries' ? this.settle(id, values, false) : null;
    if (end !== null) values = { ...values, endedAt: end };
    this.insertRow(entity, id, values, clocks, false);
    if (end !== null) this.running.stop(id, end);
  }

  /** Writes the row; `ifAbsent`: not over a record with its id (then returns false). No running timers are settled here. */
  private insertRow(entity: SyncEntity, id: string, values: FieldValues, clocks: FieldClocks, ifAbsent: boolean): boolean {
    const info = SYNC_TABLES[entity];
    const { statement, fields } = this.insertOf(entity, ifAbsent);
    const inserted = statement.run(id, ...fields.map((f) => toSqlValue(info, f, values[f] ?? null)), JSON.stringify(clocks)).changes === 1;
    if (inserted) this.touched.add(info.changes);
    return inserted;
  }

  /** Bootstraps insert millions of rows: the statement and its field order are made once per entity (and `ifAbsent`). */
  private insertOf(entity: SyncEntity, ifAbsent: boolean): { statement: Database.Statement; fields: string[] } {
    const key = `${entity}:${ifAbsent}`;
    let insert = this.inserts.get(key);
    if (!insert) {
      const info = SYNC_TABLES[entity];
      const fields = [...info.columns.keys()];
      const columns = [...info.columns.values()].map((c) => `"${c}"`).join(', ');
      const sql = `INSERT INTO "${entity}" (id, ${columns}, sync_clocks) VALUES (?, ${fields.map(() => '?').join(', ')}, ?)${ifAbsent ? ' ON CONFLICT (id) DO NOTHING' : ''}`;
      insert = { statement: this.sqlite.prepare(sql), fields };
      this.inserts.set(key, insert);
    }
    return insert;
  }

  private hasPending(entity: string): boolean {
    this.pendingEntities ??= new Set(this.prepare('pending:entities', 'SELECT DISTINCT entity FROM sync_pending').pluck().all() as string[]);
    return this.pendingEntities.has(entity);
  }

  private update(entity: SyncEntity, id: string, winners: FieldValues, clocks: FieldClocks): void {
    const end = entity === 'time_entries' ? this.settle(id, winners, true) : null;
    if (end !== null) winners = { ...winners, endedAt: end };
    const info = SYNC_TABLES[entity];
    const fields = Object.keys(winners).sort();
    const stmt = this.prepare(
      `update:${entity}:${fields.join(',')}`,
      `UPDATE "${entity}" SET ${fields.map((f) => `"${info.columns.get(f)}" = ?`).join(', ')}${fields.length ? ', ' : ''}sync_clocks = ? WHERE id = ?`,
    );
    stmt.run(...fields.map((f) => toSqlValue(info, f, winners[f])), JSON.stringify(clocks), id);
    if (end !== null) this.running.stop(id, end);
    this.touched.add(info.changes);
  }

  /**
   * Before a time entry is written: if the write leaves it running beside another running
   * entry of its member, settles which one stops. Returns the end to write this entry with
   * (it is the one to stop), or null.
   */
  private settle(id: string, written: FieldValues, exists: boolean): number | null {
    // Only these fields can make an entry running, or running for someone else.
    if (this.loading('time_entries') || (exists && !('endedAt' in written || 'deletedAt' in written || 'memberId' in written))) return null;
    const current = exists
      ? (this.prepare(
          'running:current',
          'SELECT member_id AS memberId, started_at AS startedAt, ended_at AS endedAt, deleted_at AS deletedAt FROM time_entries WHERE id = ?',
        ).get(id) as FieldValues)
      : {};
    const entry = { ...current, ...written };
    if (entry.endedAt != null || entry.deletedAt != null) return null;
    return this.running.settle({ id, memberId: entry.memberId as string, startedAt: entry.startedAt as number });
  }

  private prepare(key: string, sql: string): Database.Statement {
    let stmt = this.statements.get(key);
    if (!stmt) this.statements.set(key, (stmt = this.sqlite.prepare(sql)));
    return stmt;
  }
}
