/**
 * Sync protocol between an install and the server (HTTP, JSON). Every body is parsed with these
 * schemas where it lands.
 *   POST /sync/v1/{workspace}/push       {ops}            -> {cursor, accepted, duplicates}
 *   GET  /sync/v1/{workspace}/ops?after=&limit=&exclude= -> NDJSON: {cursor, head, count}, then {seq, op} per line
 *        (the ops with seq in (after, after + limit]: pages are known ahead, so several can be in flight;
 *        410 `cursor-expired` when the log no longer holds the ops after `after`: the server keeps
 *        only the newest ops, and an install that far behind loads the snapshot again)
 *   GET  /sync/v1/{workspace}/snapshot?after=&upto=&limit=&marks= -> NDJSON: {next, cursor, total, count, marks}, then a row per line
 *        (`marks=1`: where the following pages end, so they can be requested side by side)
 * Pushes are idempotent by op id: a retried batch is acknowledged again and logged once. The
 * cursor is the workspace log's sequence number, monotonic per workspace. Live updates: after
 * `hello`, a socket sends `sync.subscribe` and then gets `sync.changed` whenever the log grows.
 */
import { z } from 'zod';
import { HlcSchema } from '../sync/hlc';
import { entityFieldsSchema, SYNC_ENTITIES, type SyncEntity } from '../sync/entities';
import type { FieldValues } from '../sync/merge';
import { WorkspaceIdSchema } from './auth';

export const SYNC_PATH_PREFIX = '/sync/v1/';
export const MAX_PUSH_OPS = 10_000;
export const MAX_PULL_OPS = 10_000;
export const MAX_SNAPSHOT_ROWS = 50_000;
/**
 * Marks a snapshot page carries at most: each costs the server a step through the key index, so
 * tiny pages must not make it step once per record. The page after the last mark is open, and
 * a client reads on from there by `next` (20M rows in 20,000-row pages).
 */
export const MAX_SNAPSHOT_MARKS = 1_000;

export const OpIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Op ids are 8-64 letters, digits, _ or -');
export const EntityIdSchema = z.string().min(1).max(64);
export const OpKindSchema = z.enum(['insert', 'update', 'delete', 'restore']);

/** The install (HLC node id) that made a change. */
export const AuthorSchema = z.string().min(1).max(64);

function opSchema<E extends SyncEntity>(entity: E) {
  return z.object({
    id: OpIdSchema,
    entity: z.literal(entity),
    entityId: EntityIdSchema,
    kind: OpKindSchema,
    fields: entityFieldsSchema(entity),
    hlc: HlcSchema,
    author: AuthorSchema,
  });
}

/**
 * One mutation: the fields it wrote and when (HLC). The entity picks the schema of its fields,
 * so one pass checks the whole op: an unknown field or a value of the wrong type refuses it.
 */
export const SyncOpSchema = z.discriminatedUnion('entity', SYNC_ENTITIES.map(opSchema) as unknown as [ReturnType<typeof opSchema>, ...ReturnType<typeof opSchema>[]]);
export type SyncOp = Omit<z.infer<typeof SyncOpSchema>, 'fields'> & { fields: FieldValues };

export const PushRequestSchema = z.object({ ops: z.array(SyncOpSchema).min(1).max(MAX_PUSH_OPS) });
export type PushRequest = z.infer<typeof PushRequestSchema>;
export const PushResponseSchema = z.object({
  cursor: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const LoggedOpSchema = z.object({ seq: z.number().int().positive(), op: SyncOpSchema });
export type LoggedOp = z.infer<typeof LoggedOpSchema>;
export const PullPageHeadSchema = z.object({
  /** Where the next pull starts. */
  cursor: z.number().int().nonnegative(),
  /** The log's head when this page was read. */
  head: z.number().int().nonnegative(),
  /** Ops on the lines after this one. */
  count: z.number().int().nonnegative().max(MAX_PULL_OPS),
});
export type PullPageHead = z.infer<typeof PullPageHeadSchema>;
export type PullResponse = PullPageHead & { ops: LoggedOp[] };

function snapshotRowSchema<E extends SyncEntity>(entity: E) {
  return z.object({ entity: z.literal(entity), id: EntityIdSchema, fields: entityFieldsSchema(entity), clocks: z.record(z.string().max(64), HlcSchema) });
}

/** The server's current state of one record: values and the clock of each field (`*`: every other field). */
export const SnapshotRowSchema = z.discriminatedUnion(
  'entity',
  SYNC_ENTITIES.map(snapshotRowSchema) as unknown as [ReturnType<typeof snapshotRowSchema>, ...ReturnType<typeof snapshotRowSchema>[]],
);
export type SnapshotRow = Omit<z.infer<typeof SnapshotRowSchema>, 'fields'> & { fields: FieldValues };
export const SnapshotPageHeadSchema = z.object({
  /** Opaque key to pass as `after` for the next page; null on the last page. */
  next: z.string().nullable(),
  /** Pull ops after this cursor once the snapshot is complete. */
  cursor: z.number().int().nonnegative(),
  /** Rows in the workspace (for progress). */
  total: z.number().int().nonnegative(),
  /** Rows on the lines after this one. */
  count: z.number().int().nonnegative().max(MAX_SNAPSHOT_ROWS),
  /** Asked for with `marks=1`: the keys the following pages of `limit` rows end at (the page after the last one is open). */
  marks: z.array(z.string().max(200)).max(MAX_SNAPSHOT_MARKS).optional(),
});
export type SnapshotPageHead = z.infer<typeof SnapshotPageHeadSchema>;
export type SnapshotResponse = SnapshotPageHead & { rows: SnapshotRow[] };

/**
 * Pull and snapshot pages are NDJSON: a head line (`PullPageHeadSchema`,
 * `SnapshotPageHeadSchema`), then one op or row per line, each parsed by its schema as it
 * arrives. A page of megabytes never has to be one string (on this kind of machine, touching
 * that much fresh memory costs more than parsing it), and a page cut short is told by its count.
 */
export const PAGE_CONTENT_TYPE = 'application/x-ndjson';
const PAGES = {
  ops: { head: PullPageHeadSchema, item: LoggedOpSchema, items: 'ops' },
  snapshot: { head: SnapshotPageHeadSchema, item: SnapshotRowSchema, items: 'rows' },
} as const;
export type PageKind = keyof typeof PAGES;
export type PageHead<K extends PageKind> = K extends 'ops' ? PullPageHead : SnapshotPageHead;
export type PageItem<K extends PageKind> = K extends 'ops' ? LoggedOp : SnapshotRow;
export type Page<K extends PageKind> = K extends 'ops' ? PullResponse : SnapshotResponse;

/** A page that is not the protocol: the server is broken, or the reply was cut short. */
export class PageFormatError extends Error {}

/**
 * Checks a page line by line (each line without its newline; empty lines are skipped): the
 * head, then every item by its schema, and that there are as many items as the head announced.
 */
export class PageReader<K extends PageKind> {
  private head: PageHead<K> | null = null;
  private items = 0;
  private lines = 0;

  constructor(private readonly kind: K) {}

  /** The item on this line, parsed by its schema; null for the head line or an empty line. */
  line(text: string): PageItem<K> | null {
    if (text === '') return null;
    this.lines += 1;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PageFormatError(`line ${this.lines} of the page is not JSON`);
    }
    const schema = this.head ? PAGES[this.kind].item : PAGES[this.kind].head;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PageFormatError(`line ${this.lines} of the page: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
    }
    if (!this.head) {
      this.head = parsed.data as PageHead<K>;
      return null;
    }
    if (this.items === this.head.count) throw new PageFormatError(`the page holds more than the ${this.head.count} items its head announced`);
    this.items += 1;
    return parsed.data as PageItem<K>;
  }

  /** The page's head, once the page has ended with every item it announced. */
  end(): PageHead<K> {
    if (!this.head) throw new PageFormatError('the page is empty');
    if (this.items !== this.head.count) throw new PageFormatError(`the page was cut short: ${this.items} of ${this.head.count} items`);
    return this.head;
  }
}

/** A whole page from its text (tests, and anything that already holds the page). */
export function parsePage<K extends PageKind>(kind: K, text: string): Page<K> {
  const reader = new PageReader(kind);
  const items: PageItem<K>[] = [];
  for (const line of text.split('\n')) {
    const item = reader.line(line);
    if (item) items.push(item);
  }
  return { ...reader.end(), [PAGES[kind].items]: items } as unknown as Page<K>;
}

export const SyncErrorCodeSchema = z.enum(['bad-request', 'unauthorized', 'forbidden', 'not-found', 'too-large', 'rate-limited', 'cursor-expired', 'internal']);
/** The HTTP status of `cursor-expired`. */
export const CURSOR_EXPIRED_STATUS = 410;
export const SyncErrorSchema = z.object({
  error: SyncErrorCodeSchema,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type SyncError = z.infer<typeof SyncErrorSchema>;

export const PullQuerySchema = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  /** How many sequence numbers the page spans (fewer ops come back where `exclude` leaves some out). */
  limit: z.coerce.number().int().min(1).max(MAX_PULL_OPS).default(1000),
  /** Leave out ops by this author (the puller's own, which it already has); the cursor still moves past them. */
  exclude: z.string().min(1).max(64).optional(),
});
const SnapshotKeySchema = z
  .string()
  .max(200)
  .regex(/^[a-z_]+:.+$/, 'Not a snapshot key')
  .transform((key) => ({ entity: key.slice(0, key.indexOf(':')), id: key.slice(key.indexOf(':') + 1) }));

export const SnapshotQuerySchema = z.object({
  /** The `next` of the page before (or a mark): `<entity>:<id>` of the last record before this page. */
  after: SnapshotKeySchema.optional(),
  /** The last record this page may hold (a mark): with it, a page is one range of keys. */
  upto: SnapshotKeySchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SNAPSHOT_ROWS).default(10_000),
  marks: z.literal('1').optional(),
});

export function syncPath(workspaceId: string, action: 'push' | 'ops' | 'snapshot'): string {
  return `${SYNC_PATH_PREFIX}${encodeURIComponent(WorkspaceIdSchema.parse(workspaceId))}/${action}`;
}
