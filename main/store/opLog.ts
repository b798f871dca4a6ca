/**
 * The op log: one row per mutation (entity, id, the fields written, when), appended inside the
 * mutation's own transaction so the outbox a sync client pushes can never disagree with the data.
 */
import type Database from 'better-sqlite3';

export type OpKind = 'insert' | 'update' | 'delete' | 'restore';

export class OpLog {
  private readonly insert: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly newId: () => string;
  private seq: number | null = null;

  constructor(sqlite: Database.Database, newId: () => string) {
    this.insert = sqlite.prepare('INSERT INTO ops (id, entity, entity_id, kind, fields, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.maxSeq = sqlite.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM ops').pluck();
    this.newId = newId;
  }

  /** Must be called inside a write transaction. */
  record(entity: string, entityId: string, kind: OpKind, fields: Record<string, unknown>, at: number): void {
    // Read the high-water mark once per process; the unique index on seq guards the rest.
    this.seq ??= this.maxSeq.get() as number;
    this.seq += 1;
    try {
      this.insert.run(this.newId(), entity, entityId, kind, JSON.stringify(fields), at, this.seq);
    } catch (error) {
      this.seq = null;
      throw error;
    }
  }

  /** The in-memory counter is only a cache: after a rolled-back write it is re-read. */
  invalidate(): void {
    this.seq = null;
  }
}
