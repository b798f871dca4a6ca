/**
 * The renderer's side of the signaling protocol (common/wire/signaling.ts): hello with a token,
 * requests matched to replies by `rid`, room presence and relayed signals as events. When the
 * socket drops (network, server restart, `server.draining`) it reconnects with backoff and
 * resumes its seat with the resume token, so the call above it keeps its peer connections.
 * Before the access token runs out it presents a fresh one (`reauth`), so a long call is never
 * cut by the server's expiry close (4405) and never has to reconnect for it.
 */
import {
  ServerFrameSchema,
  SIGNALING_PATH,
  type ClientFrameInput,
  type IceServer,
  type RoomView,
  type ServerFrame,
  type ServerFrameOf,
  type SignalPayload,
} from '../../../../common/wire/signaling';

export type SignalingState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface Seat {
  roomId: string;
  memberId: string;
  resumeToken: string;
}

export interface SignalingEvents {
  state(state: SignalingState, reason: string | null): void;
  room(room: RoomView): void;
  signal(from: string, signal: SignalPayload): void;
  /** The seat was taken back after a reconnect (peers may need an ICE restart). */
  resumed(room: RoomView): void;
  /** The server removed us (kicked, room ended, seat expired) or resume failed. */
  left(reason: string): void;
}

export interface SignalingClientOptions {
  serverUrl: string;
  /** A fresh access token (asked of main each time: tokens are short-lived). */
  getToken: () => Promise<string>;
  events: Partial<SignalingEvents>;
  WebSocketImpl?: typeof WebSocket;
  requestTimeoutMs?: number;
  maxReconnectAttempts?: number;
}

export class SignalingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignalingError';
  }
}

type Pending = { resolve: (frame: ServerFrame) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> };

/** WebSocket.OPEN, spelled out so a test may hand in another WebSocket implementation. */
const SOCKET_OPEN = 1;

/** Close codes after which reconnecting would not help. */
const FATAL_CLOSES = new Set([4400, 4401, 4402, 4403, 4409]);

export function signalingUrl(serverUrl: string): string {
  const url = new URL(SIGNALING_PATH, serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
  return url.toString();
}

export class SignalingClient {
  private ws: WebSocket | null = null;
  private nextRid = 1;
  private readonly pending = new Map<number, Pending>();
  private stateValue: SignalingState = 'idle';
  private seatValue: Seat | null = null;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  userId: string | null = null;

  constructor(private readonly options: SignalingClientOptions) {}

  get state(): SignalingState {
    return this.stateValue;
  }

  get seat(): Seat | null {
    return this.seatValue;
  }

  /** Opens the socket and authenticates. Resolves on `welcome`. */
  async connect(): Promise<void> {
    this.stopped = false;
    this.setState('connecting', null);
    await this.open();
  }

  async createRoom(): Promise<RoomView> {
    const joined = await this.request({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
    return this.seated(joined);
  }

  async joinRoom(roomId: string, invite: string | null): Promise<RoomView> {
    const joined = await this.request({ type: 'room.join', roomId, ...(invite ? { invite } : {}) }, 'room.joined');
    return this.seated(joined);
  }

  async invite(): Promise<{ code: string; expiresAt: number }> {
    const frame = await this.request({ type: 'room.invite', role: 'participant', ttlSeconds: 24 * 3600 }, 'room.invite');
    return { code: frame.code, expiresAt: frame.expiresAt };
  }

  async iceServers(): Promise<IceServer[]> {
    return (await this.request({ type: 'ice.config' }, 'ice.config')).iceServers;
  }

  async presence(presence: Partial<{ audio: boolean; video: boolean; screen: boolean; handRaised: boolean }>): Promise<void> {
    await this.request({ type: 'room.presence', presence }, 'ok');
  }

  /** Relays are fire-and-forget: the server answers only when something is wrong. */
  signal(to: string, signal: SignalPayload): void {
    this.send({ type: 'signal', to, signal });
  }

  async leave(): Promise<void> {
    if (this.seatValue && this.ws?.readyState === SOCKET_OPEN) {
      await this.request({ type: 'room.leave' }, 'room.left').catch(() => undefined);
    }
    this.seatValue = null;
  }

  close(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.clearRefresh();
    this.failPending(new SignalingError('closed', 'Signaling closed'));
    this.ws?.close(1000, 'bye');
    this.ws = null;
    this.setState('closed', null);
  }

  private seated(joined: ServerFrameOf<'room.joined'>): RoomView {
    this.seatValue = { roomId: joined.room.roomId, memberId: joined.you.memberId, resumeToken: joined.you.resumeToken };
    return joined.room;
  }

  private request<T extends ServerFrame['type']>(frame: ClientFrameInput, expect: T): Promise<ServerFrameOf<T>> {
    const rid = this.nextRid++;
    return new Promise<ServerFrameOf<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(new SignalingError('timeout', `The server did not answer ${frame.type} in time`));
      }, this.options.requestTimeoutMs ?? 10_000);
      this.pending.set(rid, {
        resolve: (reply) => {
          if (reply.type === 'error') reject(new SignalingError(reply.code, reply.message));
          else if (reply.type !== expect) reject(new SignalingError('bad-frame', `Expected ${expect}, got ${reply.type}`));
          else resolve(reply as ServerFrameOf<T>);
        },
        reject,
        timer,
      });
      if (!this.send({ ...frame, rid } as ClientFrameInput)) {
        clearTimeout(timer);
        this.pending.delete(rid);
        reject(new SignalingError('not-connected', 'Not connected to the signaling server'));
      }
    });
  }

  private send(frame: ClientFrameInput): boolean {
    if (this.ws?.readyState !== SOCKET_OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private open(): Promise<void> {
    const Impl = this.options.WebSocketImpl ?? WebSocket;
    return new Promise<void>((resolve, reject) => {
      let welcomed = false;
      const ws = new Impl(signalingUrl(this.options.serverUrl));
      this.ws = ws;
      ws.onopen = () => {
        this.options
          .getToken()
          .then((token) => this.request({ type: 'hello', token }, 'welcome'))
          .then((welcome) => {
            welcomed = true;
            this.userId = welcome.user.id;
            this.attempts = 0;
            this.scheduleRefresh(welcome.tokenExpiresAt);
            resolve();
          })
          .catch((error: Error) => {
            reject(error);
            ws.close();
          });
      };
      ws.onmessage = (event: MessageEvent) => this.onMessage(event.data);
      ws.onclose = (event: CloseEvent) => {
        if (this.ws !== ws) return;
        this.ws = null;
        this.clearRefresh();
        this.failPending(new SignalingError('closed', event.reason || 'The signaling connection closed'));
        if (!welcomed) reject(new SignalingError('closed', event.reason || 'Could not reach the signaling server'));
        this.onDropped(event.code, event.reason);
      };
    });
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      const parsed = ServerFrameSchema.safeParse(JSON.parse(data));
      if (!parsed.success) return;
      frame = parsed.data;
    } catch {
      return;
    }
    if ('rid' in frame && frame.rid !== undefined && this.pending.has(frame.rid)) {
      const pending = this.pending.get(frame.rid)!;
      this.pending.delete(frame.rid);
      clearTimeout(pending.timer);
      pending.resolve(frame);
      if (frame.type === 'welcome') this.setState('connected', null);
      return;
    }
    switch (frame.type) {
      case 'room.state':
        if (frame.room.roomId === this.seatValue?.roomId) this.options.events.room?.(frame.room);
        return;
      case 'signal':
        this.options.events.signal?.(frame.from, frame.signal);
        return;
      case 'room.left':
        this.seatValue = null;
        this.options.events.left?.(frame.reason);
        return;
      case 'server.draining':
        // The socket closes with 1012 right after; onDropped reconnects.
        this.setState('reconnecting', 'The server is restarting');
        return;
      case 'error':
        // An unsolicited error (e.g. a relay to a member who left): nothing waits for it.
        return;
    }
  }

  private onDropped(code: number, reason: string): void {
    if (this.stopped) return;
    if (FATAL_CLOSES.has(code)) {
      this.setState('closed', reason || `Signaling closed (${code})`);
      if (this.seatValue) this.options.events.left?.(reason || 'connection replaced');
      return;
    }
    this.scheduleReconnect(reason || 'Connection to the signaling server lost');
  }

  private scheduleReconnect(reason: string): void {
    const max = this.options.maxReconnectAttempts ?? 12;
    if (this.attempts >= max) {
      this.setState('closed', `${reason}; gave up after ${max} attempts`);
      if (this.seatValue) this.options.events.left?.('signaling lost');
      return;
    }
    this.setState('reconnecting', reason);
    const delay = Math.min(8000, 250 * 2 ** this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts++;
    this.reconnectTimer = setTimeout(() => void this.reconnect(reason), delay);
  }

  private async reconnect(reason: string): Promise<void> {
    try {
      await this.open();
    } catch {
      if (!this.stopped && !this.ws) this.scheduleReconnect(reason);
      return;
    }
    const seat = this.seatValue;
    if (!seat) return;
    try {
      const joined = await this.request({ type: 'room.resume', roomId: seat.roomId, memberId: seat.memberId, resumeToken: seat.resumeToken }, 'room.joined');
      this.seated(joined);
      this.options.events.resumed?.(joined.room);
    } catch (error) {
      this.seatValue = null;
      this.options.events.left?.(error instanceof Error ? error.message : 'resume failed');
    }
  }

  /**
   * Refreshes when three quarters of the token's remaining life have passed (and at least 5 s
   * before it ends), so a slow token request or a retry still lands in time.
   */
  private scheduleRefresh(expiresAt: number): void {
    this.clearRefresh();
    const left = expiresAt - Date.now();
    const delay = Math.max(1000, Math.min(left * 0.75, left - 5000));
    this.refreshTimer = setTimeout(() => void this.refreshToken(expiresAt), delay);
  }

  private async refreshToken(expiresAt: number): Promise<void> {
    this.refreshTimer = null;
    const ws = this.ws;
    if (this.stopped || !ws) return;
    try {
      const token = await this.options.getToken();
      const ok = await this.request({ type: 'reauth', token }, 'reauth.ok');
      if (this.ws === ws) this.scheduleRefresh(ok.tokenExpiresAt);
    } catch {
      // Try again while the old token lasts; if it runs out the server closes with 4405 and the
      // reconnect path (fresh token, room.resume) takes over.
      if (this.ws === ws && !this.stopped && expiresAt - Date.now() > 2000) {
        this.refreshTimer = setTimeout(() => void this.refreshToken(expiresAt), Math.min(5000, (expiresAt - Date.now()) / 2));
      }
    }
  }

  private clearRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  private failPending(error: Error): void {
    for (const [rid, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(rid);
    }
  }

  private setState(state: SignalingState, reason: string | null): void {
    if (this.stateValue === state && state !== 'reconnecting') return;
    this.stateValue = state;
    this.options.events.state?.(state, reason);
  }
}
