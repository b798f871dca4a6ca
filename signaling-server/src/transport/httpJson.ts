/** JSON over HTTP for the sync and REST routes: capped bodies, bearer tokens, one error shape. */
import type { URL } from 'node:url';
import type http from 'node:http';
import type { z } from 'zod';
import type { AccessClaims } from '../../../common/wire/auth';
import type { SyncError } from '../../../common/wire/sync';
import { TokenError, type TokenService } from '../auth/tokenService';
import { SyncAccessError } from '../sync/syncService';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: SyncError,
  ) {
    super(body.message);
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

/**
 * A body written in parts as they are: a page of megabytes the store wrote as bytes goes out
 * without being decoded into a string, joined to its envelope and encoded again.
 */
export function sendParts(res: http.ServerResponse, status: number, contentType: string, parts: readonly (string | Uint8Array)[]): void {
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength;
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'Content-Length': length });
  res.cork();
  for (const part of parts) res.write(part);
  res.uncork();
  res.end();
}

export function readJsonBody(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new ApiError(413, { error: 'too-large', message: `Body larger than ${maxBytes} bytes` }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new ApiError(400, { error: 'bad-request', message: 'Body is not valid JSON' }));
      }
    });
    req.on('error', reject);
  });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  throw new ApiError(400, { error: 'bad-request', message: `Invalid ${what}: ${issues[0]!.path}: ${issues[0]!.message}`, issues });
}

export async function authenticate(req: http.IncomingMessage, tokens: TokenService): Promise<AccessClaims> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, { error: 'unauthorized', message: 'Send an access token: Authorization: Bearer <token>' });
  try {
    return (await tokens.verifyAccess(match[1]!)).claims;
  } catch (err) {
    if (err instanceof TokenError) throw new ApiError(401, { error: 'unauthorized', message: `Token refused: ${err.message}` });
    throw err;
  }
}

/** Errors of the sync/REST routes as JSON; anything unexpected is logged and answered 500. */
export function sendError(res: http.ServerResponse, err: unknown, log: { error(obj: object, msg: string): void }): void {
  if (err instanceof ApiError) return sendJson(res, err.status, err.body);
  if (err instanceof SyncAccessError) return sendJson(res, err.status, { error: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) });
  log.error({ err }, 'api handler failed');
  sendJson(res, 500, { error: 'internal', message: 'Internal error' });
}

/** Query parameters as a plain object (the last value of a repeated name wins). */
export function queryOf(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (out[key] = value));
  return out;
}
