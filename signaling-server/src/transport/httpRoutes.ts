/**
 * The HTTP side: /healthz, /metrics, and POST /api/auth/token (join code, admin key, refresh).
 * Bodies are size-capped and parsed with the auth protocol's schemas; refusals say why.
 */
import { URL } from 'node:url';
import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from 'pino';
import { AUTH_TOKEN_PATH, TokenRequestSchema, type AuthErrorResponse, type TokenResponse } from '../../../common/wire/auth';
import type { HealthReport } from '../../../common/wire/serverLifecycle';
import { TokenError, type TokenService } from '../auth/tokenService';
import { TokenBucket } from '../../../common/tokenBucket';
import type { ServerMetrics } from '../ops/metrics';
import { sendError } from './httpJson';

const MAX_BODY_BYTES = 16 * 1024;

export interface HttpRoutesContext {
  version: string;
  startedAt: number;
  tokens: TokenService;
  adminKey: string | null;
  joinCode: string | null;
  metrics: ServerMetrics;
  log: Logger;
  connections(): number;
  draining(): boolean;
  /** Further route sets (sync, REST): each answers true when it handled the request. */
  routes?: ((req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean>)[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: AuthErrorResponse,
  ) {
    super(body.message);
  }
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

function secretEquals(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, { error: 'bad-request', message: `Body larger than ${MAX_BODY_BYTES} bytes` }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function createHttpHandler(ctx: HttpRoutesContext) {
  // Token requests are few per honest client; a stricter bucket per address than for frames keeps guessing slow.
  const authBuckets = new Map<string, TokenBucket>();

  async function issueToken(req: http.IncomingMessage, ip: string): Promise<TokenResponse> {
    let bucket = authBuckets.get(ip);
    if (!bucket) authBuckets.set(ip, (bucket = new TokenBucket(5, 20)));
    if (authBuckets.size > 10_000) for (const [key, b] of authBuckets) if (b.isFull()) authBuckets.delete(key);
    if (!bucket.take()) {
      ctx.metrics.rejects.inc({ reason: 'http-rate-limited' });
      throw new HttpError(429, { error: 'rate-limited', message: 'Too many token requests: slow down' });
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(400, { error: 'bad-request', message: 'Body is not valid JSON' });
    }
    const parsed = TokenRequestSchema.safeParse(body);
    if (!parsed.success) {
      const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
      throw new HttpError(400, { error: 'bad-request', message: `Invalid token request: ${detail}` });
    }
    const request = parsed.data;
    switch (request.grant) {
      case 'join-code':
        if (!ctx.joinCode) throw new HttpError(403, { error: 'unsupported-grant', message: 'This server does not accept join codes' });
        if (!secretEquals(request.code, ctx.joinCode)) throw new HttpError(403, { error: 'forbidden', message: 'Wrong join code' });
        return ctx.tokens.issue({ sub: request.userId, name: request.displayName, ws: request.workspaces });
      case 'admin-key':
        if (!ctx.adminKey) throw new HttpError(403, { error: 'unsupported-grant', message: 'This server has no admin key configured' });
        if (!secretEquals(request.key, ctx.adminKey)) throw new HttpError(403, { error: 'forbidden', message: 'Wrong admin key' });
        return ctx.tokens.issue({ sub: request.userId, name: request.displayName, ws: request.workspaces });
      case 'refresh':
        try {
          const { claims } = await ctx.tokens.verifyRefresh(request.refreshToken);
          return await ctx.tokens.issue(claims);
        } catch (err) {
          if (err instanceof TokenError) throw new HttpError(401, { error: 'invalid-token', message: `Refresh refused: ${err.message}` });
          throw err;
        }
    }
  }

  return async (req: http.IncomingMessage, res: http.ServerResponse, ip: string): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method === 'GET' && path === '/healthz') {
        if (ctx.draining()) return json(res, 503, { status: 'draining' });
        const report: HealthReport = {
          status: 'ok',
          version: ctx.version,
          uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
          connections: ctx.connections(),
        };
        return json(res, 200, report);
      }
      if (req.method === 'GET' && path === '/metrics') {
        const body = await ctx.metrics.registry.metrics();
        res.writeHead(200, { 'Content-Type': ctx.metrics.registry.contentType }).end(body);
        return;
      }
      if (path === AUTH_TOKEN_PATH) {
        if (req.method !== 'POST') return json(res, 405, { error: 'bad-request', message: 'Use POST' });
        return json(res, 200, await issueToken(req, ip));
      }
      if (ctx.routes && path !== '/healthz') {
        const url = new URL(req.url ?? '/', 'http://server');
        try {
          for (const route of ctx.routes) if (await route(req, res, url)) return;
        } catch (err) {
          return sendError(res, err, ctx.log);
        }
      }
      json(res, 404, { error: 'not found' });
    } catch (err) {
      if (err instanceof HttpError) return json(res, err.status, err.body);
      ctx.log.error({ err }, 'http handler failed');
      json(res, 500, { error: 'internal' });
    }
  };
}
