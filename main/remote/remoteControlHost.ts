/**
 * The controlled side of remote control, living in main: it answers a peer's requests by
 * asking the person at this machine, keeps the grants, and injects only the input a live
 * grant covers, rate-limited, and paused while the local user is active. The renderer only
 * carries frames between the data channel and this service.
 */
import { randomBytes } from 'node:crypto';
import { RpcError } from '../../common/ipc/rpc';
import { TokenBucket } from '../../common/tokenBucket';
import {
  scopeForInput,
  type ControllerFrame,
  type DisplayDescriptor,
  type HostFrame,
  type RemoteInput,
  type RemoteScope,
} from '../../common/wire/remoteControl';
import type { ClipboardAccess, InputInjector, PointerButton } from '../../native/src';
import { normalisedToPhysical } from '../../native/src';
import { controls, GrantStore, type Grant } from './grantStore';
import type { AuditKind, AuditSink, ConsentPrompt, LocalActivity } from './ports';

export interface RemotePeer {
  id: string;
  name: string;
}

export interface RemoteSessionView {
  sessionId: string;
  peerId: string;
  peerName: string;
  scopes: RemoteScope[];
  allowed: RemoteScope[];
  controlling: boolean;
  expiresAt: number;
  pausedUntil: number | null;
}

export type ReceiveResult = { accepted: true } | { accepted: false; reason: string };

export interface RemoteControlHostOptions {
  /** Loads the injector on first use; rejects with a readable reason where input cannot be injected. */
  injector: () => Promise<InputInjector>;
  prompt: ConsentPrompt;
  audit: AuditSink;
  send: (peerId: string, frame: HostFrame) => void;
  onSessionsChanged: (sessions: RemoteSessionView[]) => void;
  activity?: LocalActivity | null;
  clipboard?: ClipboardAccess | null;
  now?: () => number;
  /** How long remote input waits after the local user touched the machine. */
  localPauseMs?: number;
  rate?: { burst: number; perSecond: number };
  /** How often the clipboard is read while a session may share it. */
  clipboardPollMs?: number;
}

interface WaitingMove {
  session: SessionState;
  input: Extract<RemoteInput, { kind: 'pointer-move' }>;
  done: Promise<ReceiveResult>;
}

interface SessionState {
  bucket: TokenBucket;
  displays: DisplayDescriptor[];
  keysDown: Set<string>;
  buttonsDown: Set<PointerButton>;
}

const newId = () => randomBytes(12).toString('base64url');

export class RemoteControlHost {
  private readonly grants: GrantStore;
  private readonly state = new Map<string, SessionState>();
  private readonly pending = new Map<string, string>(); // requestId -> peerId
  private readonly now: () => number;
  private injection: Promise<unknown> = Promise.resolve();
  /** A pointer move queued and not yet started, which a newer move may replace. */
  private waitingMove: WaitingMove | null = null;
  /** When remote input last happened (or control began): local input after this pauses control. */
  private lastRemoteActivityAt = 0;
  private pausedUntil = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private activityCheck: Promise<void> | null = null;
  /** The clipboard text last seen or set by a controller, so only the person's own copies are sent. */
  private lastClipboard: string | null = null;
  private clipboardCheck: Promise<void> | null = null;

  constructor(private readonly options: RemoteControlHostOptions) {
    this.now = options.now ?? Date.now;
    this.grants = new GrantStore(this.now);
    this.timers.push(setInterval(() => this.expireGrants(), 1000));
    if (options.activity) this.timers.push(setInterval(() => void this.checkLocalActivity(), 200));
    if (options.clipboard) this.timers.push(setInterval(() => void this.shareClipboard(), options.clipboardPollMs ?? 1000));
    for (const timer of this.timers) timer.unref();
  }

  async status(): Promise<{ available: boolean; reason: string | null; backend: string | null; displays: DisplayDescriptor[] }> {
    try {
      const injector = await this.options.injector();
      return { available: true, reason: null, backend: injector.backend, displays: await injector.displays() };
    } catch (error) {
      return { available: false, reason: errorText(error), backend: null, displays: [] };
    }
  }

  sessions(): RemoteSessionView[] {
    const paused = this.pausedUntil > this.now() ? this.pausedUntil : null;
    return this.grants.list().map((g) => ({
      sessionId: g.sessionId,
      peerId: g.peerId,
      peerName: g.peerName,
      scopes: [...g.scopes],
      allowed: [...g.allowed],
      controlling: controls(g),
      expiresAt: g.expiresAt,
      pausedUntil: controls(g) ? paused : null,
    }));
  }

  async receive(peer: RemotePeer, frame: ControllerFrame): Promise<ReceiveResult> {
    switch (frame.type) {
      case 'request':
        return this.onRequest(peer, frame);
      case 'input':
        return this.onInput(peer, frame.sessionId, frame.event);
      case 'ping': {
        const coverage = this.grants.covers(frame.sessionId, peer.id, 'view');
        if (!coverage.ok) return { accepted: false, reason: coverage.reason };
        this.options.send(peer.id, { type: 'pong', sessionId: frame.sessionId, sentAt: frame.sentAt });
        return { accepted: true };
      }
      case 'stop': {
        const grant = this.grants.list().find((g) => g.sessionId === frame.sessionId && g.peerId === peer.id);
        if (!grant) return { accepted: false, reason: 'no such session' };
        await this.end(grant, 'stop', 'the controller stopped');
        return { accepted: true };
      }
    }
  }

  /** Revokes one session (or all of them, for the panic shortcut) at once. */
  async revoke(sessionId: string | null, reason = 'revoked by the person at this machine'): Promise<void> {
    const targets = this.grants.list().filter((g) => sessionId === null || g.sessionId === sessionId);
    for (const grant of targets) {
      this.options.send(grant.peerId, { type: 'revoke', sessionId: grant.sessionId, reason });
      await this.end(grant, 'revoke', reason);
    }
  }

  /** The person at the machine hands control to another live session; the last controller keeps viewing. */
  async passControl(sessionId: string): Promise<void> {
    const passed = this.grants.passTo(sessionId);
    if (!passed) throw new RpcError('not-found', 'That member cannot be given control (the grant ended or allowed viewing only)');
    await this.demoted(passed.demoted, passed.grant.peerName);
    const { grant } = passed;
    this.options.send(grant.peerId, { type: 'scopes', sessionId, scopes: [...grant.scopes], reason: 'you have control' });
    this.audit('pass', peerOf(grant), sessionId, [...grant.scopes], 'control handed over by the person at this machine');
    this.lastRemoteActivityAt = Math.max(this.lastRemoteActivityAt, this.now());
    this.changed();
  }

  /** Called when a peer leaves or its channel closes: nothing of theirs stays live. */
  async peerGone(peerId: string): Promise<void> {
    for (const grant of this.grants.list().filter((g) => g.peerId === peerId)) await this.end(grant, 'stop', 'the member left');
    for (const [requestId, owner] of this.pending) if (owner === peerId) this.pending.delete(requestId);
  }

  dispose(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.options.activity?.dispose?.();
  }

  private async onRequest(peer: RemotePeer, frame: Extract<ControllerFrame, { type: 'request' }>): Promise<ReceiveResult> {
    if ([...this.pending.values()].includes(peer.id)) {
      return { accepted: false, reason: 'a request from this member is already waiting for an answer' };
    }
    const scopes = [...new Set<RemoteScope>(['view', ...frame.scopes])];
    this.audit('request', peer, null, scopes, frame.note ?? null);
    const deny = (reason: string): ReceiveResult => {
      this.options.send(peer.id, { type: 'deny', requestId: frame.requestId, reason });
      this.audit('deny', peer, null, scopes, reason);
      return { accepted: true };
    };

    let injector: InputInjector | null = null;
    if (scopes.some((s) => s !== 'view')) {
      try {
        injector = await this.options.injector();
      } catch (error) {
        return deny(`This machine cannot be controlled: ${errorText(error)}`);
      }
    }

    this.pending.set(frame.requestId, peer.id);
    let decision;
    try {
      decision = await this.options.prompt.ask({
        requestId: frame.requestId,
        peerId: peer.id,
        peerName: peer.name,
        scopes,
        durationSeconds: frame.durationSeconds,
        note: frame.note ?? null,
      });
    } finally {
      this.pending.delete(frame.requestId);
    }
    if (!decision.allow) return deny(decision.reason);

    // The person may grant less than was asked, never more.
    const granted = decision.scopes.filter((s) => scopes.includes(s));
    if (!granted.includes('view')) granted.unshift('view');
    const now = this.now();
    const grant: Grant = {
      sessionId: newId(),
      peerId: peer.id,
      peerName: peer.name,
      allowed: new Set(granted),
      scopes: new Set(granted),
      grantedAt: now,
      expiresAt: now + Math.min(decision.durationSeconds, frame.durationSeconds) * 1000,
    };
    const displays = injector ? await injector.displays() : [];
    await this.demoted(this.grants.add(grant), peer.name);
    const rate = this.options.rate ?? { burst: 480, perSecond: 240 };
    this.lastRemoteActivityAt = Math.max(this.lastRemoteActivityAt, now);
    this.state.set(grant.sessionId, {
      bucket: new TokenBucket(rate.perSecond, rate.burst, this.now()),
      displays,
      keysDown: new Set(),
      buttonsDown: new Set(),
    });
    this.options.send(peer.id, {
      type: 'grant',
      requestId: frame.requestId,
      sessionId: grant.sessionId,
      scopes: granted,
      expiresAt: grant.expiresAt,
      displays,
    });
    this.audit('grant', peer, grant.sessionId, granted, `until ${new Date(grant.expiresAt).toISOString()}`);
    this.changed();
    return { accepted: true };
  }

  private async onInput(peer: RemotePeer, sessionId: string, input: RemoteInput): Promise<ReceiveResult> {
    const coverage = this.grants.covers(sessionId, peer.id, scopeForInput(input));
    if (!coverage.ok) return { accepted: false, reason: coverage.reason };
    if (this.pausedUntil > this.now()) return { accepted: false, reason: 'paused: the person at this machine is using it' };
    const session = this.state.get(sessionId)!;
    if (!session.bucket.take(1, this.now())) return { accepted: false, reason: 'too much input: slow down' };

    const injector = await this.options.injector();
    if (input.kind === 'pointer-move') {
      // Moves queued behind slower injection collapse into the newest: the pointer goes where
      // the controller points now, instead of replaying the way there ever later.
      const waiting = this.waitingMove;
      if (waiting && waiting.session === session) {
        waiting.input = input;
        return waiting.done;
      }
      const slot: WaitingMove = { session, input, done: Promise.resolve({ accepted: true }) };
      this.waitingMove = slot;
      slot.done = this.serialise(() => {
        if (this.waitingMove === slot) this.waitingMove = null;
        return this.inject(injector, slot.session, slot.input);
      });
      return slot.done;
    }
    // Anything else keeps its place after the moves before it.
    this.waitingMove = null;
    return this.serialise(() => this.inject(injector, session, input));
  }

  /** Runs injections one at a time, in arrival order. */
  private async serialise(step: () => Promise<void>): Promise<ReceiveResult> {
    const run = this.injection.then(step);
    this.injection = run.catch(() => undefined);
    try {
      await run;
      return { accepted: true };
    } catch (error) {
      return { accepted: false, reason: errorText(error) };
    }
  }

  private async inject(injector: InputInjector, session: SessionState, input: RemoteInput): Promise<void> {
    this.lastRemoteActivityAt = this.now();
    switch (input.kind) {
      case 'pointer-move':
      case 'pointer-button': {
        const display = session.displays.find((d) => d.id === input.display);
        if (!display) throw new Error(`unknown display "${input.display}"`);
        await injector.movePointer(normalisedToPhysical(display, input.x, input.y));
        if (input.kind === 'pointer-button') {
          if (input.down) {
            await injector.buttonDown(input.button);
            session.buttonsDown.add(input.button);
          } else {
            await injector.buttonUp(input.button);
            session.buttonsDown.delete(input.button);
          }
        }
        break;
      }
      case 'wheel':
        await injector.scroll(input.dx, input.dy);
        break;
      case 'key':
        // Keys arrive as raw presses and releases (modifier keys included), like a keyboard.
        if (input.down) {
          await injector.keyDown({ code: input.code, modifiers: [] });
          session.keysDown.add(input.code);
        } else {
          await injector.keyUp({ code: input.code, modifiers: [] });
          session.keysDown.delete(input.code);
        }
        break;
      case 'text':
        await injector.typeText(input.text);
        break;
      case 'clipboard':
        if (!this.options.clipboard) throw new Error('this machine offers no clipboard access');
        await this.options.clipboard.writeText(input.text);
        this.lastClipboard = input.text;
        break;
    }
    this.lastRemoteActivityAt = this.now();
  }

  /** Sessions that stopped controlling (control went to `to`): they keep viewing. */
  private async demoted(grants: Grant[], to: string): Promise<void> {
    const reason = `control passed to ${to}`;
    for (const grant of grants) {
      this.options.send(grant.peerId, { type: 'scopes', sessionId: grant.sessionId, scopes: [...grant.scopes], reason });
      await this.releaseHeld(grant.sessionId);
      this.audit('pass', peerOf(grant), grant.sessionId, [...grant.scopes], reason);
    }
  }

  /** Lets go of every key and button a session holds, so nothing stays stuck after it ends. */
  private async releaseHeld(sessionId: string): Promise<void> {
    const session = this.state.get(sessionId);
    if (!session || (session.keysDown.size === 0 && session.buttonsDown.size === 0)) return;
    const injector = await this.options.injector();
    await this.injection;
    // Newest first, so modifiers pressed before a key are released after it.
    for (const code of [...session.keysDown].reverse()) await injector.keyUp({ code, modifiers: [] }).catch(() => undefined);
    for (const button of session.buttonsDown) await injector.buttonUp(button).catch(() => undefined);
    session.keysDown.clear();
    session.buttonsDown.clear();
  }

  private async end(grant: Grant, kind: AuditKind, reason: string): Promise<void> {
    if (this.grants.remove(grant.sessionId)) await this.finish(grant, kind, reason);
  }

  /** Everything that follows a grant leaving the store, whatever removed it. */
  private async finish(grant: Grant, kind: AuditKind, reason: string): Promise<void> {
    await this.releaseHeld(grant.sessionId);
    this.state.delete(grant.sessionId);
    this.audit(kind, peerOf(grant), grant.sessionId, [...grant.scopes], reason);
    this.changed();
  }

  private expireGrants(): void {
    for (const grant of this.grants.takeExpired()) {
      this.options.send(grant.peerId, { type: 'revoke', sessionId: grant.sessionId, reason: 'the grant expired' });
      void this.finish(grant, 'expire', 'the grant expired');
    }
  }

  /** The person at the machine wins: input since our last injection pauses remote input. */
  private async checkLocalActivity(): Promise<void> {
    if (this.activityCheck || !this.grants.list().some(controls)) return;
    this.activityCheck = (async () => {
      try {
        const idle = await this.options.activity!.idleMs();
        const sinceInjection = this.now() - this.lastRemoteActivityAt;
        if (idle + 150 < sinceInjection) {
          const wasPaused = this.pausedUntil > this.now();
          this.pausedUntil = this.now() + (this.options.localPauseMs ?? 1500);
          for (const grant of this.grants.list()) await this.releaseHeld(grant.sessionId);
          if (!wasPaused) this.changed();
        }
      } catch {
        // No idle source this time: remote input simply is not paused.
      } finally {
        this.activityCheck = null;
      }
    })();
    await this.activityCheck;
  }

  /**
   * Text the person at this machine copies goes to sessions granted the clipboard (read only
   * while one is live, and only when it changed since the last look).
   */
  private async shareClipboard(): Promise<void> {
    const receivers = this.grants.list().filter((g) => g.scopes.has('clipboard'));
    if (this.clipboardCheck || receivers.length === 0) {
      if (receivers.length === 0) this.lastClipboard = null;
      return;
    }
    this.clipboardCheck = (async () => {
      try {
        const text = await this.options.clipboard!.readText();
        const first = this.lastClipboard === null;
        if (text === this.lastClipboard) return;
        this.lastClipboard = text;
        // What was on the clipboard before anyone was granted it is not shared.
        if (first || text.length === 0 || text.length > 64 * 1024) return;
        for (const grant of receivers) this.options.send(grant.peerId, { type: 'clipboard', sessionId: grant.sessionId, text });
      } catch {
        // Nothing readable on the clipboard (an image, or no owner): nothing to share.
      } finally {
        this.clipboardCheck = null;
      }
    })();
    await this.clipboardCheck;
  }

  private audit(kind: AuditKind, peer: RemotePeer, sessionId: string | null, scopes: RemoteScope[], detail: string | null) {
    this.options.audit.record({ at: this.now(), kind, peerId: peer.id, peerName: peer.name, sessionId, scopes, detail });
  }

  private changed(): void {
    this.options.onSessionsChanged(this.sessions());
  }
}

function peerOf(grant: Grant): RemotePeer {
  return { id: grant.peerId, name: grant.peerName };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
