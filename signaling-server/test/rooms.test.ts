/** Rooms, roles, moderation and relay against the real server process: every refusal, and no leaks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPayload } from '../../common/wire/signaling';
import { startServer, type ServerProcess } from './support/serverProcess';
import { TestClient } from './support/testClient';

let server: ServerProcess;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startServer({
    MESHWORK_SEAT_GRACE_MS: '800',
    MESHWORK_SWEEP_INTERVAL_MS: '100',
    MESHWORK_PASSWORD_FREE_ATTEMPTS: '2',
    MESHWORK_PASSWORD_MAX_ATTEMPTS: '4',
    MESHWORK_MAX_CONNECTIONS_PER_IP: '500',
    MESHWORK_IP_RATE_PER_SEC: '100000',
    MESHWORK_IP_BURST: '100000',
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

async function user(options: Parameters<typeof TestClient.connect>[1] = {}) {
  const client = await TestClient.connect(server.wsUrl, options);
  clients.push(client);
  return client;
}

const offer: SignalPayload = { kind: 'offer', description: { type: 'offer', sdp: 'v=0\r\n' } };
const ice: SignalPayload = { kind: 'ice', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 } };

async function inviteRoom(host: TestClient) {
  return host.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
}

async function joinWithInvite(host: TestClient, guest: TestClient, role: 'participant' | 'guest' = 'participant') {
  const invite = await host.expect({ type: 'room.invite', role }, 'room.invite');
  return guest.expect({ type: 'room.join', roomId: host.roomId!, invite: invite.code }, 'room.joined');
}

describe('access policies', () => {
  it('workspace rooms admit members of that workspace only, as guest for workspace guests', async () => {
    const owner = await user({ ws: [{ id: 'acme', role: 'owner' }] });
    const member = await user({ ws: [{ id: 'acme', role: 'member' }] });
    const wsGuest = await user({ ws: [{ id: 'acme', role: 'guest' }] });
    const outsider = await user({ ws: [{ id: 'globex', role: 'owner' }] });

    expect(await outsider.request({ type: 'room.create', access: { kind: 'workspace', workspaceId: 'acme' } })).toMatchObject({
      code: 'forbidden',
    });
    expect(await wsGuest.request({ type: 'room.create', access: { kind: 'workspace', workspaceId: 'acme' } })).toMatchObject({
      code: 'forbidden',
    });
    const created = await owner.expect({ type: 'room.create', access: { kind: 'workspace', workspaceId: 'acme' } }, 'room.joined');
    expect(created.you.role).toBe('host');
    expect(created.room).toMatchObject({ access: 'workspace', workspaceId: 'acme', capacity: 6, locked: false });

    const roomId = created.room.roomId;
    expect(await outsider.request({ type: 'room.join', roomId })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await member.expect({ type: 'room.join', roomId }, 'room.joined')).you.role).toBe('participant');
    expect((await wsGuest.expect({ type: 'room.join', roomId }, 'room.joined')).you.role).toBe('guest');
    expect(await outsider.request({ type: 'room.join', roomId: 'no-such-room' })).toMatchObject({ code: 'no-such-room' });
  });

  it('invite rooms need a valid invite for that room', async () => {
    const host = await user();
    const other = await user();
    const stranger = await user();
    await inviteRoom(host);
    const otherRoom = await other.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
    const otherInvite = await other.expect({ type: 'room.invite' }, 'room.invite');

    expect(await stranger.request({ type: 'room.join', roomId: host.roomId! })).toMatchObject({ code: 'bad-invite' });
    expect(await stranger.request({ type: 'room.join', roomId: host.roomId!, invite: 'made-up-code' })).toMatchObject({ code: 'bad-invite' });
    // An invite to another room opens only that room.
    expect(await stranger.request({ type: 'room.join', roomId: host.roomId!, invite: otherInvite.code })).toMatchObject({
      code: 'bad-invite',
    });
    expect(otherRoom.room.roomId).not.toBe(host.roomId);
    const joined = await joinWithInvite(host, stranger, 'guest');
    expect(joined.you.role).toBe('guest');
  });

  it('participants and guests may not make invites', async () => {
    const host = await user();
    const guest = await user();
    await inviteRoom(host);
    await joinWithInvite(host, guest, 'guest');
    expect(await guest.request({ type: 'room.invite' })).toMatchObject({ code: 'forbidden' });
  });

  it('password rooms: wrong passwords are refused, then throttled, then refused outright', async () => {
    const host = await user();
    const created = await host.expect({ type: 'room.create', access: { kind: 'password', password: 'correct horse' } }, 'room.joined');
    const roomId = created.room.roomId;
    const friend = await user();
    expect((await friend.expect({ type: 'room.join', roomId, password: 'correct horse' }, 'room.joined')).you.role).toBe('participant');

    const guesser = await user();
    expect(await guesser.request({ type: 'room.join', roomId })).toMatchObject({ code: 'bad-password' });
    expect(await guesser.request({ type: 'room.join', roomId, password: 'guess-2' })).toMatchObject({ code: 'bad-password' });
    // Past the free attempts, the next try must wait.
    const throttled = await guesser.request({ type: 'room.join', roomId, password: 'correct horse' });
    expect(throttled).toMatchObject({ type: 'error', code: 'password-throttled' });
    expect(throttled.type === 'error' && throttled.retryAfterMs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await guesser.request({ type: 'room.join', roomId, password: 'guess-3' })).toMatchObject({ code: 'bad-password' });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await guesser.request({ type: 'room.join', roomId, password: 'guess-4' })).toMatchObject({ code: 'bad-password' });
    // Max attempts reached: refused even with the right password.
    expect(await guesser.request({ type: 'room.join', roomId, password: 'correct horse' })).toMatchObject({ code: 'password-locked' });
    // The same address under another account gets no fresh guesses.
    const sameIpOtherUser = await user();
    expect(await sameIpOtherUser.request({ type: 'room.join', roomId, password: 'correct horse' })).toMatchObject({ code: 'password-locked' });
  });
});

describe('lock, capacity, roles and moderation', () => {
  it('a locked room refuses new members; capacity is enforced', async () => {
    const host = await user();
    const created = await host.expect({ type: 'room.create', access: { kind: 'invite' }, capacity: 2 }, 'room.joined');
    expect(created.room.capacity).toBe(2);
    const invite = await host.expect({ type: 'room.invite' }, 'room.invite');
    const a = await user();
    const b = await user();
    await a.expect({ type: 'room.join', roomId: host.roomId!, invite: invite.code }, 'room.joined');
    expect(await b.request({ type: 'room.join', roomId: host.roomId!, invite: invite.code })).toMatchObject({ code: 'room-full' });
    expect(await host.request({ type: 'room.create', access: { kind: 'invite' }, capacity: 5000 })).toMatchObject({ code: 'bad-frame' });

    expect(await a.request({ type: 'room.lock', locked: true })).toMatchObject({ code: 'forbidden' });
    await host.expect({ type: 'room.lock', locked: true }, 'ok');
    expect((await a.next('room.state', (f) => f.room.locked)).room.locked).toBe(true);
    await a.expect({ type: 'room.leave' }, 'room.left');
    expect(await a.request({ type: 'room.join', roomId: host.roomId!, invite: invite.code })).toMatchObject({ code: 'room-locked' });
    await host.expect({ type: 'room.lock', locked: false }, 'ok');
    await a.expect({ type: 'room.join', roomId: host.roomId!, invite: invite.code }, 'room.joined');
  });

  it('the host kicks (and the kicked user stays out), moderators kick only below them', async () => {
    const host = await user();
    await inviteRoom(host);
    const mod = await user();
    const p1 = await user();
    const p2 = await user();
    const modJoin = await joinWithInvite(host, mod);
    const p1Join = await joinWithInvite(host, p1);
    await joinWithInvite(host, p2);

    expect(await p1.request({ type: 'room.kick', memberId: modJoin.you.memberId })).toMatchObject({ code: 'forbidden' });
    await host.expect({ type: 'room.setRole', memberId: modJoin.you.memberId, role: 'moderator' }, 'ok');
    expect(await mod.request({ type: 'room.kick', memberId: host.memberId! })).toMatchObject({ code: 'forbidden' });
    expect(await mod.request({ type: 'room.setRole', memberId: p1Join.you.memberId, role: 'moderator' })).toMatchObject({ code: 'forbidden' });

    const left = p1.next('room.left');
    await mod.expect({ type: 'room.kick', memberId: p1Join.you.memberId }, 'ok');
    expect(await left).toMatchObject({ reason: 'kicked', roomId: host.roomId });
    const state = await p2.next('room.state', (f) => f.room.members.length === 3);
    expect(state.room.members.map((m) => m.memberId)).not.toContain(p1Join.you.memberId);
    // Kicked: no more relaying into the room, and no way back in with a new invite.
    expect(await p1.request({ type: 'signal', to: host.memberId!, signal: offer })).toMatchObject({ code: 'not-in-room' });
    const invite = await host.expect({ type: 'room.invite' }, 'room.invite');
    expect(await p1.request({ type: 'room.join', roomId: host.roomId!, invite: invite.code })).toMatchObject({ code: 'banned' });
  });

  it('the host passes host on, and only the host ends the room for everyone', async () => {
    const host = await user();
    await inviteRoom(host);
    const next = await user();
    const other = await user();
    const nextJoin = await joinWithInvite(host, next);
    await joinWithInvite(host, other);
    expect(await next.request({ type: 'room.end' })).toMatchObject({ code: 'forbidden' });
    expect(await next.request({ type: 'room.transferHost', memberId: host.memberId! })).toMatchObject({ code: 'forbidden' });

    await host.expect({ type: 'room.transferHost', memberId: nextJoin.you.memberId }, 'ok');
    const state = await other.next('room.state', (f) => f.room.members.some((m) => m.memberId === nextJoin.you.memberId && m.role === 'host'));
    expect(state.room.members.find((m) => m.memberId === host.memberId)?.role).toBe('moderator');
    expect(await host.request({ type: 'room.end' })).toMatchObject({ code: 'forbidden' });

    const ends = [host, other].map((c) => c.next('room.left'));
    await next.expect({ type: 'room.end' }, 'ok');
    for (const end of ends) expect(await end).toMatchObject({ reason: 'ended' });
    expect(await other.request({ type: 'room.join', roomId: next.roomId! })).toMatchObject({ code: 'no-such-room' });
    // Everyone is free to start again.
    await other.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
  });

  it('when the host leaves, someone else becomes host; presence reaches every member', async () => {
    const host = await user();
    await inviteRoom(host);
    const a = await user();
    const aJoin = await joinWithInvite(host, a);
    await host.expect({ type: 'room.presence', presence: { audio: true, handRaised: true } }, 'ok');
    const seen = await a.next('room.state', (f) => f.room.members.some((m) => m.presence.handRaised));
    expect(seen.room.members.find((m) => m.memberId === host.memberId)?.presence).toMatchObject({ audio: true, handRaised: true, video: false });
    // A patch changes only the fields it names: muting keeps the raised hand.
    await host.expect({ type: 'room.presence', presence: { audio: false } }, 'ok');
    const muted = await a.next('room.state', (f) => f.room.members.some((m) => m.memberId === host.memberId && !m.presence.audio));
    expect(muted.room.members.find((m) => m.memberId === host.memberId)?.presence).toMatchObject({ audio: false, handRaised: true });
    await host.expect({ type: 'room.leave' }, 'room.left');
    const after = await a.next('room.state', (f) => f.room.members.length === 1);
    expect(after.room.members[0]).toMatchObject({ memberId: aJoin.you.memberId, role: 'host' });
  });
});

describe('relay', () => {
  it('delivers offers, answers, ICE and renegotiation to the named peer only', async () => {
    const host = await user();
    await inviteRoom(host);
    const a = await user();
    const b = await user();
    await joinWithInvite(host, a);
    await joinWithInvite(host, b);

    const got = a.next('signal');
    host.send({ type: 'signal', to: a.memberId!, signal: offer });
    expect(await got).toEqual({ type: 'signal', from: host.memberId, signal: offer });
    for (const signal of [ice, { kind: 'answer', description: { type: 'answer', sdp: 'v=0' } }, { kind: 'renegotiate' }] as SignalPayload[]) {
      const next = host.next('signal');
      a.send({ type: 'signal', to: host.memberId!, signal });
      expect((await next).signal).toEqual(signal);
    }
    expect(await b.nothing((f) => f.type === 'signal')).toBe(true);
  });

  it('never delivers to a target outside the sender room: it is an error', async () => {
    const hostA = await user({ ws: [{ id: 'ws-a', role: 'owner' }] });
    const hostB = await user({ ws: [{ id: 'ws-b', role: 'owner' }] });
    await hostA.expect({ type: 'room.create', access: { kind: 'workspace', workspaceId: 'ws-a' } }, 'room.joined');
    await hostB.expect({ type: 'room.create', access: { kind: 'workspace', workspaceId: 'ws-b' } }, 'room.joined');
    const peerB = await user({ ws: [{ id: 'ws-b', role: 'member' }] });
    await peerB.expect({ type: 'room.join', roomId: hostB.roomId! }, 'room.joined');

    for (const to of [peerB.memberId!, hostB.memberId!, 'made-up-member', hostA.memberId!]) {
      expect(await hostA.request({ type: 'signal', to, signal: offer })).toMatchObject({ type: 'error', code: 'no-such-peer' });
    }
    expect(await hostB.nothing((f) => f.type === 'signal')).toBe(true);
    expect(await peerB.nothing((f) => f.type === 'signal')).toBe(true);
    // Room state never names members of another room or workspace.
    for (const f of [...hostA.frames]) {
      if (f.type === 'room.state' || f.type === 'room.joined') expect(JSON.stringify(f)).not.toContain(hostB.memberId!);
    }
    // A member not in any room cannot relay at all.
    const loner = await user();
    expect(await loner.request({ type: 'signal', to: hostA.memberId!, signal: offer })).toMatchObject({ code: 'not-in-room' });
  });
});

describe('drops, resume and cleanup', () => {
  it('keeps a dropped member seat for the grace period and lets them resume', async () => {
    const host = await user({ sub: 'host-user' });
    await inviteRoom(host);
    const a = await TestClient.connect(server.wsUrl, { sub: 'resumer' });
    const aJoin = await joinWithInvite(host, a);
    a.ws.terminate();
    const reconnecting = await host.next('room.state', (f) => f.room.members.some((m) => m.connection === 'reconnecting'));
    expect(reconnecting.room.members.find((m) => m.memberId === aJoin.you.memberId)?.connection).toBe('reconnecting');
    expect(await host.request({ type: 'signal', to: aJoin.you.memberId, signal: offer })).toMatchObject({ code: 'peer-unavailable' });

    // Someone else cannot take the seat with a guessed or stolen-less token; the user needs the resume token.
    const thief = await user({ sub: 'thief' });
    expect(
      await thief.request({ type: 'room.resume', roomId: host.roomId!, memberId: aJoin.you.memberId, resumeToken: aJoin.you.resumeToken }),
    ).toMatchObject({ code: 'bad-resume' });

    const back = await user({ sub: 'resumer' });
    expect(await back.request({ type: 'room.resume', roomId: host.roomId!, memberId: aJoin.you.memberId, resumeToken: 'wrong' })).toMatchObject({
      code: 'bad-resume',
    });
    const resumed = await back.expect(
      { type: 'room.resume', roomId: host.roomId!, memberId: aJoin.you.memberId, resumeToken: aJoin.you.resumeToken },
      'room.joined',
    );
    expect(resumed).toMatchObject({ resumed: true, you: { memberId: aJoin.you.memberId, role: 'participant' } });
    // The old resume token was used up: a fresh one comes with each resume.
    expect(resumed.you.resumeToken).not.toBe(aJoin.you.resumeToken);
    const got = back.next('signal');
    host.send({ type: 'signal', to: aJoin.you.memberId, signal: offer });
    expect((await got).from).toBe(host.memberId);
  });

  it('frees the seat after the grace period and removes the empty room', async () => {
    const host = await user();
    await inviteRoom(host);
    const a = await TestClient.connect(server.wsUrl, { sub: 'leaver' });
    const aJoin = await joinWithInvite(host, a);
    a.ws.terminate();
    const gone = await host.next('room.state', (f) => f.room.members.length === 1, 5000);
    expect(gone.room.members.map((m) => m.memberId)).not.toContain(aJoin.you.memberId);

    const roomId = host.roomId!;
    host.ws.terminate();
    const prober = await user();
    // While the room exists an invite room answers bad-invite; once cleaned up, no-such-room.
    expect(await prober.request({ type: 'room.join', roomId })).toMatchObject({ code: 'bad-invite' });
    await expect
      .poll(async () => ((await prober.request({ type: 'room.join', roomId })) as { code?: string }).code, { timeout: 5000 })
      .toBe('no-such-room');
  });

  it('answers out-of-order frames with an error and stays usable', async () => {
    const a = await user();
    expect(await a.request({ type: 'room.leave' })).toMatchObject({ code: 'not-in-room' });
    expect(await a.request({ type: 'room.kick', memberId: 'x' })).toMatchObject({ code: 'not-in-room' });
    await a.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
    expect(await a.request({ type: 'room.create', access: { kind: 'invite' } })).toMatchObject({ code: 'already-in-room' });
    expect(await a.request({ type: 'room.join', roomId: a.roomId! })).toMatchObject({ code: 'already-in-room' });
    expect(await a.request({ type: 'signal', to: a.memberId!, signal: offer })).toMatchObject({ code: 'no-such-peer' });
    expect(await a.request({ type: 'room.transferHost', memberId: a.memberId! })).toMatchObject({ code: 'no-such-peer' });
    await a.expect({ type: 'room.lock', locked: true }, 'ok');
  });
});

describe('ICE configuration', () => {
  it('hands out STUN and short-lived TURN REST credentials', async () => {
    const turnServer = await startServer({
      MESHWORK_STUN_URLS: 'stun:stun.example.test:3478',
      MESHWORK_TURN_URLS: 'turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp',
      MESHWORK_TURN_SECRET: 'turn-shared-secret-for-tests',
      MESHWORK_TURN_TTL_SECONDS: '300',
    });
    try {
      const c = await TestClient.connect(turnServer.wsUrl, { sub: 'ice-user' });
      const config = await c.expect({ type: 'ice.config' }, 'ice.config');
      expect(config.iceServers[0]).toEqual({ urls: ['stun:stun.example.test:3478'] });
      const turn = config.iceServers[1]!;
      const [expiry, userId] = turn.username!.split(':');
      expect(userId).toBe('ice-user');
      expect(Number(expiry) * 1000).toBe(config.expiresAt);
      expect(config.expiresAt - Date.now()).toBeGreaterThan(290_000);
      expect(config.expiresAt - Date.now()).toBeLessThanOrEqual(300_000);
      const { createHmac } = await import('node:crypto');
      expect(turn.credential).toBe(createHmac('sha1', 'turn-shared-secret-for-tests').update(turn.username!).digest('base64'));
      c.close();
    } finally {
      await turnServer.stop();
    }
  });
});
