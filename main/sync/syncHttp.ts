/**
 * One request to the sync server, its reply parsed by its wire schema (common/wire/sync.ts).
 * Failures say which kind they are: a refusal (4xx, or a reply that is not JSON) is
 * `SyncRefused`, a server error (5xx) or malformed reply `SyncServerError`, and no answer at all
 * the fetch error itself.
 */
import type { z } from 'zod';
import { PullResponseSchema, PushResponseSchema, SnapshotResponseSchema, SyncErrorSchema } from '../../common/wire/sync';

const REPLY_SCHEMAS = { push: PushResponseSchema, ops: PullResponseSchema, snapshot: SnapshotResponseSchema } as const;
export type ReplyKind = keyof typeof REPLY_SCHEMAS;
export type Reply<K extends ReplyKind> = z.output<(typeof REPLY_SCHEMAS)[K]>;

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
  const parsed = REPLY_SCHEMAS[request.reply].safeParse(json);
  if (!parsed.success) throw new SyncServerError(`Server sent a malformed reply: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data as Reply<K>;
}
