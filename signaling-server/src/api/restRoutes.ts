/**
 * REST API over the server's synced state (common/wire/restApi.ts). Reads come from the
 * materialised records; every write is an op through the sync hub, so it lands in the
 * workspace log and reaches every install live, exactly like a desktop edit.
 */
import type { URL } from 'node:url';
import type http from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { SyncEntity } from '../../../common/sync/entities';
import type { AccessClaims } from '../../../common/wire/auth';
import {
  API_PREFIX,
  ApiCommentSchema,
  ApiNewCommentSchema,
  ApiNewProjectSchema,
  ApiNewTaskSchema,
  ApiNewTimeEntrySchema,
  ApiProjectPatchSchema,
  ApiProjectSchema,
  ApiTaskPatchSchema,
  ApiTaskSchema,
  ApiTeamSchema,
  ApiTimeEntryPatchSchema,
  ApiTimeEntrySchema,
  ApiUserSchema,
  OPENAPI_PATH,
  PageQuerySchema,
  TimeEntryQuerySchema,
  TimeReportQuerySchema,
} from '../../../common/wire/restApi';
import type { TokenService } from '../auth/tokenService';
import type { SyncService } from '../sync/syncService';
import type { RawRecord } from '../sync/syncStore';
import { ApiError, authenticate, parseWith, queryOf, readJsonBody, sendJson } from '../transport/httpJson';
import { buildOpenApi } from './openApi';

const MAX_BODY = 256 * 1024;
const SCAN_PAGE = 5000;

interface Call {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  params: string[];
  claims: AccessClaims;
  workspaceId: string;
}

type Handler = (call: Call) => Promise<void>;

function toItem<S extends z.ZodType>(schema: S, record: RawRecord): z.output<S> | null {
  const parsed = schema.safeParse({ id: record.entityId, ...(JSON.parse(record.fields) as object) });
  return parsed.success ? parsed.data : null;
}

export function createRestRoutes(sync: SyncService, tokens: TokenService) {
  const { store } = sync;
  let openApi: string | null = null;

  async function find<S extends z.ZodType>(call: Call, entity: SyncEntity, id: string, schema: S, what: string): Promise<z.output<S>> {
    const record = await store.get(call.workspaceId, entity, id);
    const fields = record ? (JSON.parse(record.fields) as { deletedAt?: number | null }) : null;
    const item = record && !fields?.deletedAt ? toItem(schema, record) : null;
    if (!item) throw new ApiError(404, { error: 'not-found', message: `No ${what} with id "${id.slice(0, 64)}"` });
    return item;
  }

  async function listPage<S extends z.ZodType>(call: Call, entity: SyncEntity, schema: S, extra: { refId?: string; from?: number; to?: number } = {}, keep: (item: z.output<S>) => boolean = () => true) {
    const q = parseWith(PageQuerySchema, queryOf(call.url), 'query');
    const records = await store.list(call.workspaceId, entity, { ...extra, afterId: q.cursor, limit: q.limit });
    const items = records.map((r) => toItem(schema, r)).filter((i): i is z.output<S> => i !== null && keep(i));
    sendJson(call.res, 200, { items, nextCursor: records.length === q.limit ? records.at(-1)!.entityId : null });
  }

  async function scan(workspaceId: string, entity: SyncEntity, extra: { refId?: string; from?: number; to?: number }, each: (record: RawRecord) => void): Promise<void> {
    let afterId: string | undefined;
    for (;;) {
      const records = await store.list(workspaceId, entity, { ...extra, afterId, limit: SCAN_PAGE });
      records.forEach(each);
      if (records.length < SCAN_PAGE) return;
      afterId = records.at(-1)!.entityId;
    }
  }

  async function body<S extends z.ZodType>(call: Call, schema: S, what: string): Promise<z.output<S>> {
    return parseWith(schema, await readJsonBody(call.req, MAX_BODY), what);
  }

  async function create(call: Call, entity: SyncEntity, fields: Record<string, unknown>): Promise<string> {
    // Time-ordered, as installs mint them: new records append to the stores' key indexes.
    const id = uuidv7();
    const now = Date.now();
    await sync.write(call.claims, call.workspaceId, entity, id, 'insert', { createdAt: now, updatedAt: now, deletedAt: null, ...fields });
    return id;
  }

  const update = (call: Call, entity: SyncEntity, id: string, fields: Record<string, unknown>) =>
    sync.write(call.claims, call.workspaceId, entity, id, 'update', { ...fields, updatedAt: Date.now() });
  const remove = (call: Call, entity: SyncEntity, id: string) => {
    const now = Date.now();
    return sync.write(call.claims, call.workspaceId, entity, id, 'delete', { deletedAt: now, updatedAt: now });
  };

  const routes: [string, RegExp, Handler][] = [
    ['GET', /^projects$/, (c) => listPage(c, 'projects', ApiProjectSchema)],
    [
      'POST',
      /^projects$/,
      async (c) => {
        const value = await body(c, ApiNewProjectSchema, 'project');
        const id = await create(c, 'projects', value);
        sendJson(c.res, 201, await find(c, 'projects', id, ApiProjectSchema, 'project'));
      },
    ],
    ['GET', /^projects\/([^/]+)$/, async (c) => sendJson(c.res, 200, await find(c, 'projects', c.params[0]!, ApiProjectSchema, 'project'))],
    [
      'PATCH',
      /^projects\/([^/]+)$/,
      async (c) => {
        const current = await find(c, 'projects', c.params[0]!, ApiProjectSchema, 'project');
        const patch = await body(c, ApiProjectPatchSchema, 'project patch');
        const start = patch.startDate === undefined ? current.startDate : patch.startDate;
        const end = patch.endDate === undefined ? current.endDate : patch.endDate;
        if (start && end && end < start) throw new ApiError(400, { error: 'bad-request', message: 'endDate: The end date must not be before the start date' });
        await update(c, 'projects', current.id, patch);
        sendJson(c.res, 200, await find(c, 'projects', current.id, ApiProjectSchema, 'project'));
      },
    ],
    [
      'DELETE',
      /^projects\/([^/]+)$/,
      async (c) => {
        await find(c, 'projects', c.params[0]!, ApiProjectSchema, 'project');
        await remove(c, 'projects', c.params[0]!);
        c.res.writeHead(204).end();
      },
    ],
    [
      'GET',
      /^projects\/([^/]+)\/tasks$/,
      async (c) => {
        await find(c, 'projects', c.params[0]!, ApiProjectSchema, 'project');
        await listPage(c, 'tasks', ApiTaskSchema, { refId: c.params[0]! });
      },
    ],
    ['GET', /^tasks$/, (c) => listPage(c, 'tasks', ApiTaskSchema)],
    [
      'POST',
      /^tasks$/,
      async (c) => {
        const value = await body(c, ApiNewTaskSchema, 'task');
        await find(c, 'projects', value.projectId, ApiProjectSchema, 'project');
        let last = 0;
        await scan(c.workspaceId, 'tasks', { refId: value.projectId }, (r) => {
          const t = toItem(ApiTaskSchema, r);
          if (t && t.status === value.status) last = Math.max(last, t.boardOrder);
        });
        const id = await create(c, 'tasks', { ...value, boardOrder: last + 1 });
        sendJson(c.res, 201, await find(c, 'tasks', id, ApiTaskSchema, 'task'));
      },
    ],
    ['GET', /^tasks\/([^/]+)$/, async (c) => sendJson(c.res, 200, await find(c, 'tasks', c.params[0]!, ApiTaskSchema, 'task'))],
    [
      'PATCH',
      /^tasks\/([^/]+)$/,
      async (c) => {
        const current = await find(c, 'tasks', c.params[0]!, ApiTaskSchema, 'task');
        await update(c, 'tasks', current.id, await body(c, ApiTaskPatchSchema, 'task patch'));
        sendJson(c.res, 200, await find(c, 'tasks', current.id, ApiTaskSchema, 'task'));
      },
    ],
    [
      'DELETE',
      /^tasks\/([^/]+)$/,
      async (c) => {
        await find(c, 'tasks', c.params[0]!, ApiTaskSchema, 'task');
        await remove(c, 'tasks', c.params[0]!);
        c.res.writeHead(204).end();
      },
    ],
    [
      'GET',
      /^tasks\/([^/]+)\/comments$/,
      async (c) => {
        await find(c, 'tasks', c.params[0]!, ApiTaskSchema, 'task');
        await listPage(c, 'comments', ApiCommentSchema, { refId: c.params[0]! });
      },
    ],
    [
      'POST',
      /^tasks\/([^/]+)\/comments$/,
      async (c) => {
        const task = await find(c, 'tasks', c.params[0]!, ApiTaskSchema, 'task');
        const value = await body(c, ApiNewCommentSchema, 'comment');
        const id = await create(c, 'comments', { taskId: task.id, memberId: value.memberId ?? c.claims.sub, body: value.body });
        sendJson(c.res, 201, await find(c, 'comments', id, ApiCommentSchema, 'comment'));
      },
    ],
    [
      'GET',
      /^time-entries$/,
      async (c) => {
        const q = parseWith(TimeEntryQuerySchema, queryOf(c.url), 'query');
        await listPage(c, 'time_entries', ApiTimeEntrySchema, { refId: q.projectId, from: q.from, to: q.to }, (e) => !q.memberId || e.memberId === q.memberId);
      },
    ],
    [
      'POST',
      /^time-entries$/,
      async (c) => {
        const value = await body(c, ApiNewTimeEntrySchema, 'time entry');
        const task = await find(c, 'tasks', value.taskId, ApiTaskSchema, 'task');
        const id = await create(c, 'time_entries', { ...value, projectId: task.projectId, memberId: value.memberId ?? c.claims.sub });
        sendJson(c.res, 201, await find(c, 'time_entries', id, ApiTimeEntrySchema, 'time entry'));
      },
    ],
    ['GET', /^time-entries\/([^/]+)$/, async (c) => sendJson(c.res, 200, await find(c, 'time_entries', c.params[0]!, ApiTimeEntrySchema, 'time entry'))],
    [
      'PATCH',
      /^time-entries\/([^/]+)$/,
      async (c) => {
        const current = await find(c, 'time_entries', c.params[0]!, ApiTimeEntrySchema, 'time entry');
        const patch = await body(c, ApiTimeEntryPatchSchema, 'time entry patch');
        if ((patch.endedAt ?? current.endedAt ?? Infinity) <= (patch.startedAt ?? current.startedAt)) {
          throw new ApiError(400, { error: 'bad-request', message: 'endedAt: The end must be after the start' });
        }
        const task = patch.taskId ? await find(c, 'tasks', patch.taskId, ApiTaskSchema, 'task') : null;
        await update(c, 'time_entries', current.id, { ...patch, ...(task ? { projectId: task.projectId } : {}) });
        sendJson(c.res, 200, await find(c, 'time_entries', current.id, ApiTimeEntrySchema, 'time entry'));
      },
    ],
    [
      'DELETE',
      /^time-entries\/([^/]+)$/,
      async (c) => {
        await find(c, 'time_entries', c.params[0]!, ApiTimeEntrySchema, 'time entry');
        await remove(c, 'time_entries', c.params[0]!);
        c.res.writeHead(204).end();
      },
    ],
    [
      'GET',
      /^reports\/time$/,
      async (c) => {
        const q = parseWith(TimeReportQuerySchema, queryOf(c.url), 'query');
        const from = Date.parse(`${q.from}T00:00:00Z`);
        const to = Date.parse(`${q.to}T00:00:00Z`) + 86_400_000;
        const byProject = new Map<string, { ms: number; billableMs: number }>();
        const byMember = new Map<string, number>();
        let totalMs = 0;
        let billableMs = 0;
        let entries = 0;
        await scan(c.workspaceId, 'time_entries', { from, to }, (r) => {
          const e = toItem(ApiTimeEntrySchema, r);
          if (!e || e.endedAt === null) return;
          const ms = e.endedAt - e.startedAt;
          const billable = e.billable ? ms : 0;
          entries += 1;
          totalMs += ms;
          billableMs += billable;
          const p = byProject.get(e.projectId) ?? { ms: 0, billableMs: 0 };
          byProject.set(e.projectId, { ms: p.ms + ms, billableMs: p.billableMs + billable });
          byMember.set(e.memberId, (byMember.get(e.memberId) ?? 0) + ms);
        });
        const names = new Map<string, string>();
        await scan(c.workspaceId, 'projects', {}, (r) => names.set(r.entityId, toItem(ApiProjectSchema, r)?.name ?? ''));
        await scan(c.workspaceId, 'members', {}, (r) => names.set(r.entityId, toItem(ApiUserSchema, r)?.name ?? ''));
        sendJson(c.res, 200, {
          from: q.from,
          to: q.to,
          totalMs,
          billableMs,
          entries,
          byProject: [...byProject].map(([projectId, t]) => ({ projectId, name: names.get(projectId) ?? '', ...t })),
          byMember: [...byMember].map(([memberId, ms]) => ({ memberId, name: names.get(memberId) ?? '', ms })),
        });
      },
    ],
    ['GET', /^users$/, (c) => listPage(c, 'members', ApiUserSchema)],
    [
      'GET',
      /^teams$/,
      async (c) => {
        const q = parseWith(PageQuerySchema, queryOf(c.url), 'query');
        const records = await store.list(c.workspaceId, 'teams', { afterId: q.cursor, limit: q.limit });
        const items = [];
        for (const team of records) {
          // A member added on two installs at once has two links: listed once.
          const memberIds = new Set<string>();
          await scan(c.workspaceId, 'team_members', { refId: team.entityId }, (r) => {
            const { memberId } = JSON.parse(r.fields) as { memberId?: string };
            if (memberId) memberIds.add(memberId);
          });
          const parsed = ApiTeamSchema.safeParse({ id: team.entityId, ...(JSON.parse(team.fields) as object), memberIds: [...memberIds] });
          if (parsed.success) items.push(parsed.data);
        }
        sendJson(c.res, 200, { items, nextCursor: records.length === q.limit ? records.at(-1)!.entityId : null });
      },
    ],
  ];

  function workspaceFor(claims: AccessClaims, url: URL): string {
    const asked = url.searchParams.get('workspace') ?? undefined;
    if (asked) {
      if (!claims.ws.some((g) => g.id === asked)) throw new ApiError(403, { error: 'forbidden', message: `You are not a member of workspace "${asked.slice(0, 64)}"` });
      return asked;
    }
    if (claims.ws.length === 1) return claims.ws[0]!.id;
    throw new ApiError(400, {
      error: 'bad-request',
      message: claims.ws.length === 0 ? 'Your token grants no workspace' : 'Your token grants several workspaces: name one with ?workspace=',
    });
  }

  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith(API_PREFIX)) return false;
    if (url.pathname === OPENAPI_PATH && req.method === 'GET') {
      openApi ??= JSON.stringify(buildOpenApi());
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(openApi);
      return true;
    }
    const path = url.pathname.slice(API_PREFIX.length);
    const matches = routes.filter(([, pattern]) => pattern.test(path));
    if (matches.length === 0) return false;
    const route = matches.find(([method]) => method === req.method);
    if (!route) throw new ApiError(405, { error: 'bad-request', message: `Use ${matches.map(([m]) => m).join(' or ')}` });
    const claims = await authenticate(req, tokens);
    const workspaceId = workspaceFor(claims, url);
    sync.authorize(claims, workspaceId, req.method === 'GET' ? 'read' : 'write');
    const params = route[1].exec(path)!.slice(1).map((p) => decodeURIComponent(p));
    await route[2]({ req, res, url, params, claims, workspaceId });
    return true;
  };
}
