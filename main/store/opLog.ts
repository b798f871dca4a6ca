/**
 * The op log: one row per mutation (entity, id, the fields written, its HLC and author),
 * appended inside the mutation's own transaction so the outbox a sync client pushes can never
 * disagree with the data. It also stamps the row's per-field clocks (`sync_clocks`), which
 * remote writes are merged against (common/sync/merge.ts).
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { REQUIRED_FIELDS } from '../../common/sync/entities';
import { HybridClock, type Hlc } from '../../common/sync/hlc';
import { ALL_FIELDS } from '../../common/sync/merge';
import { SYNC_TABLES, fromSqlValue, isSyncEntity } from './syncTables';

export type OpKind = 'insert' | 'update' | 'delete' | 'restore';

/** What the compacted part of the log reached: the next seq and clock must come after them. */
const COMPACTED = { seq: 'ops.compactedSeq', hlc: 'ops.compactedHlc' } as const;

export class OpLog {
  private readonly insert: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly compacted: { top: Database.Statement; keep: Database.Statement; remove: Database.Statement };
  private readonly newId: () => string;
  private readonly stampAll = new Map<string, Database.Statement>();
  private readonly stampSome = new Map<string, Database.Statement>();
  private seq: number | null = null;
  private hlc: HybridClock | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    newId: () => string,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = sqlite.prepare('INSERT INTO ops (id, entity, entity_id, kind, fields, at, seq, hlc, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.maxSeq = sqlite
      .prepare(`SELECT max(COALESCE((SELECT MAX(seq) FROM ops), 0), COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${COMPACTED.seq}'), 0))`)
      .pluck();
    this.compacted = {
      top: sqlite.prepare('SELECT MAX(seq) AS seq, MAX(hlc) AS hlc FROM ops WHERE seq <= ?'),
      keep: sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)'),
      remove: sqlite.prepare('DELETE FROM ops WHERE seq <= ?'),
    };
    this.newId = newId;
  }

  /** This install's clock (its node id is made once and kept in `meta`). */
  clock(): HybridClock {
    if (this.hlc) return this.hlc;
    const get = this.sqlite.prepare("SELECT value FROM meta WHERE key = 'sync.node'").pluck();
    let node = get.get() as string | undefined;
    if (!node) {
      node = `n${randomBytes(8).toString('hex')}`;
      this.sqlite.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('sync.node', ?)").run(node);
      node = get.get() as string;
    }
    const lastOwn = this.sqlite.prepare('SELECT MAX(hlc) FROM ops').pluck().get() as Hlc | null;
    const meta = this.sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    const lastSeen = meta.get('sync.clock') as Hlc | undefined;
    const lastCompacted = meta.get(COMPACTED.hlc) as Hlc | undefined;
    this.hlc = new HybridClock(node, this.now, [lastOwn, lastSeen, lastCompacted].filter(Boolean).sort().pop() ?? null);
    return this.hlc;
  }

  /**
   * Must be called inside a write transaction. `hlc`: a clock of the caller's making instead of
   * this install's next one (a settling stop, runningConflicts.ts).
   */
  record(entity: string, entityId: string, kind: OpKind, written: Record<string, unknown>, at: number, hlc: Hlc = this.clock().now()): void {
    const fields = this.opFields(entity, entityId, kind, written);
    this.log(entity, entityId, kind, fields, at, hlc);
    if (isSyncEntity(entity)) this.stamp(entity, entityId, kind, fields, hlc);
  }

  /**
   * Appends an op row as given, without touching the record's clocks (which it must already
   * agree with). Inside a write transaction.
   */
  log(entity: string, entityId: string, kind: OpKind, fields: Record<string, unknown>, at: number, hlc: Hlc): void {
    // Read the high-water mark once per process; the unique index on seq guards the rest.
    this.seq ??= this.maxSeq.get() as number;
    this.seq += 1;
    try {
      this.insert.run(this.newId(), entity, entityId, kind, JSON.stringify(fields), at, this.seq, hlc, this.clock().node);
    } catch (error) {
      this.seq = null;
      throw error;
    }
  }

  /**
   * Deletes the ops up to `seq` (pushed and acknowledged: nothing reads them again), keeping
   * the seq and clock they reached, so the next op still comes after them. Inside a write
   * transaction.
   */
  compact(seq: number): void {
    const { top, keep, remove } = this.compacted;
    const reached = top.get(seq) as { seq: number | null; hlc: Hlc | null };
    if (reached.seq === null) return;
    // Both compare as text: the seq is zero-padded, the clock is fixed-width already.
    keep.run(COMPACTED.seq, String(reached.seq).padStart(16, '0'));
    keep.run(COMPACTED.hlc, reached.hlc ?? '');
    remove.run(seq);
  }

  /** Deletes the whole log (its replacement is written next), keeping its high-water marks. */
  clear(): void {
    this.compact(Number.MAX_SAFE_INTEGER);
  }

  /** The in-memory counter is only a cache: after a rolled-back write it is re-read. */
  invalidate(): void {
    this.seq = null;
  }

  /** What the op carries: synced fields only; an insert carries the whole row. */
  private opFields(entity: string, entityId: string, kind: OpKind, written: Record<string, unknown>): Record<string, unknown> {
    if (!isSyncEntity(entity)) return written;
    const info = SYNC_TABLES[entity];
    const fields: Record<string, unknown> = {};
    for (const field of info.columns.keys()) if (written[field] !== undefined) fields[field] = written[field];
    if (kind === 'insert') {
      // Columns the caller left to their SQL defaults: read them back, so the op is the whole row.
      if (REQUIRED_FIELDS[entity].some((f) => fields[f] === undefined)) {
        const row = this.sqlite.prepare(`SELECT * FROM "${entity}" WHERE id = ?`).get(entityId) as Record<string, unknown>;
        for (const [field, column] of info.columns) fields[field] ??= fromSqlValue(info, field, row[column]);
      }
      for (const field of info.columns.keys()) fields[field] ??= null;
    }
    return fields;
  }

  private stamp(entity: keyof typeof SYNC_TABLES, entityId: string, kind: OpKind, fields: Record<string, unknown>, hlc: Hlc): void {
    if (kind === 'insert') {
      let stmt = this.stampAll.get(entity);
      if (!stmt) this.stampAll.set(entity, (stmt = this.sqlite.prepare(`UPDATE "${entity}" SET sync_clocks = ? WHERE id = ?`)));
      stmt.run(JSON.stringify({ [ALL_FIELDS]: hlc }), entityId);
      return;
    }
    let stmt = this.stampSome.get(entity);
    if (!stmt) {
      stmt = this.sqlite.prepare(`UPDATE "${entity}" SET sync_clocks = json_patch(COALESCE(sync_clocks, '{}'), ?) WHERE id = ?`);
      this.stampSome.set(entity, stmt);
    }
    stmt.run(JSON.stringify(Object.fromEntries(Object.keys(fields).map((f) => [f, hlc]))), entityId);
  }
}
