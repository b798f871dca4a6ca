/**
 * A small typed client for the signaling server, over any WebSocket-like object (the browser's
 * WebSocket, or `ws` in Node), so it stays pure. It authenticates, matches replies to requests by
 * `rid`, parses every server frame with its schema, and hands pushes (room.state, signal,
 * room.left, server.draining) to listeners. Reconnection and resume policy are the caller's:
 * `resume()` is here, when to call it is not.
 */
import {
  ServerFrameSchema,
  type AccessRequest,
  type ClientFrameInput,
  type ErrorCode,
  type MemberPresence,
  type ServerFrame,
  type ServerFrameOf,
  type SignalPayload,
} from './wire/signaling';

/** What the client needs of a socket: both the WHATWG WebSocket and `ws` fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export class SignalingError extends Error {
  constructor(
    readonly code: ErrorCode | 'closed' | 'bad-reply',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

type PushType = 'room.state' | 'signal' | 'room.left' | 'server.draining' | 'error';
type Listener<T extends PushType> = (frame: ServerFrameOf<T>) => void;
type Pending = { resolve: (frame: ServerFrame) => void; reject: (error: Error) => void };

const OPEN = 1;

export class SignalingClient {
  private nextRid = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<PushType, Set<(frame: never) => void>>();
  private closeInfo: { code: number; reason: string } | null = null;
  private readonly closeListeners = new Set<(info: { code: number; reason: string }) => void>();

  private constructor(private readonly socket: SocketLike) {
    socket.addEventListener('message', (event) => this.onMessage(event.data));
    socket.addEventListener('close', ({ code, reason }) => {
      this.closeInfo = { code, reason };
      for (const p of this.pending.values()) p.reject(new SignalingError('closed', `Socket closed (${code} ${reason})`));
      this.pending.clear();
      for (const listener of this.closeListeners) listener({ code, reason });
    });
  }

  /** Wait for the socket to open, say hello with the access token, and resolve on welcome. */
  static async connect(socket: SocketLike, accessToken: string): Promise<{ client: SignalingClient; welcome: ServerFrameOf<'welcome'> }> {
    const client = new SignalingClient(socket);
    if (socket.readyState !== OPEN) {
      await new Promise<void>((resolve, reject) => {
        socket.addEventListener('open', () => resolve());
        client.onClose(({ code, reason }) => reject(new SignalingError('closed', `Socket closed before it opened (${code} ${reason})`)));
      });
    }
    const welcome = await client.request({ type: 'hello', token: accessToken }, 'welcome');
    return { client, welcome };
  }

  /** Listen to a kind of server push; returns the unsubscribe function. */
  on<T extends PushType>(type: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as (frame: never) => void);
    return () => set.delete(listener as (frame: never) => void);
  }

  onClose(listener: (info: { code: number; reason: string }) => void): () => void {
    if (this.closeInfo) listener(this.closeInfo);
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Send a request and resolve with its reply, which must be of `expect`; an `error` reply rejects. */
  request<T extends ServerFrame['type']>(frame: ClientFrameInput, expect: T): Promise<ServerFrameOf<T>> {
    if (this.closeInfo) return Promise.reject(new SignalingError('closed', 'Socket is closed'));
    const rid = this.nextRid++;
    return new Promise<ServerFrameOf<T>>((resolve, reject) => {
      this.pending.set(rid, {
        resolve: (reply) => {
          if (reply.type === 'error') reject(new SignalingError(reply.code, reply.message, reply.retryAfterMs));
          else if (reply.type !== expect) reject(new SignalingError('bad-reply', `Expected ${expect}, got ${reply.type}`));
          else resolve(reply as ServerFrameOf<T>);
        },
        reject,
      });
      this.socket.send(JSON.stringify({ ...frame, rid }));
    });
  }

  reauth(accessToken: string) {
    return this.request({ type: 'reauth', token: accessToken }, 'reauth.ok');
  }

  createRoom(access: AccessRequest, options: { capacity?: number; locked?: boolean } = {}) {
    return this.request({ type: 'room.create', access, ...options }, 'room.joined');
  }

  joinRoom(roomId: string, credentials: { invite?: string; password?: string } = {}) {
    return this.request({ type: 'room.join', roomId, ...credentials }, 'room.joined');
  }

  resume(roomId: string, memberId: string, resumeToken: string) {
    return this.request({ type: 'room.resume', roomId, memberId, resumeToken }, 'room.joined');
  }

  leave() {
    return this.request({ type: 'room.leave' }, 'room.left');
  }

  setPresence(presence: Partial<MemberPresence>) {
    return this.request({ type: 'room.presence', presence }, 'ok');
  }

  invite(role: 'participant' | 'guest' = 'participant', ttlSeconds?: number) {
    return this.request({ type: 'room.invite', role, ...(ttlSeconds ? { ttlSeconds } : {}) }, 'room.invite');
  }

  kick(memberId: string) {
    return this.request({ type: 'room.kick', memberId }, 'ok');
  }

  lock(locked: boolean) {
    return this.request({ type: 'room.lock', locked }, 'ok');
  }

  end() {
    return this.request({ type: 'room.end' }, 'ok');
  }

  transferHost(memberId: string) {
    return this.request({ type: 'room.transferHost', memberId }, 'ok');
  }

  setRole(memberId: string, role: 'moderator' | 'participant' | 'guest') {
    return this.request({ type: 'room.setRole', memberId, role }, 'ok');
  }

  iceConfig() {
    return this.request({ type: 'ice.config' }, 'ice.config');
  }

  /** Relay to a member of our room. Delivery is not acknowledged; a refusal arrives as an `error` push. */
  signal(to: string, signal: SignalPayload): void {
    if (!this.closeInfo) this.socket.send(JSON.stringify({ type: 'signal', to, signal }));
  }

  close(): void {
    this.socket.close(1000, 'Client closed');
  }

  private onMessage(data: unknown): void {
    let frame: ServerFrame;
    try {
      frame = ServerFrameSchema.parse(JSON.parse(String(data)));
    } catch {
      // A frame we cannot read is the server's bug or a newer protocol: ignore it, keep going.
      return;
    }
    const rid = 'rid' in frame ? frame.rid : undefined;
    const waiting = rid === undefined ? undefined : this.pending.get(rid);
    if (waiting && rid !== undefined) {
      this.pending.delete(rid);
      waiting.resolve(frame);
      return;
    }
    const set = this.listeners.get(frame.type as PushType);
    if (set) for (const listener of set) (listener as (f: ServerFrame) => void)(frame);
  }
}
