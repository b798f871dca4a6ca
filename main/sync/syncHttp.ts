/** One request to the sync server, its reply parsed by its wire schema (common/wire/sync.ts), or why it failed. */
import type { z } from 'zod';
import { PullResponseSchema, PushResponseSchema, SnapshotResponseSchema, SyncErrorSchema } from '../../common/wire/sync';

export const REPLY_SCHEMAS = { push: PushResponseSchema, ops: PullResponseSchema, snapshot: SnapshotResponseSchema } as const;
export type ReplyKind = keyof typeof REPLY_SCHEMAS;

export interface SyncHttpRequest<K extends ReplyKind> {
  method: 'GET' | 'POST';
  url: string;
  token: string;
  /** JSON text. */
  body?: string;
  reply: K;
}

export type SyncHttpResult<K extends ReplyKind> =
  | { ok: true; reply: z.output<(typeof REPLY_SCHEMAS)[K]> }
  | {
      ok: false;
      /** refused: a 4xx, or a reply that is not JSON; server: a 5xx or a malformed reply; unreachable: no answer. */
      failure: 'refused' | 'server' | 'unreachable';
      status: number;
      message: string;
      cause?: string;
    };

export async function exchange<K extends ReplyKind>(request: SyncHttpRequest<K>): Promise<SyncHttpResult<K>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { authorization: `Bearer ${request.token}`, ...(request.body ? { 'content-type': 'application/json' } : {}) },
      body: request.body,
    });
    text = await response.text();
  } catch (err) {
    const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
    return { ok: false, failure: 'unreachable', status: 0, message: err instanceof Error ? err.message : String(err), cause: cause instanceof Error ? cause.message : undefined };
  }
  const { status } = response;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, failure: 'refused', status, message: `Server sent a reply that is not JSON (HTTP ${status})` };
  }
  if (!response.ok) {
    const error = SyncErrorSchema.safeParse(json);
    const message = error.success ? error.data.message : `HTTP ${status}`;
    return status >= 500 ? { ok: false, failure: 'server', status, message: `Server error: ${message}` } : { ok: false, failure: 'refused', status, message: `Server refused: ${message}` };
  }
  const parsed = REPLY_SCHEMAS[request.reply].safeParse(json);
  if (!parsed.success) return { ok: false, failure: 'server', status, message: `Server sent a malformed reply: ${parsed.error.issues[0]?.message ?? ''}` };
  return { ok: true, reply: parsed.data as z.output<(typeof REPLY_SCHEMAS)[K]> };
}
