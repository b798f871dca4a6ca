/**
 * HTTP routes of the sync protocol (common/wire/sync.ts). Pull and snapshot pages are NDJSON whose
 * item lines come from the store as JSON bytes or text (stored fields and clocks are never parsed
 * on the way out).
 */
import type { URL } from 'node:url';
import type http from 'node:http';
import { WorkspaceIdSchema } from '../../../common/wire/auth';
import {
  CURSOR_EXPIRED_STATUS,
  PAGE_CONTENT_TYPE,
  PullQuerySchema,
  PushRequestSchema,
  SnapshotQuerySchema,
  SYNC_PATH_PREFIX,
  type PullPageHead,
  type PushResponse,
  type SnapshotPageHead,
} from '../../../common/wire/sync';
import type { TokenService } from '../auth/tokenService';
import { ApiError, authenticate, parseWith, queryOf, readJsonBody, sendJson, sendParts } from '../transport/httpJson';
import type { SyncService } from './syncService';
import { jsonParts, type JsonText } from './syncStore';

const MAX_PUSH_BYTES = 32 * 1024 * 1024;

export function createSyncRoutes(sync: SyncService, tokens: TokenService) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith(SYNC_PATH_PREFIX)) return false;
    const [rawWorkspace, action, ...rest] = url.pathname.slice(SYNC_PATH_PREFIX.length).split('/');
    if (rest.length > 0 || !rawWorkspace || !action) throw new ApiError(404, { error: 'not-found', message: 'No such sync route' });
    const claims = await authenticate(req, tokens);
    const workspaceId = parseWith(WorkspaceIdSchema, decodeURIComponent(rawWorkspace), 'workspace id');
    const query = queryOf(url);
    if (action === 'push') {
      if (req.method !== 'POST') throw new ApiError(405, { error: 'bad-request', message: 'Use POST' });
      sync.authorize(claims, workspaceId, 'write');
      const body = parseWith(PushRequestSchema, await readJsonBody(req, MAX_PUSH_BYTES), 'push');
      const result: PushResponse = await sync.push(claims, workspaceId, body.ops);
      sendJson(res, 200, result);
      return true;
    }
    if (req.method !== 'GET') throw new ApiError(405, { error: 'bad-request', message: 'Use GET' });
    sync.authorize(claims, workspaceId, 'read');
    if (action === 'ops') {
      const { after, limit, exclude } = parseWith(PullQuerySchema, query, 'query');
      const page = await sync.store.readOps(workspaceId, after, limit, exclude);
      if (after < page.floor) {
        throw new ApiError(CURSOR_EXPIRED_STATUS, {
          error: 'cursor-expired',
          message: `The log before seq ${page.floor + 1} was compacted: load the snapshot again`,
        });
      }
      const head: PullPageHead = { cursor: page.cursor, head: page.head, count: page.count };
      sendPage(res, head, page.items);
      return true;
    }
    if (action === 'snapshot') {
      const { after, upto, limit, marks } = parseWith(SnapshotQuerySchema, query, 'query');
      const page = await sync.store.snapshot(workspaceId, { after: after ?? null, upto: upto ?? null, limit, marks: marks === '1' });
      const head: SnapshotPageHead = {
        next: page.count === limit ? page.last : null,
        cursor: page.head,
        total: page.total ?? 0,
        count: page.count,
        ...(page.marks ? { marks: page.marks } : {}),
      };
      sendPage(res, head, page.items);
      return true;
    }
    throw new ApiError(404, { error: 'not-found', message: `No sync action "${action}"` });
  };
}

/** An NDJSON page: its head line, then the store's items (one per line) as the store wrote them. */
function sendPage(res: http.ServerResponse, head: PullPageHead | SnapshotPageHead, items: JsonText): void {
  sendParts(res, 200, PAGE_CONTENT_TYPE, [`${JSON.stringify(head)}\n`, ...jsonParts(items)]);
}
