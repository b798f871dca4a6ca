/**
 * The controller's end of the remote-control protocol on one data channel: ask, track the
 * grant, send input only within it, and measure round-trip latency with pings.
 */
import {
  HostFrameSchema,
  scopeForInput,
  type ControllerFrame,
  type DisplayDescriptor,
  type RemoteInput,
  type RemoteScope,
} from '../../../common/wire/remoteControl';

export interface ControllerState {
  phase: 'idle' | 'requesting' | 'granted' | 'denied' | 'revoked' | 'ended';
  sessionId: string | null;
  scopes: RemoteScope[];
  displays: DisplayDescriptor[];
  expiresAt: number | null;
  reason: string | null;
  rttMs: number | null;
  /** The host's clipboard text, when it shares it. */
  clipboard: string | null;
}

export interface FrameChannel {
  send(text: string): void;
}

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

export class ControllerSession {
  private state: ControllerState = {
    phase: 'idle',
    sessionId: null,
    scopes: [],
    displays: [],
    expiresAt: null,
    reason: null,
    rttMs: null,
    clipboard: null,
  };
  private requestId: string | null = null;
  private seq = 0;
  private pingTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly channel: FrameChannel,
    private readonly onState: (state: ControllerState) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get current(): ControllerState {
    return this.state;
  }

  request(scopes: RemoteScope[], durationSeconds = 15 * 60, note?: string): void {
    this.requestId = randomId();
    this.send({ type: 'request', requestId: this.requestId, scopes, durationSeconds, ...(note ? { note } : {}) });
    this.update({ phase: 'requesting', reason: null });
  }

  /** Sends input the grant covers; returns false (and sends nothing) otherwise. */
  input(event: RemoteInput): boolean {
    const { phase, sessionId, scopes } = this.state;
    if (phase !== 'granted' || !sessionId || !scopes.includes(scopeForInput(event))) return false;
    this.send({ type: 'input', sessionId, seq: this.seq++, event });
    return true;
  }

  stop(): void {
    if (this.state.sessionId && this.state.phase === 'granted') this.send({ type: 'stop', sessionId: this.state.sessionId });
    this.end('ended', 'You stopped the session');
  }

  /** A frame from the host's channel; anything malformed is ignored (it cannot change our state). */
  receive(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = HostFrameSchema.safeParse(raw);
    if (!parsed.success) return;
    const frame = parsed.data;
    switch (frame.type) {
      case 'grant':
        if (frame.requestId !== this.requestId) return;
        this.update({
          phase: 'granted',
          sessionId: frame.sessionId,
          scopes: frame.scopes,
          displays: frame.displays,
          expiresAt: frame.expiresAt,
          reason: null,
        });
        this.startPings();
        break;
      case 'deny':
        if (frame.requestId === this.requestId) this.end('denied', frame.reason);
        break;
      case 'revoke':
        if (frame.sessionId === this.state.sessionId) this.end('revoked', frame.reason);
        break;
      case 'scopes':
        if (frame.sessionId === this.state.sessionId) this.update({ scopes: frame.scopes, reason: frame.reason });
        break;
      case 'pong':
        if (frame.sessionId === this.state.sessionId) this.update({ rttMs: Math.max(0, this.now() - frame.sentAt) });
        break;
      case 'clipboard':
        if (frame.sessionId === this.state.sessionId) this.update({ clipboard: frame.text });
        break;
      case 'error':
        this.update({ reason: frame.message });
        break;
    }
  }

  dispose(): void {
    this.stopPings();
  }

  private startPings() {
    this.stopPings();
    const ping = () => this.state.sessionId && this.send({ type: 'ping', sessionId: this.state.sessionId, sentAt: this.now() });
    ping();
    this.pingTimer = setInterval(ping, 1000);
  }

  private stopPings() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private end(phase: 'denied' | 'revoked' | 'ended', reason: string) {
    this.stopPings();
    this.update({ phase, sessionId: null, scopes: [], expiresAt: null, reason });
  }

  private send(frame: ControllerFrame) {
    this.channel.send(JSON.stringify(frame));
  }

  private update(patch: Partial<ControllerState>) {
    this.state = { ...this.state, ...patch };
    this.onState(this.state);
  }
}
