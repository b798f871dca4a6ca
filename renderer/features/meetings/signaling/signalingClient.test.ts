/**
 * The signaling client against a scripted server: requests matched by rid, frames that are not
 * protocol dropped, and a draining server (1012) followed by a reconnect that resumes the seat
 * with a fresh token and the resume token.
 */
import { describe, expect, it } from 'vitest';
import type { ClientFrame, ServerFrame } from '../../../../common/wire/signaling';
import { SignalingClient, signalingUrl, type SignalingState } from './signalingClient';

const room = (members: string[]) => ({
  roomId: 'room-1',
  access: 'invite' as const,
  workspaceId: null,
  locked: false,
  capacity: 6,
  members: members.map((id, i) => ({
    memberId: id,
    userId: `u${i}`,
    displayName: id,
    role: 'participant' as const,
    connection: 'online' as const,
    presence: { status: 'active' as const, audio: true, video: true, screen: false, handRaised: false },
    joinedAt: 1,
  })),
});

interface FakeSocket {
  deliver(frame: ServerFrame | string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket stand-in whose "server" is a function of the frames it receives. */
function fakeServer(reply: (frame: ClientFrame, socket: FakeSocket) => void) {
  const sockets: FakeSocket[] = [];
  class Socket implements FakeSocket {
    readyState = 0;
    onopen: (() => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    sent: ClientFrame[] = [];
    constructor(readonly url: string) {
      sockets.push(this);
      setTimeout(() => {
        this.readyState = 1;
        this.onopen?.();
      }, 0);
    }
    send(data: string) {
      const frame = JSON.parse(data) as ClientFrame;
      this.sent.push(frame);
      setTimeout(() => reply(frame, this), 0);
    }
    deliver(frame: ServerFrame | string) {
      this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
    }
    close(code = 1000, reason = '') {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
  }
  return { sockets, Impl: Socket as unknown as typeof WebSocket };
}

function welcome(rid: number | undefined, lifetimeMs = 60_000): ServerFrame {
  return { type: 'welcome', rid, user: { id: 'u0', displayName: 'Ann' }, tokenExpiresAt: Date.now() + lifetimeMs, instanceId: 'i1', maxFrameBytes: 65536 };
}

describe('SignalingClient', () => {
  it('derives the ws URL from the server URL', () => {
    expect(signalingUrl('http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787/ws');
    expect(signalingUrl('https://meet.example.com/')).toBe('wss://meet.example.com/ws');
  });

  it('authenticates, joins, relays, ignores junk, and resumes its seat after the server drains', async () => {
    let tokens = 0;
    const states: SignalingState[] = [];
    const signals: string[] = [];
    const resumed: string[] = [];
    const { sockets, Impl } = fakeServer((frame, socket) => {
      switch (frame.type) {
        case 'hello':
          expect(frame.token).toMatch(/^token-\d$/);
          return socket.deliver(welcome(frame.rid));
        case 'room.join':
          return socket.deliver({ type: 'room.joined', rid: frame.rid, room: room(['m-ann', 'm-ben']), you: { memberId: 'm-ann', role: 'participant', resumeToken: 'resume-1' }, resumed: false });
        case 'room.resume':
          expect(frame).toMatchObject({ roomId: 'room-1', memberId: 'm-ann', resumeToken: 'resume-1' });
          return socket.deliver({ type: 'room.joined', rid: frame.rid, room: room(['m-ann', 'm-ben']), you: { memberId: 'm-ann', role: 'participant', resumeToken: 'resume-2' }, resumed: true });
        case 'ice.config':
          return socket.deliver({ type: 'error', rid: frame.rid, code: 'rate-limited', message: 'slow down' });
      }
    });
    const client = new SignalingClient({
      serverUrl: 'http://server.test',
      getToken: async () => `token-${++tokens}`,
      WebSocketImpl: Impl,
      events: {
        state: (s) => states.push(s),
        signal: (from, signal) => signals.push(`${from}:${signal.kind}`),
        resumed: (r) => resumed.push(r.roomId),
      },
    });
    await client.connect();
    expect(client.userId).toBe('u0');
    const joined = await client.joinRoom('room-1', 'invite-code');
    expect(joined.members).toHaveLength(2);
    expect(client.seat).toEqual({ roomId: 'room-1', memberId: 'm-ann', resumeToken: 'resume-1' });
    await expect(client.iceServers()).rejects.toMatchObject({ code: 'rate-limited' });

    const socket = sockets[0]!;
    socket.deliver('not json');
    socket.deliver(JSON.stringify({ type: 'signal', from: 'm-ben', signal: { kind: 'offer' } }));
    socket.deliver({ type: 'signal', from: 'm-ben', signal: { kind: 'renegotiate' } });
    expect(signals).toEqual(['m-ben:renegotiate']);

    socket.deliver({ type: 'server.draining', reconnectAfterMs: 0 });
    socket.close(1012, 'Server restarting');
    await expect.poll(() => resumed).toEqual(['room-1']);
    expect(sockets).toHaveLength(2);
    expect(tokens).toBe(2);
    expect(client.seat?.resumeToken).toBe('resume-2');
    // 'reconnecting' may repeat as its reason changes (draining, then the close itself).
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    client.close();
    expect(states.at(-1)).toBe('closed');
  });

  it('does not reconnect after a fatal close, and says why', async () => {
    const left: string[] = [];
    const { sockets, Impl } = fakeServer((frame, socket) => {
      if (frame.type === 'hello') socket.deliver(welcome(frame.rid));
      if (frame.type === 'room.create') {
        socket.deliver({ type: 'room.joined', rid: frame.rid, room: room(['m-ann']), you: { memberId: 'm-ann', role: 'host', resumeToken: 'r' }, resumed: false });
      }
    });
    let reason: string | null = null;
    const client = new SignalingClient({
      serverUrl: 'http://server.test',
      getToken: async () => 'token-1',
      WebSocketImpl: Impl,
      events: { left: (r) => left.push(r), state: (s, r) => s === 'closed' && (reason = r) },
    });
    await client.connect();
    await client.createRoom();
    sockets[0]!.close(4409, 'Seat resumed on another connection');
    await new Promise((r) => setTimeout(r, 50));
    expect(sockets).toHaveLength(1);
    expect(reason).toBe('Seat resumed on another connection');
    expect(left).toEqual(['Seat resumed on another connection']);
  });

  it('presents a fresh token before the current one runs out, and retries a refused refresh', async () => {
    const reauths: string[] = [];
    let refuseNext = true;
    const { sockets, Impl } = fakeServer((frame, socket) => {
      if (frame.type === 'hello') socket.deliver(welcome(frame.rid, 7000));
      if (frame.type === 'reauth') {
        reauths.push(frame.token);
        if (refuseNext) {
          refuseNext = false;
          return socket.deliver({ type: 'error', rid: frame.rid, code: 'token-mismatch', message: 'not this one' });
        }
        socket.deliver({ type: 'reauth.ok', rid: frame.rid, tokenExpiresAt: Date.now() + 60_000 });
      }
    });
    let tokens = 0;
    const states: SignalingState[] = [];
    const client = new SignalingClient({ serverUrl: 'http://server.test', getToken: async () => `token-${++tokens}`, WebSocketImpl: Impl, events: { state: (s) => states.push(s) } });
    await client.connect();
    expect(reauths).toEqual([]);
    // 7 s of life: the first try comes at 2 s (5 s before the end), the retry within ~2.5 s after.
    await expect.poll(() => reauths, { timeout: 8000, interval: 100 }).toEqual(['token-2', 'token-3']);
    expect(sockets).toHaveLength(1);
    expect(states).toEqual(['connecting', 'connected']);
    client.close();
  }, 15_000);
});
