/** The server's sync storage: one interface, on SQLite (embedded default) or PostgreSQL (`DATABASE_URL`). */
import type { SyncEntity } from '../../../common/sync/entities';
import type { SyncOp } from '../../../common/wire/sync';

export interface AppendResult {
  cursor: number;
  accepted: number;
  duplicates: number;
}

/** A record as stored: JSON text passed through to clients without a parse/serialise round. */
export interface RawRecord {
  entity: string;
  entityId: string;
  fields: string;
  clocks: string;
}

/**
 * JSON the store wrote, as UTF-8 bytes in one piece (SQLite) or in the chunks a COPY stream
 * delivered (PostgreSQL), never decoded: a page is megabytes, and every conversion touches fresh memory.
 */
export type JsonText = Uint8Array | readonly Uint8Array[];

/**
 * A page as JSON the store writes itself (SQL string functions, not a JS object per row: a
 * third of the CPU), one item per line: `{"seq","op"}` for ops, `{"entity","id","fields","clocks"}`
 * for records.
 */
export interface JsonItems {
  items: JsonText;
  count: number;
}

export function jsonParts(text: JsonText): Uint8Array[] {
  return text instanceof Uint8Array ? [text] : [...text];
}

/** The items of a page as JSON values (tests). */
export function jsonLines(text: JsonText): unknown[] {
  return Buffer.concat(jsonParts(text))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

export interface RawLoggedOp {
  seq: number;
  opId: string;
  entity: string;
  entityId: string;
  kind: string;
  fields: string;
  hlc: string;
  author: string;
}

export interface SnapshotKey {
  entity: string;
  id: string;
}

export interface SnapshotPage {
  /** Records after this key (all from the start when null)... */
  after: SnapshotKey | null;
  /** ...up to and including this one. */
  upto: SnapshotKey | null;
  limit: number;
  /**
   * Also where the following pages of `limit` records end (`<entity>:<id>`): the record at
   * 2 * limit after `after`, at 3 * limit, and so on, read with the page.
   */
  marks: boolean;
}

export interface ListQuery {
  refId?: string;
  /** `at` range (time entries: start time), inclusive from, exclusive to. */
  from?: number;
  to?: number;
  /** Keyset pagination: ids after this one. */
  afterId?: string;
  limit: number;
}

export interface SyncStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Logs the ops not logged before and merges them into current state, atomically. */
  append(workspaceId: string, userId: string, ops: readonly SyncOp[]): Promise<AppendResult>;
  /**
   * The ops with seq in (after, after + limit], in order, and the cursor the page reaches: the
   * end of that range, or the head if it is nearer. Sequence numbers have no gaps, so a client
   * knows every page's range before it asks (ops left out by `excludeAuthor` are passed over).
   */
  readOps(workspaceId: string, after: number, limit: number, excludeAuthor?: string): Promise<OpsPage>;
  /**
   * Records ordered by (entity, id), after the given key: a fresh install fills each table in
   * key order, which appends to its primary key instead of splitting pages all over it.
   * `last`: the key (`<entity>:<id>`) of the page's last record; `total` (records in the
   * workspace) on the first page only.
   */
  snapshot(workspaceId: string, page: SnapshotPage): Promise<JsonItems & { last: string | null; head: number; total: number | null; marks: string[] | null }>;
  get(workspaceId: string, entity: SyncEntity, id: string): Promise<RawRecord | null>;
  /** Live (not deleted) records of one entity, by id. */
  list(workspaceId: string, entity: SyncEntity, query: ListQuery): Promise<RawRecord[]>;
  head(workspaceId: string): Promise<number>;
  /**
   * Deletes the log's ops up to seq `upto` (never past the head), oldest first, in small
   * transactions so appends go on meanwhile. Records keep their state (and tombstones): a
   * snapshot still holds everything. Returns the log's floor after it.
   */
  compact(workspaceId: string, upto: number): Promise<number>;
  close(): Promise<void>;
}

/** A pull page, or (`after` below `floor`: the ops it needs are gone) none: the install must load the snapshot again. */
export interface OpsPage extends JsonItems {
  cursor: number;
  head: number;
  /** The log holds every op after this seq and none up to it (0: nothing was ever compacted). */
  floor: number;
}

/** Ops deleted per transaction of a compaction. */
export const COMPACT_CHUNK = 10_000;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
