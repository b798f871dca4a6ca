/**
 * The signaling/sync server: HTTP for health and operations, a WebSocket for clients.
 * Every client frame is parsed with its schema from common/ before anything acts on it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { HealthReport } from '../../common/wire/serverLifecycle';
import { ClientFrameSchema, MAX_FRAME_BYTES, SIGNALING_PATH, type ServerFrame } from '../../common/wire/signaling';

export interface SignalingServerOptions {
  host: string;
  port: number;
  version: string;
  log: Logger;
}

export interface SignalingServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startSignalingServer(options: SignalingServerOptions): Promise<SignalingServer> {
  const { log, version } = options;
  const startedAt = Date.now();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const report: HealthReport = {
        status: 'ok',
        version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        connections: wss.clients.size,
      };
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(report));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== SIGNALING_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onClient(ws));
  });

  function onClient(ws: WebSocket) {
    const send = (frame: ServerFrame) => ws.send(JSON.stringify(frame));
    ws.on('message', (data: RawData, isBinary) => {
      const frame = isBinary ? null : parseFrame(data.toString());
      if (!frame) return send({ type: 'error', code: 'bad-frame', message: 'Frame is not a known message' });
      switch (frame.type) {
        case 'ping':
          send({ type: 'pong', id: frame.id, serverTime: Date.now() });
          break;
      }
    });
    ws.on('error', (error) => log.debug({ err: error }, 'client socket error'));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  log.info({ url }, 'signaling server listening');

  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1012, 'Server restarting');
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseFrame(text: string) {
  try {
    const result = ClientFrameSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
