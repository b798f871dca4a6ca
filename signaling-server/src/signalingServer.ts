/**
 * The signaling/session server: HTTP for health, metrics and tokens; a WebSocket for clients.
 * It wires the pieces together: limits at the door (connections per IP, frame size), sessions
 * for each socket, the room service over a memory or Redis backend, heartbeat and shutdown.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { CloseCodes, SIGNALING_PATH } from '../../common/wire/signaling';
import { TokenService } from './auth/tokenService';
import { createMemoryBackend } from './cluster/memoryBackend';
import { createRedisBackend } from './cluster/redisBackend';
import type { ClusterBackend } from './cluster/types';
import type { ServerConfig } from './config';
import { IpLimits } from './limits/ipLimits';
import { PasswordAttempts } from './limits/passwordAttempts';
import { createMetrics, type RejectReason } from './ops/metrics';
import { RoomService } from './rooms/roomService';
import { randomId } from './rooms/secrets';
import { createHttpHandler } from './transport/httpRoutes';
import { Session } from './transport/session';
import { createRestRoutes } from './api/restRoutes';
import { openPgSyncStore } from './sync/pgSyncStore';
import { createSyncRoutes } from './sync/syncRoutes';
import { SyncService } from './sync/syncService';
import { openSqliteSyncStoreOnWorker, SQLITE_STORE_WORKER } from './sync/workerSyncStore';

export interface SignalingServerOptions {
  config: ServerConfig;
  /** The resolved token secret (embedded servers generate theirs at start). */
  tokenSecret: string;
  joinCode: string | null;
  version: string;
  log: Logger;
}

export interface SignalingServer {
  readonly url: string;
  readonly instanceId: string;
  /** Stop accepting, tell clients to reconnect elsewhere, close their sockets (seats are kept). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function startSignalingServer(options: SignalingServerOptions): Promise<SignalingServer> {
  const { config, log, version } = options;
  const instanceId = config.instanceId ?? randomId(9);
  const backend: ClusterBackend = config.redisUrl ? await createRedisBackend(config.redisUrl, instanceId, log) : createMemoryBackend(instanceId);
  const sessions = new Map<string, Session>();
  const metrics = createMetrics(() => backend.store.count());
  const tokens = new TokenService({
    secret: options.tokenSecret,
    audience: config.auth.audience,
    issuer: config.auth.issuer,
    accessTtlSeconds: config.auth.accessTtlSeconds,
    refreshTtlSeconds: config.auth.refreshTtlSeconds,
  });
  const passwordAttempts = new PasswordAttempts(config.rooms.password, backend.attempts);
  const rooms = new RoomService({
    backend,
    log,
    defaultCapacity: config.rooms.defaultCapacity,
    maxCapacity: config.rooms.maxCapacity,
    seatGraceMs: config.rooms.seatGraceMs,
    passwordAttempts,
    hasLocalSession: (id) => sessions.has(id),
  });
  const syncStore = config.sync.databaseUrl
    ? await openPgSyncStore(config.sync.databaseUrl, {
        onConnectionError: (err) => log.warn({ err }, 'PostgreSQL ended an idle connection; the next sync call opens another'),
      })
    : // The server runs from its bundle; the store's worker bundle lies beside it.
      await openSqliteSyncStoreOnWorker(config.sync.sqliteFile, path.join(__dirname, SQLITE_STORE_WORKER), (reason) =>
        log.error({ reason }, 'the sync store thread stopped; opening it again'),
      );
  const sync = new SyncService(syncStore, backend.bus, log, config.sync.keepOps);
  log.info({ store: syncStore.kind }, 'sync store open');
  const ipLimits = new IpLimits(config.limits.maxConnectionsPerIp, config.limits.perIp);
  let draining = false;

  backend.bus.onEnvelope((envelope) => {
    const session = sessions.get(envelope.sessionId);
    if (!session) return;
    // Clocks of two hosts may disagree by a little: never record a negative latency.
    if (envelope.receivedAt !== undefined) metrics.relayLatency.observe(Math.max(0, Date.now() - envelope.receivedAt) / 1000);
    session.deliver(envelope);
  });

  const startedAt = Date.now();
  const handleHttp = createHttpHandler({
    version,
    startedAt,
    tokens,
    adminKey: config.auth.adminKey,
    joinCode: options.joinCode,
    metrics,
    log,
    connections: () => sessions.size,
    draining: () => draining,
    routes: [createSyncRoutes(sync, tokens), createRestRoutes(sync, tokens)],
  });
  const server = http.createServer((req, res) => void handleHttp(req, res, req.socket.remoteAddress ?? 'unknown'));

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxFrameBytes });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: string, reason: RejectReason) => {
      metrics.rejects.inc({ reason });
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== SIGNALING_PATH) return refuse('404 Not Found', 'bad-path');
    if (draining) return refuse('503 Service Unavailable', 'draining');
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (!ipLimits.tryConnect(ip)) return refuse('429 Too Many Requests', 'too-many-connections');
    // ws answers a malformed handshake itself (400) without calling back: free the slot then too.
    let upgraded = false;
    socket.once('close', () => {
      if (!upgraded) ipLimits.disconnect(ip);
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      const session = new Session(randomId(12), ip, ws, { config, tokens, rooms, ipLimits, metrics, log, instanceId, sync });
      sessions.set(session.id, session);
      metrics.connections.inc();
      ws.on('error', (err: Error & { code?: string }) => {
        // ws closes with 1009 itself when a frame passes maxPayload; count it as the abuse it is.
        if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.rejects.inc({ reason: 'frame-too-large' });
        log.debug({ err: err.message, session: session.id }, 'client socket error');
      });
      ws.once('close', () => {
        ipLimits.disconnect(ip);
        metrics.connections.dec();
        void session.onSocketClosed().finally(() => sessions.delete(session.id));
      });
    });
  });

  // Heartbeat: a socket that did not answer the last ping (nor send anything) is dead; drop it.
  const heartbeat = setInterval(() => {
    for (const session of sessions.values()) {
      if (!session.alive) {
        metrics.rejects.inc({ reason: 'heartbeat-timeout' });
        session.terminate();
        continue;
      }
      session.alive = false;
      session.ping();
    }
  }, config.limits.heartbeatMs);

  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    ipLimits.sweep();
    rooms
      .sweep()
      .catch((err) => log.warn({ err }, 'room sweep failed'))
      .finally(() => (sweeping = false));
  }, config.rooms.sweepIntervalMs);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, instanceId, backend: backend.kind }, 'signaling server listening');

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    server.close();
    for (const session of sessions.values()) session.send({ type: 'server.draining', reconnectAfterMs: 0 });
    for (const session of sessions.values()) session.close(CloseCodes.serverRestart, 'Server shutting down: reconnect and resume');
    // Give sockets a moment to flush the close, and seats a moment to be marked as reconnecting.
    const deadline = Date.now() + Math.max(config.drainMs, 100);
    while (sessions.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  return {
    url,
    instanceId,
    drain,
    async close() {
      await drain();
      clearInterval(heartbeat);
      clearInterval(sweep);
      for (const session of sessions.values()) session.terminate();
      wss.close();
      server.closeAllConnections();
      await backend.close();
      await sync.settle();
      await syncStore.close();
    },
  };
}
