/**
 * Browser mode's front door: serves the built renderer on 127.0.0.1 and carries the IPC
 * contract over a WebSocket. A socket is accepted only with this launch's random token and
 * from the host's own origin; requests naming another Host (DNS rebinding) are refused.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  HOST_SOCKET_PATH,
  HOST_SUBPROTOCOL,
  decodeBinaryCall,
  HostCallFrameSchema,
  MAX_BINARY_HEADER_BYTES,
  TOKEN_SUBPROTOCOL_PREFIX,
  type HostCallFrame,
  type HostReplyFrame,
} from '../../common/ipc/hostWire';
import { MAX_BYTES_PER_CALL } from '../../common/ipc/contract';
import type { Dispatcher } from '../ipc/dispatcher';
import type { EventSink } from '../ipc/eventBus';
import type { Logger } from '../log';
import { SECURITY_HEADERS } from '../security/csp';

export interface HostServerOptions {
  rendererDir: string;
  port: number;
  token: string;
  dispatcher: Dispatcher;
  events: { addSink(sink: EventSink): () => void };
  /** Builds the CSP once the host's own origin (and so its ws:// origin) is known. */
  csp: (hostOrigin: string) => string;
  log: Logger;
}

export interface HostServer {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

/** JSON calls stay small; a binary call carries at most one argument's worth of bytes. */
const MAX_FRAME_BYTES = 4 + MAX_BINARY_HEADER_BYTES + MAX_BYTES_PER_CALL;

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const { log, dispatcher, events, token } = options;
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  const csp = options.csp(origin);

  const serveStatic = sirv(options.rendererDir, { single: true, dev: false, etag: true, gzip: false, brotli: false });

  server.on('request', (req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: unknown Host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    res.setHeader('Content-Security-Policy', csp);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');
    serveStatic(req, res, () => {
      res.writeHead(404).end();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(HOST_SUBPROTOCOL) ? HOST_SUBPROTOCOL : false),
  });

  server.on('upgrade', (req, socket: Socket, head) => {
    const refusal = refusalReason(req, allowedHosts, allowedOrigins, token);
    if (refusal) {
      log.warn({ reason: refusal, origin: req.headers.origin, remote: socket.remoteAddress }, 'host socket refused');
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws));
  });

  function attachClient(ws: WebSocket) {
    const send = (frame: HostReplyFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const removeSink = events.addSink((event, payload) => send({ type: 'event', event, payload }));
    ws.on('close', removeSink);
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? readBinaryCall(data) : readJsonCall(data);
      if ('error' in frame) return send({ type: 'error', message: frame.error });
      const { id, channel, args } = frame;
      void dispatcher.dispatch(channel, args).then((result) => send({ type: 'result', id, result }));
    });
  }

  return {
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1001, 'Meshwork is shutting down');
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type RawData = Buffer | ArrayBuffer | Buffer[];

function toBuffer(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
}

function readJsonCall(data: RawData): HostCallFrame | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(toBuffer(data).toString());
  } catch {
    return { error: 'Frame is not valid JSON' };
  }
  const frame = HostCallFrameSchema.safeParse(raw);
  return frame.success ? frame.data : { error: 'Frame does not match the call format' };
}

/** A call with raw bytes (`encodeBinaryCall`); the bytes reach the dispatcher as a Uint8Array. */
function readBinaryCall(data: RawData): HostCallFrame | { error: string } {
  const buffer = toBuffer(data);
  return decodeBinaryCall(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
}

function refusalReason(
  req: http.IncomingMessage,
  allowedHosts: ReadonlySet<string>,
  allowedOrigins: ReadonlySet<string>,
  token: string,
): string | null {
  const path = (req.url ?? '').split('?')[0];
  if (path !== HOST_SOCKET_PATH) return 'unknown path';
  if (!allowedHosts.has(req.headers.host ?? '')) return 'unknown Host';
  if (!allowedOrigins.has(req.headers.origin ?? '')) return 'Origin is not this app';
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(HOST_SUBPROTOCOL)) return 'missing subprotocol';
  const presented = offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  if (!presented || !sameSecret(presented, token)) return 'missing or wrong token';
  return null;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
