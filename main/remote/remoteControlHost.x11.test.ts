/**
 * The host service end to end below the renderer: frames in, real injection out, checked
 * on an Xvfb display with xdotool and an xev window. The consent prompt is answered by the
 * test in place of the person at the machine.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostFrame, RemoteScope } from '../../common/wire/remoteControl';
import { startXvfb, type XDisplay } from '../../testing/xvfb';
import { openXevWindow, pointerLocation, type XevWindow } from '../../testing/xevWindow';
import { createInputInjector, loadSystemClipboard, type ClipboardAccess, type InputInjector } from '../../native/src';
import { openTempStore } from '../store/testing/tempStore';
import { SqliteAuditLog } from './sqliteAuditLog';
import type { ConsentDecision, ConsentRequest } from './ports';
import { RemoteControlHost, type RemotePeer } from './remoteControlHost';
import { X11Activity } from './x11Activity';

let x: XDisplay;
let xev: XevWindow;
let injector: InputInjector;

beforeAll(async () => {
  x = await startXvfb('1280x800x24');
  process.env.DISPLAY = x.display;
  xev = await openXevWindow(x.display);
  injector = await createInputInjector({ clipboard: null });
});

afterAll(async () => {
  xev?.stop();
  await x?.stop();
});

const alice: RemotePeer = { id: 'peer-alice', name: 'Alice' };
const bob: RemotePeer = { id: 'peer-bob', name: 'Bob' };
let requestCounter = 0;
const requestId = () => `request-${++requestCounter}-xxxx`;

interface Harness {
  host: RemoteControlHost;
  sent: Array<{ peerId: string; frame: HostFrame }>;
  asked: ConsentRequest[];
  audit: SqliteAuditLog;
  clock: { now: number };
  grant: (peer: RemotePeer, scopes: RemoteScope[]) => Promise<string>;
}

let current: Harness | null = null;
const cleanups: Array<() => void> = [];
afterEach(() => {
  current?.host.dispose();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function harness(
  options: { answer?: (r: ConsentRequest) => ConsentDecision; injectorFor?: () => Promise<InputInjector>; activity?: boolean; clipboard?: ClipboardAccess } = {},
): Harness {
  const sent: Harness['sent'] = [];
  const asked: ConsentRequest[] = [];
  const clock = { now: Date.now() };
  const temp = openTempStore();
  cleanups.push(temp.cleanup);
  const audit = new SqliteAuditLog(temp.store);
  const host = new RemoteControlHost({
    injector: options.injectorFor ?? (async () => injector),
    prompt: {
      ask: async (request) => {
        asked.push(request);
        return (options.answer ?? ((r) => ({ allow: true, scopes: r.scopes, durationSeconds: r.durationSeconds })))(request);
      },
    },
    audit,
    send: (peerId, frame) => sent.push({ peerId, frame }),
    onSessionsChanged: () => {},
    activity: options.activity ? new X11Activity({ ...process.env, DISPLAY: x.display }) : null,
    now: () => clock.now,
    clipboard: options.clipboard ?? null,
    clipboardPollMs: 100,
  });
  const grant = async (peer: RemotePeer, scopes: RemoteScope[]) => {
    await host.receive(peer, { type: 'request', requestId: requestId(), scopes, durationSeconds: 60 });
    const frame = sent.findLast((s) => s.peerId === peer.id)?.frame;
    if (frame?.type !== 'grant') throw new Error(`expected a grant, got ${JSON.stringify(frame)}`);
    return frame.sessionId;
  };
  current = { host, sent, asked, audit, clock, grant };
  return current;
}

const move = (sessionId: string, nx: number, ny: number, display = 'screen') =>
  ({ type: 'input', sessionId, seq: 0, event: { kind: 'pointer-move', display, x: nx, y: ny } }) as const;

async function park() {
  await injector.movePointer({ x: 5, y: 5 });
  expect(await pointerLocation(x.display)).toEqual({ x: 5, y: 5 });
}

describe('RemoteControlHost on a real X display', () => {
  it('asks the person at the machine and grants what they allowed', async () => {
    const h = harness();
    const sessionId = await h.grant(alice, ['pointer']);
    expect(h.asked).toMatchObject([{ peerName: 'Alice', scopes: ['view', 'pointer'] }]);
    const grant = h.sent.at(-1)!.frame as Extract<HostFrame, { type: 'grant' }>;
    expect(grant.scopes).toEqual(['view', 'pointer']);
    expect(grant.displays[0]).toMatchObject({ bounds: { width: 1280, height: 800 }, scaleFactor: 1 });
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{8,}$/);
  });

  it('puts the pointer where the controller pointed, for several points', async () => {
    const h = harness();
    const sessionId = await h.grant(alice, ['pointer']);
    for (const [nx, ny, px, py] of [[0, 0, 0, 0], [0.5, 0.5, 640, 400], [0.1, 0.9, 128, 720], [1, 1, 1279, 799]]) {
      expect(await h.host.receive(alice, move(sessionId, nx, ny))).toEqual({ accepted: true });
      expect(await pointerLocation(x.display)).toEqual({ x: px, y: py });
    }
  });

  it('maps onto a display reported at scale factor 2 as well', async () => {
    const scaled = await createInputInjector({ clipboard: null, scaleFactor: 2 });
    const h = harness({ injectorFor: async () => scaled });
    const sessionId = await h.grant(alice, ['pointer']);
    const grant = h.sent.at(-1)!.frame as Extract<HostFrame, { type: 'grant' }>;
    expect(grant.displays[0]).toMatchObject({ bounds: { width: 640, height: 400 }, scaleFactor: 2 });
    for (const [nx, ny, px, py] of [[0.25, 0.25, 320, 200], [0.75, 0.5, 960, 400]]) {
      await h.host.receive(alice, move(sessionId, nx, ny));
      expect(await pointerLocation(x.display)).toEqual({ x: px, y: py });
    }
  });

  it('injects nothing without a grant, for another member, after a revoke, or after expiry', async () => {
    const h = harness();
    await park();
    expect(await h.host.receive(alice, move('no-such-session', 0.5, 0.5))).toMatchObject({ accepted: false, reason: /no live grant/ });
    const sessionId = await h.grant(alice, ['pointer']);
    expect(await h.host.receive(bob, move(sessionId, 0.5, 0.5))).toMatchObject({ accepted: false, reason: /another member/ });
    expect(await pointerLocation(x.display)).toEqual({ x: 5, y: 5 });

    await h.host.revoke(sessionId);
    expect(h.sent.at(-1)!.frame).toMatchObject({ type: 'revoke', sessionId });
    expect(await h.host.receive(alice, move(sessionId, 0.5, 0.5))).toMatchObject({ accepted: false });
    expect(await pointerLocation(x.display)).toEqual({ x: 5, y: 5 });

    const second = await h.grant(alice, ['pointer']);
    h.clock.now += 61_000;
    expect(await h.host.receive(alice, move(second, 0.5, 0.5))).toMatchObject({ accepted: false, reason: /expired/ });
    expect(await pointerLocation(x.display)).toEqual({ x: 5, y: 5 });
  });

  it('drops keyboard input under a pointer-only grant', async () => {
    const h = harness();
    const sessionId = await h.grant(alice, ['pointer']);
    await injector.movePointer({ x: 640, y: 400 });
    xev.clear();
    const result = await h.host.receive(alice, { type: 'input', sessionId, seq: 1, event: { kind: 'key', code: 'KeyQ', down: true, modifiers: [] } });
    expect(result).toMatchObject({ accepted: false, reason: /does not include keyboard/ });
    const text = await h.host.receive(alice, { type: 'input', sessionId, seq: 2, event: { kind: 'text', text: 'rm -rf' } });
    expect(text.accepted).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(xev.events().filter((e) => e.type === 'KeyPress')).toEqual([]);
  });

  it('types under a keyboard grant, and releases held keys when the grant ends', async () => {
    const h = harness();
    const sessionId = await h.grant(alice, ['pointer', 'keyboard']);
    await injector.movePointer({ x: 640, y: 400 });
    xev.clear();
    const key = (code: string, down: boolean) => h.host.receive(alice, { type: 'input', sessionId, seq: 0, event: { kind: 'key', code, down, modifiers: [] } });
    await key('ShiftLeft', true);
    await key('Digit2', true);
    await key('Digit2', false);
    await key('KeyK', true); // still held when the grant is revoked
    await h.host.revoke(sessionId);
    const events = await xev.waitFor((es) => es.filter((e) => e.type === 'KeyRelease').length >= 3);
    expect(events.filter((e) => e.type === 'KeyPress').map((e) => e.keysym)).toEqual(['Shift_L', 'at', 'K']);
    expect(events.filter((e) => e.type === 'KeyRelease').map((e) => e.keysym)).toEqual(['at', 'K', 'Shift_L']);
  });

  it('lets one member control at a time: the last controller keeps viewing, and control can be handed back', async () => {
    const h = harness();
    const first = await h.grant(alice, ['pointer']);
    const second = await h.grant(bob, ['pointer']);
    expect(h.sent.find((s) => s.peerId === alice.id && s.frame.type === 'scopes')?.frame).toEqual({
      type: 'scopes',
      sessionId: first,
      scopes: ['view'],
      reason: 'control passed to Bob',
    });
    expect(await h.host.receive(alice, move(first, 0.5, 0.5))).toMatchObject({ accepted: false, reason: /another member has control/ });
    expect((await h.host.receive(bob, move(second, 0.5, 0.5))).accepted).toBe(true);
    // Alice still views: her pings are answered.
    expect((await h.host.receive(alice, { type: 'ping', sessionId: first, sentAt: 1 })).accepted).toBe(true);
    expect(h.host.sessions().map((s) => [s.peerName, s.controlling])).toEqual([
      ['Alice', false],
      ['Bob', true],
    ]);

    await h.host.passControl(first);
    expect(h.sent.filter((s) => s.frame.type === 'scopes').map((s) => [s.peerId, (s.frame as { scopes: string[] }).scopes])).toEqual([
      [alice.id, ['view']],
      [bob.id, ['view']],
      [alice.id, ['view', 'pointer']],
    ]);
    expect((await h.host.receive(bob, move(second, 0.2, 0.2))).accepted).toBe(false);
    expect((await h.host.receive(alice, move(first, 0.25, 0.25))).accepted).toBe(true);
    expect(await pointerLocation(x.display)).toEqual({ x: 320, y: 200 });
    expect(h.audit.read().filter((e) => e.kind === 'pass').map((e) => e.peerName)).toEqual(['Alice', 'Bob', 'Alice']);

    const viewer = await h.grant({ id: 'peer-carol', name: 'Carol' }, ['view']);
    await expect(h.host.passControl(viewer)).rejects.toThrow(/viewing only/);
  });

  it('sends a denial with the reason, and never grants more than was asked', async () => {
    const h = harness({ answer: () => ({ allow: false, reason: 'Not now' }) });
    await h.host.receive(alice, { type: 'request', requestId: requestId(), scopes: ['keyboard'], durationSeconds: 60 });
    expect(h.sent.at(-1)!.frame).toMatchObject({ type: 'deny', reason: 'Not now' });

    const generous = harness({ answer: () => ({ allow: true, scopes: ['view', 'pointer', 'keyboard', 'clipboard'], durationSeconds: 9999 }) });
    await generous.grant(alice, ['pointer']);
    const grant = generous.sent.at(-1)!.frame as Extract<HostFrame, { type: 'grant' }>;
    expect(grant.scopes).toEqual(['view', 'pointer']);
    expect(grant.expiresAt - generous.clock.now).toBe(60_000);
  });

  it('denies control with the reason when input cannot be injected here', async () => {
    const h = harness({ injectorFor: () => Promise.reject(new Error('No display is available for remote control')) });
    await h.host.receive(alice, { type: 'request', requestId: requestId(), scopes: ['pointer'], durationSeconds: 60 });
    expect(h.asked).toEqual([]);
    expect(h.sent.at(-1)!.frame).toMatchObject({ type: 'deny', reason: /No display is available/ });
  });

  it('pauses remote input while the person at the machine uses it', async () => {
    const h = harness({ activity: true });
    h.clock.now = Date.now();
    const sessionId = await h.grant(alice, ['pointer']);
    // Idle time from before the grant is not local activity: control works at first.
    await new Promise((r) => setTimeout(r, 400));
    h.clock.now = Date.now();
    expect(await h.host.receive(alice, move(sessionId, 0.5, 0.5))).toEqual({ accepted: true });
    // Local input a while after that injection: xdotool stands in for the person's own mouse.
    await new Promise((r) => setTimeout(r, 1200));
    execFileSync('xdotool', ['mousemove', '100', '100'], { env: { ...process.env, DISPLAY: x.display } });
    // The host checks every 200 ms against xprintidle's latest reading (also every 200 ms, later
    // under load): input newer than the injection by more than the margin pauses it.
    await expect
      .poll(
        () => {
          h.clock.now = Date.now();
          return h.host.sessions()[0].pausedUntil;
        },
        { timeout: 5_000 },
      )
      .not.toBeNull();
    h.clock.now = Date.now();
    expect(await h.host.receive(alice, move(sessionId, 0.9, 0.9))).toMatchObject({ accepted: false, reason: /paused/ });
    expect(await pointerLocation(x.display)).toEqual({ x: 100, y: 100 });
    expect(h.host.sessions()[0].pausedUntil).not.toBeNull();
  });

  it('writes each request, grant, revoke and stop to the audit table in SQLite', async () => {
    const h = harness();
    const one = await h.grant(alice, ['pointer']);
    await h.host.revoke(one);
    const two = await h.grant(bob, ['view']);
    await h.host.receive(bob, { type: 'stop', sessionId: two });
    expect(h.audit.read().map((e) => `${e.kind}:${e.peerName}`)).toEqual([
      'request:Alice',
      'grant:Alice',
      'revoke:Alice',
      'request:Bob',
      'grant:Bob',
      'stop:Bob',
    ]);
  });

  it('collapses moves queued behind a slow injection into the newest, keeping clicks in order', async () => {
    let moves = 0;
    const slow = Object.create(injector) as InputInjector;
    slow.movePointer = async (to) => {
      moves++;
      await new Promise((r) => setTimeout(r, 30));
      return injector.movePointer(to);
    };
    const h = harness({ injectorFor: async () => slow });
    const sessionId = await h.grant(alice, ['pointer']);
    xev.clear();
    const sent = [];
    for (let i = 1; i <= 20; i++) sent.push(h.host.receive(alice, move(sessionId, i / 40, 0.5)));
    sent.push(h.host.receive(alice, { type: 'input', sessionId, seq: 21, event: { kind: 'pointer-button', display: 'screen', x: 0.75, y: 0.5, button: 'left', down: true } }));
    sent.push(h.host.receive(alice, { type: 'input', sessionId, seq: 22, event: { kind: 'pointer-button', display: 'screen', x: 0.75, y: 0.5, button: 'left', down: false } }));
    sent.push(h.host.receive(alice, move(sessionId, 0.25, 0.25)));
    expect((await Promise.all(sent)).every((r) => r.accepted)).toBe(true);
    // The 20 moves became one or two (whether the first had started when the rest came), then the
    // press and the release (each moves too), then the last move.
    expect(moves).toBeLessThanOrEqual(5);
    expect(await pointerLocation(x.display)).toEqual({ x: 320, y: 200 });
    const press = (await xev.waitFor((es) => es.some((e) => e.type === 'ButtonRelease'))).find((e) => e.type === 'ButtonPress')!;
    expect([press.rootX, press.rootY]).toEqual([960, 400]);
  });

  it('rate-limits a flood of input', async () => {
    const h = harness();
    const sessionId = await h.grant(alice, ['pointer']);
    const results = [];
    for (let i = 0; i < 600; i++) results.push(await h.host.receive(alice, move(sessionId, (i % 100) / 100, 0.5)));
    const refused = results.filter((r) => !r.accepted);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ reason: /too much input/ });
  });

  it('shares clipboard text both ways under a clipboard grant, and only what is copied during it', async () => {
    const clipboard = await loadSystemClipboard();
    await clipboard.writeText('copied before the session');
    const h = harness({ clipboard });
    const sessionId = await h.grant(alice, ['clipboard']);
    const clipboardFrames = () => h.sent.filter((s) => s.frame.type === 'clipboard').map((s) => (s.frame as { text: string }).text);
    await new Promise((r) => setTimeout(r, 400));
    expect(clipboardFrames()).toEqual([]);

    await clipboard.writeText('copied by the person here');
    await expect.poll(clipboardFrames, { timeout: 3000 }).toEqual(['copied by the person here']);

    expect(await h.host.receive(alice, { type: 'input', sessionId, seq: 1, event: { kind: 'clipboard', text: 'sent by Alice ✓' } })).toEqual({ accepted: true });
    expect(await clipboard.readText()).toBe('sent by Alice ✓');
    await new Promise((r) => setTimeout(r, 400));
    // What Alice set is not echoed back to her.
    expect(clipboardFrames()).toEqual(['copied by the person here']);

    h.host.dispose();
    const viewer = harness({ clipboard });
    await viewer.grant(bob, ['view']);
    await clipboard.writeText('not for viewers');
    await new Promise((r) => setTimeout(r, 400));
    expect(viewer.sent.some((s) => s.frame.type === 'clipboard')).toBe(false);
  });
});
