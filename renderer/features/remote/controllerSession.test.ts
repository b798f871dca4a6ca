import { describe, expect, it } from 'vitest';
import type { ControllerFrame, HostFrame } from '../../../common/wire/remoteControl';
import { ControllerSession, type ControllerState } from './controllerSession';

function setup() {
  const sent: ControllerFrame[] = [];
  const states: ControllerState[] = [];
  let now = 1000;
  const session = new ControllerSession({ send: (t) => sent.push(JSON.parse(t)) }, (s) => states.push(s), () => now);
  const host = (frame: HostFrame) => session.receive(JSON.stringify(frame));
  return { session, sent, states, host, advance: (ms: number) => (now += ms) };
}

const display = { id: 'screen', bounds: { x: 0, y: 0, width: 1280, height: 800 }, scaleFactor: 1, primary: true };
const move = { kind: 'pointer-move', display: 'screen', x: 0.5, y: 0.5 } as const;

describe('ControllerSession', () => {
  it('sends no input before a grant, and only granted scopes after it', () => {
    const { session, sent, host } = setup();
    expect(session.input(move)).toBe(false);
    session.request(['pointer']);
    const request = sent[0] as Extract<ControllerFrame, { type: 'request' }>;
    host({ type: 'grant', requestId: request.requestId, sessionId: 'session-0001', scopes: ['view', 'pointer'], expiresAt: 9e12, displays: [display] });
    expect(session.input(move)).toBe(true);
    expect(session.input({ kind: 'key', code: 'KeyA', down: true, modifiers: [] })).toBe(false);
    expect(sent.filter((f) => f.type === 'input')).toHaveLength(1);
    session.dispose();
  });

  it('ignores a grant for another request and malformed frames', () => {
    const { session, host, states } = setup();
    session.request(['pointer']);
    host({ type: 'grant', requestId: 'someone-else', sessionId: 'session-0001', scopes: ['pointer'], expiresAt: 9e12, displays: [] });
    session.receive('{"type":"grant"');
    session.receive(JSON.stringify({ type: 'grant', requestId: 1 }));
    expect(states.at(-1)!.phase).toBe('requesting');
  });

  it('measures round-trip time from its own clock', () => {
    const { session, sent, host, advance, states } = setup();
    session.request(['view']);
    const { requestId } = sent[0] as Extract<ControllerFrame, { type: 'request' }>;
    host({ type: 'grant', requestId, sessionId: 'session-0002', scopes: ['view'], expiresAt: 9e12, displays: [] });
    const ping = sent.find((f) => f.type === 'ping') as Extract<ControllerFrame, { type: 'ping' }>;
    advance(12);
    host({ type: 'pong', sessionId: 'session-0002', sentAt: ping.sentAt });
    expect(states.at(-1)!.rttMs).toBe(12);
    session.dispose();
  });

  it('stops sending after a revoke and shows the reason', () => {
    const { session, sent, host, states } = setup();
    session.request(['pointer']);
    const { requestId } = sent[0] as Extract<ControllerFrame, { type: 'request' }>;
    host({ type: 'grant', requestId, sessionId: 'session-0003', scopes: ['view', 'pointer'], expiresAt: 9e12, displays: [display] });
    host({ type: 'revoke', sessionId: 'session-0003', reason: 'control passed to Bob' });
    expect(states.at(-1)).toMatchObject({ phase: 'revoked', reason: 'control passed to Bob' });
    expect(session.input(move)).toBe(false);
  });

  it('keeps viewing when control passes to another member, and controls again when handed back', () => {
    const { session, sent, host, states } = setup();
    session.request(['pointer']);
    const { requestId } = sent[0] as Extract<ControllerFrame, { type: 'request' }>;
    host({ type: 'grant', requestId, sessionId: 'session-0004', scopes: ['view', 'pointer'], expiresAt: 9e12, displays: [display] });
    host({ type: 'scopes', sessionId: 'session-0004', scopes: ['view'], reason: 'control passed to Bob' });
    expect(states.at(-1)).toMatchObject({ phase: 'granted', scopes: ['view'], reason: 'control passed to Bob' });
    expect(session.input(move)).toBe(false);
    host({ type: 'scopes', sessionId: 'session-0004', scopes: ['view', 'pointer'], reason: 'you have control' });
    expect(session.input(move)).toBe(true);
    session.dispose();
  });
});
