/**
 * The sync client's view of the local SQLite store: the outbox (op rows after the last
 * acknowledged seq), the pull cursor, and applying a page of remote ops or snapshot rows in one
 * transaction together with the cursor that page moves to, so a crash never applies a page
 * without remembering it (or the reverse).
 */
import type Database from 'better-sqlite3';
import { SYNC_ENTITIES } from '../../common/sync/entities';
import { maxHlc } from '../../common/sync/hlc';
import type { TrackerEntity } from '../../common/tracker/views';
import type { LoggedOp, SnapshotRow } from '../../common/wire/sync';
import { createMemberStore, type MemberStore } from '../store/memberStore';
import type { StoreContext } from '../store/storeContext';
import { RemoteApplier } from './remoteApplier';
import { BulkLoad } from './bulkLoad';
import { writeOwnRecordOps } from './ownRecordOps';
import { RunningConflicts } from './runningConflicts';

/** Pushed ops deleted per transaction. */
const COMPACT_OPS = 5_000;

const KEYS = {
  pushed: 'sync.pushedSeq',
  cursor: 'sync.cursor',
  clock: 'sync.clock',
  workspace: 'sync.workspace',
  snapshot: 'sync.snapshotAfter',
  snapshotCursor: 'sync.snapshotCursor',
  bootstrapped: 'sync.bootstrapped',
} as const;

export class LocalSyncStore {
  private readonly sqlite: Database.Database;
  private readonly getMeta: Database.Statement;
  private readonly setMeta: Database.Statement;
  private readonly outbox: Database.Statement;
  private readonly countOutbox: Database.Statement;
  private readonly oldestOp: Database.Statement;
  readonly applier: RemoteApplier;
  readonly bulk: BulkLoad;
  private readonly members: MemberStore;

  constructor(
    private readonly ctx: StoreContext,
    private readonly onChange: (entities: TrackerEntity[]) => void = () => {},
  ) {
    this.sqlite = ctx.sqlite;
    this.members = createMemberStore(ctx);
    this.getMeta = this.sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.setMeta = this.sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    const entities = SYNC_ENTITIES.map((e) => `'${e}'`).join(', ');
    // The push body is written by SQLite (fields are stored as JSON text already) and comes out
    // as the UTF-8 bytes to send: no object or string per op on this side.
    this.outbox = this.sqlite.prepare(
      `SELECT count(*) AS count, max(seq) AS lastSeq, CAST('{"ops":[' || coalesce(group_concat(item, ',' ORDER BY seq), '') || ']}' AS BLOB) AS body FROM (
         SELECT seq, '{"id":' || json_quote(id) || ',"entity":' || json_quote(entity) || ',"entityId":' || json_quote(entity_id) || ',"kind":' || json_quote(kind)
           || ',"fields":' || fields || ',"hlc":' || json_quote(hlc) || ',"author":' || json_quote(author) || '}' AS item
         FROM ops WHERE seq > ? AND entity IN (${entities}) ORDER BY seq LIMIT ?)`,
    );
    this.countOutbox = this.sqlite.prepare(`SELECT COUNT(*) FROM ops WHERE seq > ? AND entity IN (${entities})`).pluck();
    this.oldestOp = this.sqlite.prepare('SELECT MIN(seq) FROM ops').pluck();
    const running = new RunningConflicts(this.sqlite, ctx.ops, ctx.now);
    this.bulk = new BulkLoad(this.sqlite, (key) => this.meta(key), (key, value) => this.setMeta.run(key, value), running, onChange);
    this.applier = new RemoteApplier(this.sqlite, ctx.ops.clock(), running, (table) => this.bulk.loading(table));
    // A bootstrap interrupted by a crash left indexes dropped: put them back before anything reads.
    this.bulk.recover();
  }

  get node(): string {
    return this.ctx.ops.clock().node;
  }

  meta(key: string): string | null {
    return (this.getMeta.get(key) as string | undefined) ?? null;
  }

  /**
   * The workspace this store syncs with; a different one starts from scratch (cursor 0). The
   * first one gets this install's whole log; a later one gets what this install contributed to
   * its records, rewritten as ops from the records (the log itself is compacted once pushed).
   */
  bindWorkspace(workspaceId: string): void {
    const bound = this.meta(KEYS.workspace);
    if (bound === workspaceId) return;
    this.sqlite.transaction(() => {
      if (bound !== null) {
        this.ctx.ops.clear();
        writeOwnRecordOps(this.sqlite, this.ctx.ops, this.ctx.now());
      }
      this.setMeta.run(KEYS.workspace, workspaceId);
      this.setMeta.run(KEYS.cursor, '0');
      this.setMeta.run(KEYS.pushed, '0');
      this.setMeta.run(KEYS.bootstrapped, '0');
    })();
  }

  /**
   * The server's log no longer reaches this install's cursor (it kept only its newest ops while
   * the install was away): the next cycle loads the snapshot again, merged into what is here
   * (edits made here meanwhile are pushed first and win where they are later), and then pulls
   * on from the snapshot's cursor.
   */
  reloadSnapshot(): void {
    this.sqlite.transaction(() => {
      this.setMeta.run(KEYS.bootstrapped, '0');
      this.setMeta.run(KEYS.snapshot, '');
      this.sqlite.prepare('DELETE FROM meta WHERE key = ?').run(KEYS.snapshotCursor);
    })();
  }

  cursor(): number {
    return Number(this.meta(KEYS.cursor) ?? 0);
  }

  pushedSeq(): number {
    return Number(this.meta(KEYS.pushed) ?? 0);
  }

  pendingCount(): number {
    return this.countOutbox.get(this.pushedSeq()) as number;
  }

  /**
   * The next batch to push after `after` (by default: after what the server acknowledged), oldest
   * first, as the push body's JSON (UTF-8), and the seq it reaches.
   */
  nextBatch(limit: number, after = this.pushedSeq()): { body: Buffer; count: number; lastSeq: number } {
    const batch = this.outbox.get(after, limit) as { count: number; lastSeq: number | null; body: Buffer };
    return { body: batch.body, count: batch.count, lastSeq: batch.lastSeq ?? after };
  }

  acknowledge(lastSeq: number): void {
    if (lastSeq > this.pushedSeq()) this.setMeta.run(KEYS.pushed, String(lastSeq));
  }

  /**
   * Deletes up to `limit` of the oldest ops the server has stored (nothing reads them again);
   * returns whether more are left. Not part of the push it follows: a push of 100,000 ops took
   * a quarter of a second longer with its deletes in it.
   */
  compactPushed(limit = COMPACT_OPS): boolean {
    const pushed = this.pushedSeq();
    const oldest = this.oldestOp.get() as number | null;
    if (oldest === null || oldest > pushed) return false;
    const upto = Math.min(pushed, oldest + limit - 1);
    this.sqlite.transaction(() => this.ctx.ops.compact(upto))();
    return upto < pushed;
  }

  /** One pulled page: ops (their lines passed the wire schema, fields included) and the cursor after them. */
  applyOps(ops: Iterable<LoggedOp>, cursor: number): void {
    this.transaction(() => {
      for (const { op } of ops) {
        // Our own ops come back through the log: they are already here.
        if (op.author === this.node) continue;
        this.applier.applyOp(op);
      }
      this.setMeta.run(KEYS.cursor, String(Math.max(cursor, this.cursor())));
    });
  }

  /**
   * One snapshot page of a bootstrap. `latest`: the latest clock on the page; `fresh`: entities
   * whose tables were empty when the bootstrap began (no lookups needed).
   */
  applySnapshot(rows: Iterable<SnapshotRow>, latest: string, next: string | null, cursor: number, fresh: ReadonlySet<string>): void {
    this.transaction(() => {
      // As for pulled ops: what this install writes next (an edit, a settled timer) must sort
      // after every write it loads, or lose to them (a writer's clock may run minutes ahead).
      if (latest) this.ctx.ops.clock().receive(latest);
      for (const row of rows) {
        if (fresh.has(row.entity)) this.applier.insertNew(row);
        else this.applier.apply(row);
      }
      this.setMeta.run(KEYS.snapshot, next ?? '');
      // Ops after the first page's cursor are pulled afterwards: rows read later may already
      // hold some of them, and merging them again changes nothing.
      if (this.meta(KEYS.snapshotCursor) === null) this.setMeta.run(KEYS.snapshotCursor, String(cursor));
      if (next === null) {
        this.setMeta.run(KEYS.cursor, this.meta(KEYS.snapshotCursor)!);
        this.setMeta.run(KEYS.bootstrapped, '1');
        this.sqlite.prepare('DELETE FROM meta WHERE key = ?').run(KEYS.snapshotCursor);
      }
    });
  }

  /** Whether this install has loaded the workspace's snapshot once (after that it only pulls ops). */
  bootstrapped(): boolean {
    return this.meta(KEYS.bootstrapped) === '1';
  }

  snapshotAfter(): string | null {
    return this.meta(KEYS.snapshot) || null;
  }

  private transaction(fn: () => void): void {
    this.applier.beginPage();
    try {
      this.sqlite.transaction(() => {
        fn();
        const clock = this.ctx.ops.clock();
        const seen = clock.now();
        this.setMeta.run(KEYS.clock, maxHlc(this.meta(KEYS.clock) ?? '', seen));
      }).immediate();
    } catch (error) {
      // Settling running timers may have recorded ops that were rolled back with the page.
      this.ctx.ops.invalidate();
      throw error;
    }
    // Someone may have removed this install's own member on another install: they come back
    // (the restore op goes out with the next push).
    if (this.applier.touched.has('members')) this.members.reviveMe();
    if (this.applier.touched.size > 0) this.onChange([...this.applier.touched]);
  }
}
