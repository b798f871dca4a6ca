/**
 * A protocol client over a real socket for tests: sends frames, awaits replies by `rid` or by
 * type, and parses every frame it receives with the server schema (a bad server frame fails the test).
 */
import WebSocket from 'ws';
import { ServerFrameSchema, type ClientFrameInput, type ServerFrame, type ServerFrameOf } from '../../../common/wire/signaling';
import { token, type TestTokenOptions } from './tokens';

type Waiter = { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class TestClient {
  readonly frames: ServerFrame[] = [];
  /** Frames no waiter has taken yet: a wait set up after a frame arrived still sees it. */
  private unclaimed: ServerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Waiter[] = [];
  private nextRid = 1;
  memberId: string | null = null;
  resumeToken: string | null = null;
  roomId: string | null = null;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const frame = ServerFrameSchema.parse(JSON.parse(data.toString()));
      this.frames.push(frame);
      if (frame.type === 'room.joined') {
        this.memberId = frame.you.memberId;
        this.resumeToken = frame.you.resumeToken;
        this.roomId = frame.room.roomId;
      }
      const waiter = this.waiters.find((w) => w.match(frame));
      if (!waiter) {
        this.unclaimed.push(frame);
        if (this.unclaimed.length > 1000) this.unclaimed.shift();
        return;
      }
      this.waiters = this.waiters.filter((x) => x !== waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(frame);
    });
    void this.closed.then(({ code, reason }) => {
      for (const w of this.waiters) {
        clearTimeout(w.timer);
        w.reject(new Error(`socket closed (${code} ${reason}) while waiting`));
      }
      this.waiters = [];
    });
  }

  static open(wsUrl: string): Promise<TestClient> {
    const ws = new WebSocket(wsUrl);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  /** Open and authenticate with a token signed by the test secret. */
  static async connect(wsUrl: string, options: TestTokenOptions | string = {}): Promise<TestClient> {
    const client = await TestClient.open(wsUrl);
    const reply = await client.request({ type: 'hello', token: typeof options === 'string' ? options : await token(options) });
    if (reply.type !== 'welcome') throw new Error(`hello refused: ${JSON.stringify(reply)}`);
    return client;
  }

  send(frame: ClientFrameInput | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Send with a fresh rid and resolve with the reply carrying it. */
  request(frame: ClientFrameInput, timeoutMs = 5000): Promise<ServerFrame> {
    const rid = this.nextRid++;
    const reply = this.waitFor((f) => 'rid' in f && f.rid === rid, timeoutMs, `reply to ${frame.type}`);
    this.send({ ...frame, rid });
    return reply;
  }

  /** Like request, but fails unless the reply is of `type`. */
  async expect<T extends ServerFrame['type']>(frame: ClientFrameInput, type: T): Promise<ServerFrameOf<T>> {
    const reply = await this.request(frame);
    if (reply.type !== type) throw new Error(`expected ${type} for ${frame.type}, got ${JSON.stringify(reply)}`);
    return reply as ServerFrameOf<T>;
  }

  next<T extends ServerFrame['type']>(type: T, where: (f: ServerFrameOf<T>) => boolean = () => true, timeoutMs = 5000): Promise<ServerFrameOf<T>> {
    return this.waitFor((f) => f.type === type && where(f as ServerFrameOf<T>), timeoutMs, type) as Promise<ServerFrameOf<T>>;
  }

  waitFor(match: (f: ServerFrame) => boolean, timeoutMs: number, what: string): Promise<ServerFrame> {
    const early = this.unclaimed.findIndex(match);
    if (early >= 0) return Promise.resolve(this.unclaimed.splice(early, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push({ match, resolve, reject, timer });
    });
  }

  /** Resolves true if no frame matching arrives within ms. */
  async nothing(match: (f: ServerFrame) => boolean, ms = 300): Promise<boolean> {
    try {
      await this.waitFor(match, ms, 'nothing');
      return false;
    } catch {
      return true;
    }
  }

  close(): void {
    this.ws.close();
  }
}
