/**
 * One client connection: authenticates it, parses each frame with its schema, applies the
 * per-connection and per-IP limits, and turns frames into room actions. Frames of one session
 * are handled strictly in order, so `room.join` then `signal` never race.
 */
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { ClientFrameSchema, CloseCodes, type ClientFrame, type ServerFrame } from '../../../common/wire/signaling';
import { iceConfigFor } from '../auth/turnCredentials';
import { TokenError, type TokenService, type VerifiedAccess } from '../auth/tokenService';
import type { Envelope } from '../cluster/types';
import type { ServerConfig } from '../config';
import type { IpLimits } from '../limits/ipLimits';
import { TokenBucket } from '../../../common/tokenBucket';
import type { RejectReason, ServerMetrics } from '../ops/metrics';
import { RoomError } from '../rooms/roomErrors';
import type { Actor, Joined, RoomService, Seat } from '../rooms/roomService';
import { SyncAccessError, type SyncService } from '../sync/syncService';

export interface SessionContext {
  config: ServerConfig;
  tokens: TokenService;
  rooms: RoomService;
  ipLimits: IpLimits;
  metrics: ServerMetrics;
  log: Logger;
  instanceId: string;
  sync: SyncService;
}

/** Frames a client may send while one of its earlier frames is still being handled. */
const MAX_PENDING_FRAMES = 64;
const ERROR_REPLY_FIELD_LIMIT = 3;

const TOKEN_CLOSE: Record<TokenError['reason'], { code: number; reason: RejectReason; text: string }> = {
  invalid: { code: CloseCodes.tokenInvalid, reason: 'token-invalid', text: 'Token invalid' },
  expired: { code: CloseCodes.tokenExpired, reason: 'token-expired', text: 'Token expired' },
  'wrong-audience': { code: CloseCodes.tokenWrongAudience, reason: 'token-wrong-audience', text: 'Token audience mismatch' },
};

export class Session {
  user: VerifiedAccess | null = null;
  seat: Seat | null = null;
  alive = true;
  private closed = false;
  private pending = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly rate: TokenBucket;
  private readonly strikes: TokenBucket;
  private readonly invalid: TokenBucket;
  private authTimer: NodeJS.Timeout | null;
  private expiryTimer: NodeJS.Timeout | null = null;
  private readonly syncSubscriptions = new Map<string, () => void>();

  constructor(
    readonly id: string,
    readonly ip: string,
    private readonly ws: WebSocket,
    private readonly ctx: SessionContext,
  ) {
    const { limits } = ctx.config;
    this.rate = new TokenBucket(limits.perConnection.perSecond, limits.perConnection.burst);
    // Over-limit frames are dropped with a reply; a client that keeps flooding runs out of strikes.
    this.strikes = new TokenBucket(1, Math.max(10, Math.ceil(limits.perConnection.burst / 4)));
    this.invalid = new TokenBucket(Math.max(1, limits.maxInvalidFrames / 10), limits.maxInvalidFrames);
    this.authTimer = setTimeout(() => this.close(CloseCodes.unauthenticated, 'Authentication timeout', 'auth-timeout'), ctx.config.auth.authTimeoutMs);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => (this.alive = true));
  }

  /** Send a frame; a client that lets its buffer grow past the bound is cut off instead. */
  send(frame: ServerFrame): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.ctx.config.limits.maxBufferedBytes) {
      this.close(CloseCodes.slowConsumer, 'Slow consumer', 'slow-consumer');
      // The close frame queues behind the backlog; do not wait for a reader that is not reading.
      this.ws.terminate();
      return;
    }
    this.ws.send(JSON.stringify(frame));
  }

  /** A delivery from the room service (possibly from another instance). */
  deliver(envelope: Envelope): void {
    const { frame } = envelope;
    // A late room.state from a room this session already left is not news to it.
    if (frame && !(frame.type === 'room.state' && this.seat?.roomId !== frame.room.roomId)) this.send(frame);
    if (envelope.detachRoom && this.seat?.roomId === envelope.detachRoom) this.seat = null;
    if (envelope.close) this.close(envelope.close.code, envelope.close.reason);
  }

  ping(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }

  close(code: number, reason: string, reject?: RejectReason): void {
    if (this.closed) return;
    this.closed = true;
    if (reject) this.ctx.metrics.rejects.inc({ reason: reject });
    this.ctx.log.debug({ session: this.id, code, reason }, 'closing session');
    this.ws.close(code, reason);
    // A peer that never answers the close handshake is dropped anyway.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }

  /** The socket is gone: stop timers and keep the seat for its grace period. */
  async onSocketClosed(): Promise<void> {
    this.closed = true;
    if (this.authTimer) clearTimeout(this.authTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    for (const unsubscribe of this.syncSubscriptions.values()) unsubscribe();
    this.syncSubscriptions.clear();
    // Frames already in hand finish first; a join that lands after this drops its own seat.
    await this.chain;
    const seat = this.seat;
    this.seat = null;
    if (seat) await this.ctx.rooms.drop(seat).catch((err) => this.ctx.log.warn({ err }, 'drop failed'));
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    this.alive = true;
    const now = Date.now();
    if (!this.rate.take(1, now) || !this.ctx.ipLimits.take(this.ip, now)) {
      this.ctx.metrics.rejects.inc({ reason: 'rate-limited' });
      if (!this.strikes.take(1, now)) return this.close(CloseCodes.rateLimited, 'Rate limit exceeded', 'rate-limited');
      return this.send({ type: 'error', code: 'rate-limited', message: 'Too many frames: slow down', retryAfterMs: this.rate.waitMs(1, now) });
    }
    if (this.pending >= MAX_PENDING_FRAMES) {
      this.ctx.metrics.rejects.inc({ reason: 'rate-limited' });
      return this.send({ type: 'error', code: 'rate-limited', message: 'Too many frames in flight' });
    }
    const frame = parseFrame(isBinary ? null : data);
    if (!frame.ok) return this.invalidFrame(frame.message, frame.rid);
    this.ctx.metrics.countMessage(frame.value.type);
    const value = frame.value;
    // Never rejects: a rejected chain would silently stop this session's later frames.
    const run = async () => {
      try {
        await this.handle(value, now);
      } catch (err) {
        try {
          this.replyError(err, 'rid' in value ? value.rid : undefined);
        } catch (replyErr) {
          this.ctx.log.error({ err: replyErr }, 'could not reply with an error');
        }
      } finally {
        this.pending--;
      }
    };
    // Nothing in flight (the common case): start at once rather than behind a settled promise.
    this.chain = this.pending++ === 0 ? run() : this.chain.then(run);
  }

  private invalidFrame(message: string, rid?: number): void {
    this.ctx.metrics.countMessage('invalid');
    this.ctx.metrics.rejects.inc({ reason: 'bad-frame' });
    if (!this.invalid.take()) return this.close(CloseCodes.abuse, 'Too many invalid frames', 'abuse');
    this.send({ type: 'error', rid, code: 'bad-frame', message });
  }

  private replyError(err: unknown, rid?: number): void {
    if (err instanceof RoomError) {
      this.send({ type: 'error', rid, code: err.code, message: err.message, retryAfterMs: err.retryAfterMs });
      return;
    }
    this.ctx.log.error({ err, session: this.id }, 'frame handler failed');
    this.send({ type: 'error', rid, code: 'internal', message: 'Internal error' });
  }

  private async handle(frame: ClientFrame, receivedAt: number): Promise<void> {
    if (this.closed) return;
    if (frame.type === 'ping') return this.send({ type: 'pong', id: frame.id, serverTime: Date.now() });
    if (frame.type === 'hello') return this.hello(frame.token, frame.rid);
    if (!this.user) {
      if (!this.invalid.take()) return this.close(CloseCodes.abuse, 'Too many invalid frames', 'abuse');
      throw new RoomError('not-authenticated', 'Send hello with a token first');
    }
    const actor: Actor = {
      userId: this.user.claims.sub,
      displayName: this.user.claims.name,
      workspaces: this.user.claims.ws,
      sessionId: this.id,
      ip: this.ip,
    };
    switch (frame.type) {
      case 'reauth':
        return this.reauth(frame.token, frame.rid);
      case 'ice.config':
        return this.send({ type: 'ice.config', rid: frame.rid, ...iceConfigFor(this.ctx.config.ice, actor.userId) });
      case 'sync.subscribe':
        return this.subscribeSync(frame.workspaceId, frame.rid);
      case 'room.create':
        this.notSeated();
        return this.joined(frame.rid, await this.ctx.rooms.create(actor, frame));
      case 'room.join':
        this.notSeated();
        return this.joined(frame.rid, await this.ctx.rooms.join(actor, frame));
      case 'room.resume':
        this.notSeated();
        return this.joined(frame.rid, await this.ctx.rooms.resume(actor, frame));
    }
    const seat = this.seat;
    if (!seat) throw new RoomError('not-in-room', 'Join a room first');
    const ok = () => this.send({ type: 'ok', rid: frame.rid });
    try {
      switch (frame.type) {
        case 'signal':
          await this.ctx.rooms.relay(seat, frame.to, frame.signal, receivedAt);
          return;
        case 'room.leave':
          await this.ctx.rooms.leave(seat);
          this.seat = null;
          return this.send({ type: 'room.left', rid: frame.rid, roomId: seat.roomId, reason: 'left' });
        case 'room.presence':
          await this.ctx.rooms.presence(seat, frame.presence);
          return ok();
        case 'room.kick':
          await this.ctx.rooms.kick(seat, frame.memberId);
          return ok();
        case 'room.lock':
          await this.ctx.rooms.lock(seat, frame.locked);
          return ok();
        case 'room.end':
          await this.ctx.rooms.end(seat);
          return ok();
        case 'room.transferHost':
          await this.ctx.rooms.transferHost(seat, frame.memberId);
          return ok();
        case 'room.setRole':
          await this.ctx.rooms.setRole(seat, frame.memberId, frame.role);
          return ok();
        case 'room.invite': {
          const invite = await this.ctx.rooms.invite(seat, frame.role, frame.ttlSeconds);
          return this.send({ type: 'room.invite', rid: frame.rid, role: frame.role, ...invite });
        }
      }
    } catch (err) {
      // The store says the seat is gone (kicked, expired, resumed elsewhere): forget it here too.
      if (err instanceof RoomError && err.code === 'not-in-room' && this.seat === seat) this.seat = null;
      throw err;
    }
  }

  private subscribeSync(workspaceId: string, rid?: number): void {
    try {
      this.ctx.sync.authorize(this.user!.claims, workspaceId, 'read');
    } catch (err) {
      if (err instanceof SyncAccessError) throw new RoomError('forbidden', err.message);
      throw err;
    }
    if (!this.syncSubscriptions.has(workspaceId)) {
      const unsubscribe = this.ctx.sync.subscribe(workspaceId, {
        notify: (ws, cursor) => this.send({ type: 'sync.changed', workspaceId: ws, cursor }),
      });
      this.syncSubscriptions.set(workspaceId, unsubscribe);
    }
    this.send({ type: 'ok', rid });
  }

  private notSeated(): void {
    if (this.seat) throw new RoomError('already-in-room', 'Leave your room first');
  }

  private joined(rid: number | undefined, joined: Joined): void {
    if (this.closed) {
      // The socket died while the join was in flight: the seat must not stay "online".
      void this.ctx.rooms.drop({ roomId: joined.room.roomId, memberId: joined.memberId, sessionId: this.id });
      return;
    }
    this.seat = { roomId: joined.room.roomId, memberId: joined.memberId, sessionId: this.id };
    this.send({
      type: 'room.joined',
      rid,
      room: joined.room,
      you: { memberId: joined.memberId, role: joined.role, resumeToken: joined.resumeToken },
      resumed: joined.resumed,
    });
  }

  private async hello(token: string | undefined, rid?: number): Promise<void> {
    if (this.user) throw new RoomError('already-authenticated', 'Already authenticated; use reauth to present a new token');
    if (!token) return this.close(CloseCodes.unauthenticated, 'Token missing', 'token-missing');
    let verified: VerifiedAccess;
    try {
      verified = await this.ctx.tokens.verifyAccess(token);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      const c = TOKEN_CLOSE[err.reason];
      return this.close(c.code, c.text, c.reason);
    }
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
    this.setUser(verified);
    this.send({
      type: 'welcome',
      rid,
      user: { id: verified.claims.sub, displayName: verified.claims.name },
      tokenExpiresAt: verified.expiresAt,
      instanceId: this.ctx.instanceId,
      maxFrameBytes: this.ctx.config.limits.maxFrameBytes,
    });
  }

  /** A fresh access token for the same user extends the session; anything else changes nothing. */
  private async reauth(token: string, rid?: number): Promise<void> {
    let verified: VerifiedAccess;
    try {
      verified = await this.ctx.tokens.verifyAccess(token);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      throw new RoomError('token-mismatch', `${TOKEN_CLOSE[err.reason].text}: the session keeps its current token`);
    }
    if (verified.claims.sub !== this.user?.claims.sub) throw new RoomError('token-mismatch', 'The new token is for another user');
    this.setUser(verified);
    this.send({ type: 'reauth.ok', rid, tokenExpiresAt: verified.expiresAt });
  }

  private setUser(verified: VerifiedAccess): void {
    this.user = verified;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const ms = Math.max(0, verified.expiresAt - Date.now());
    this.expiryTimer = setTimeout(() => this.close(CloseCodes.tokenExpired, 'Token expired', 'token-expired'), Math.min(ms, 2 ** 31 - 1));
    this.expiryTimer.unref();
  }
}

type Parsed = { ok: true; value: ClientFrame } | { ok: false; message: string; rid?: number };

const RidProbe = z.object({ rid: z.number().int().nonnegative() });

function parseFrame(data: RawData | null): Parsed {
  if (!data) return { ok: false, message: 'Binary frames are not part of the protocol' };
  let json: unknown;
  try {
    json = JSON.parse(data.toString());
  } catch {
    return { ok: false, message: 'Frame is not valid JSON' };
  }
  const result = ClientFrameSchema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const probe = RidProbe.safeParse(json);
  const issues = result.error.issues
    .slice(0, ERROR_REPLY_FIELD_LIMIT)
    .map((i) => `${i.path.join('.').slice(0, 60) || '(frame)'}: ${i.message.slice(0, 120)}`)
    .join('; ');
  return { ok: false, message: `Frame is not a known message: ${issues}`, rid: probe.success ? probe.data.rid : undefined };
}
