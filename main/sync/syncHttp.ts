/**
 * One request to the sync server, its reply parsed by its wire schema (common/wire/sync.ts).
 * Pull and snapshot pages are read from the response stream line by line, so a page of
 * megabytes is never one string here. Failures say which kind they are: a refusal (4xx, or a
 * reply that is not JSON) is `SyncRefused`, a server error (5xx) or malformed reply
 * `SyncServerError`, and no answer at all the fetch error itself.
 */
import { PageFormatError, PageReader, PushResponseSchema, SyncErrorSchema, type Page, type PageKind, type PushResponse } from '../../common/wire/sync';

export type ReplyKind = 'push' | PageKind;
export type Reply<K extends ReplyKind> = K extends PageKind ? Page<K> : PushResponse;

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

export async function exchange<K extends ReplyKind>(request: { method: 'GET' | 'POST'; url: string; token: string; body?: string | Uint8Array; reply: K }): Promise<Reply<K>> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: { authorization: `Bearer ${request.token}`, ...(request.body ? { 'content-type': 'application/json' } : {}) },
    // Buffers from better-sqlite3 are typed over ArrayBufferLike; none is ever shared memory.
    body: request.body as string | Uint8Array<ArrayBuffer> | undefined,
  });
  if (response.ok && request.reply !== 'push') return (await readPage(response, request.reply as PageKind)) as Reply<K>;
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A proxy in front of a server that is down answers 502/503 with a page, not JSON.
    if (response.status >= 500) throw new SyncServerError(`Server error: HTTP ${response.status}`);
    throw new SyncRefused(response.status, `Server sent a reply that is not JSON (HTTP ${response.status})`);
  }
  if (!response.ok) {
    const error = SyncErrorSchema.safeParse(json);
    const message = error.success ? error.data.message : `HTTP ${response.status}`;
    if (response.status >= 500) throw new SyncServerError(`Server error: ${message}`);
    throw new SyncRefused(response.status, `Server refused: ${message}`);
  }
  const parsed = PushResponseSchema.safeParse(json);
  if (!parsed.success) throw new SyncServerError(`Server sent a malformed reply: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data as Reply<K>;
}

/** The lines of a page as they arrive: each decoded on its own (a small string), then parsed. */
async function readPage<K extends PageKind>(response: Response, kind: K): Promise<Page<K>> {
  const reader = new PageReader(kind);
  let carry: Buffer | null = null;
  const chunks = response.body?.getReader();
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
      for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
        reader.line(bytes.toString('utf8', start, end));
        start = end + 1;
      }
      if (start < bytes.length) carry = bytes.subarray(start);
    }
    if (carry) reader.line(carry.toString('utf8'));
    return reader.end();
  } catch (error) {
    if (error instanceof PageFormatError) throw new SyncServerError(`Server sent a malformed reply: ${error.message}`);
    throw error;
  }
}
