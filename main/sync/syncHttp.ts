/**
 * One request to the sync server, its reply parsed by its wire schema (common/wire/sync.ts).
 * Pull and snapshot pages are checked line by line as they arrive from the response stream, so a
 * page of megabytes is never one string here. Failures say which kind they are: a refusal (4xx,
 * or a reply that is not JSON) is `SyncRefused`, a server error (5xx) or malformed reply
 * `SyncServerError`, and no answer at all the fetch error itself.
 */
import { latestClock } from '../../common/sync/merge';
import { PageFormatError, PageReader, PushResponseSchema, SyncErrorSchema, type PageHead, type PageItem, type PageKind, type PushResponse } from '../../common/wire/sync';

/** A refusal by the server (4xx): retrying the same request will not help until something changes. */
export class SyncRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The server failed (5xx) or answered with something that is not a reply: worth retrying later. */
export class SyncServerError extends Error {}

export interface PageRequest<K extends PageKind> {
  url: string;
  token: string;
  kind: K;
}

/** A page whose every line passed its schema, kept as the bytes that were checked. */
export interface CheckedPage<K extends PageKind> {
  head: PageHead<K>;
  /** The latest clock written on the page ('' when it holds none). */
  latest: string;
  /** The page's items: one JSON value per line, each line ending in a newline. */
  lines: Uint8Array;
}

export async function push(request: { url: string; token: string; body: string | Uint8Array }): Promise<PushResponse> {
  const response = await fetch(request.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/json' },
    // Buffers from better-sqlite3 are typed over ArrayBufferLike; none is ever shared memory.
    body: request.body as string | Uint8Array<ArrayBuffer>,
  });
  const text = await response.text();
  if (!response.ok) throw failure(response.status, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyncRefused(response.status, `Server sent a reply that is not JSON (HTTP ${response.status})`);
  }
  const parsed = PushResponseSchema.safeParse(json);
  if (!parsed.success) throw new SyncServerError(`Server sent a malformed reply: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** Why a request failed, from the status and the body of a reply that is not OK. */
function failure(status: number, text: string): Error {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A proxy in front of a server that is down answers 502/503 with a page, not JSON.
    if (status >= 500) return new SyncServerError(`Server error: HTTP ${status}`);
    return new SyncRefused(status, `Server sent a reply that is not JSON (HTTP ${status})`);
  }
  const error = SyncErrorSchema.safeParse(json);
  const message = error.success ? error.data.message : `HTTP ${status}`;
  if (status >= 500) return new SyncServerError(`Server error: ${message}`);
  return new SyncRefused(status, `Server refused: ${message}`);
}

/**
 * Fetches a page and checks each line by its schema as it arrives (each decoded on its own, a
 * small string), keeping only the bytes of the items' lines. `into` is memory to reuse for them.
 */
export async function fetchPage<K extends PageKind>(request: PageRequest<K>, into?: ArrayBuffer): Promise<CheckedPage<K>> {
  const response = await fetch(request.url, { headers: { authorization: `Bearer ${request.token}` } });
  if (!response.ok) throw failure(response.status, await response.text());
  const reader = new PageReader(request.kind);
  const clockOf = request.kind === 'ops' ? (item: PageItem<K>) => (item as PageItem<'ops'>).op.hlc : (item: PageItem<K>) => latestClock((item as PageItem<'snapshot'>).clocks);
  const lines = new ByteSink(into);
  let latest = '';
  let headRead = false;
  let carry: Buffer | null = null;
  const chunks = response.body?.getReader();
  const check = (bytes: Buffer, start: number, end: number) => {
    const item = reader.line(bytes.toString('utf8', start, end));
    if (item) {
      const clock = clockOf(item);
      if (clock > latest) latest = clock;
    }
  };
  try {
    for (;;) {
      const next = await chunks?.read();
      if (!next || next.done) break;
      const chunk = next.value;
      let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (carry) {
        bytes = Buffer.concat([carry, bytes]);
        carry = null;
      }
      let start = 0;
      let itemsFrom = 0;
      for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
        check(bytes, start, end);
        // The first line that is not empty was the head (the reader skips empty lines too).
        if (!headRead && end > start) {
          headRead = true;
          itemsFrom = end + 1;
        }
        start = end + 1;
      }
      // Whole lines are kept in one copy per chunk; a line cut by the chunk's end comes with the next.
      if (start > itemsFrom) lines.append(bytes.subarray(itemsFrom, start));
      if (start < bytes.length) carry = bytes.subarray(start);
    }
    if (carry) {
      check(carry, 0, carry.length);
      if (headRead) lines.append(Buffer.concat([carry, NEWLINE]));
    }
    return { head: reader.end(), latest, lines: lines.bytes() };
  } catch (error) {
    if (error instanceof PageFormatError) throw new SyncServerError(`Server sent a malformed reply: ${error.message}`);
    throw error;
  }
}

const NEWLINE = Buffer.from('\n');

/** Bytes appended into one growing buffer (reused memory first: fresh memory is slow to touch). */
class ByteSink {
  private buffer: Uint8Array;
  private length = 0;

  constructor(into?: ArrayBuffer) {
    this.buffer = new Uint8Array(into ?? new ArrayBuffer(1 << 20));
  }

  append(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** The items of a checked page, parsed again from the very bytes that passed their schema. */
export function* pageItems<K extends PageKind>(page: CheckedPage<K>): Generator<PageItem<K>> {
  const bytes = Buffer.from(page.lines.buffer, page.lines.byteOffset, page.lines.byteLength);
  let start = 0;
  for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
    if (end > start) yield JSON.parse(bytes.toString('utf8', start, end)) as PageItem<K>;
    start = end + 1;
  }
}
