/** Two (and three) server processes sharing rooms through a real redis-server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCodes, type SignalPayload } from '../../common/wire/signaling';
import { startRedis, type RedisProcess } from './support/redisProcess';
import { startServer, type ServerProcess } from './support/serverProcess';
import { TestClient } from './support/testClient';

let redis: RedisProcess;
let a: ServerProcess;
let b: ServerProcess;
const clients: TestClient[] = [];
const env = () => ({ REDIS_URL: redis.url, MESHWORK_SEAT_GRACE_MS: '15000', MESHWORK_SWEEP_INTERVAL_MS: '200' });

beforeAll(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([startServer(env()), startServer(env())]);
}, 30_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

async function connect(server: ServerProcess, sub: string) {
  const client = await TestClient.connect(server.wsUrl, { sub, name: sub });
  clients.push(client);
  return client;
}

const offer: SignalPayload = { kind: 'offer', description: { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' } };

describe('scale-out with Redis', () => {
  let host: TestClient;
  let peer: TestClient;
  let roomId: string;

  it('a peer on instance B joins a room made on instance A, and they signal each other', async () => {
    host = await connect(a, 'host-on-a');
    peer = await connect(b, 'peer-on-b');
    expect(host.frames[0]).not.toMatchObject({ instanceId: (peer.frames[0] as { instanceId: string }).instanceId });
    roomId = (await host.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined')).room.roomId;
    const invite = await host.expect({ type: 'room.invite' }, 'room.invite');
    const joined = await peer.expect({ type: 'room.join', roomId, invite: invite.code }, 'room.joined');
    expect(joined.room.members.map((m) => m.userId)).toEqual(['host-on-a', 'peer-on-b']);
    const seen = await host.next('room.state', (f) => f.room.members.length === 2);
    expect(seen.room.members[1]).toMatchObject({ userId: 'peer-on-b', connection: 'online' });

    const atPeer = peer.next('signal');
    host.send({ type: 'signal', to: peer.memberId!, signal: offer });
    expect(await atPeer).toEqual({ type: 'signal', from: host.memberId, signal: offer });
    const atHost = host.next('signal');
    peer.send({ type: 'signal', to: host.memberId!, signal: { kind: 'renegotiate', reason: 'cross-instance' } });
    expect((await atHost).from).toBe(peer.memberId);
  });

  it('keeps other rooms apart across instances', async () => {
    const outsider = await connect(a, 'outsider-on-a');
    await outsider.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
    expect(await outsider.request({ type: 'signal', to: peer.memberId!, signal: offer })).toMatchObject({ code: 'no-such-peer' });
    expect(await outsider.request({ type: 'room.join', roomId })).toMatchObject({ code: 'already-in-room' });
    const other = await connect(b, 'other-on-b');
    expect(await other.request({ type: 'room.join', roomId })).toMatchObject({ code: 'bad-invite' });
    expect(await peer.nothing((f) => f.type === 'signal')).toBe(true);
  });

  it('when instance A is killed, its clients resume their seats on instance B', async () => {
    const seat = { memberId: host.memberId!, resumeToken: host.resumeToken! };
    await a.stop('SIGKILL');
    await host.closed;
    // B notices A is gone (no heartbeat) and marks the host as reconnecting, seat kept.
    const marked = await peer.next('room.state', (f) => f.room.members.some((m) => m.userId === 'host-on-a' && m.connection === 'reconnecting'), 10_000);
    expect(marked.room.members).toHaveLength(2);

    const back = await connect(b, 'host-on-a');
    const resumed = await back.expect({ type: 'room.resume', roomId, ...seat }, 'room.joined');
    expect(resumed).toMatchObject({ resumed: true, you: { memberId: seat.memberId, role: 'host' } });
    const atBack = back.next('signal');
    peer.send({ type: 'signal', to: seat.memberId, signal: offer });
    expect((await atBack).from).toBe(peer.memberId);
    host = back;
  }, 20_000);

  it('SIGTERM drains: clients are told to reconnect, and resume on another instance', async () => {
    const c = await startServer(env());
    try {
      const client = await connect(c, 'moving-user');
      const invite = await host.expect({ type: 'room.invite' }, 'room.invite');
      const joined = await client.expect({ type: 'room.join', roomId, invite: invite.code }, 'room.joined');
      const draining = client.next('server.draining');
      const exit = c.stop('SIGTERM');
      expect(await draining).toMatchObject({ type: 'server.draining' });
      expect(await client.closed).toMatchObject({ code: CloseCodes.serverRestart });
      expect(await exit).toEqual({ code: 0, signal: null });
      // A draining instance refuses new sockets, so the client goes to B.
      const again = await connect(b, 'moving-user');
      const resumed = await again.expect({ type: 'room.resume', roomId, memberId: joined.you.memberId, resumeToken: joined.you.resumeToken }, 'room.joined');
      expect(resumed.resumed).toBe(true);
      expect(resumed.room.members.find((m) => m.memberId === joined.you.memberId)?.connection).toBe('online');
    } finally {
      await c.stop('SIGKILL');
    }
  }, 20_000);
});
