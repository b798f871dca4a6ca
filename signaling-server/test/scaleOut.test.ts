/** Two (and three) server processes sharing rooms through a real redis-server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCodes, type SignalPayload } from '../../common/wire/signaling';
import { parsePage, syncPath, type SyncOp } from '../../common/wire/sync';
import { startPostgres, type PostgresCluster } from '../../testing/postgres';
import { startRedis, type RedisProcess } from './support/redisProcess';
import { startServer, type ServerProcess } from './support/serverProcess';
import { TestClient } from './support/testClient';
import { token } from './support/tokens';

let redis: RedisProcess;
let a: ServerProcess;
let b: ServerProcess;
const clients: TestClient[] = [];
const env = () => ({
  REDIS_URL: redis.url,
  MESHWORK_SEAT_GRACE_MS: '15000',
  MESHWORK_SWEEP_INTERVAL_MS: '200',
  MESHWORK_PASSWORD_FREE_ATTEMPTS: '2',
  MESHWORK_PASSWORD_MAX_ATTEMPTS: '2',
});

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

  it('counts room-password guesses across instances', async () => {
    const owner = await connect(a, 'pw-owner');
    const pwRoom = (await owner.expect({ type: 'room.create', access: { kind: 'password', password: 'open sesame' } }, 'room.joined')).room.roomId;
    const onA = await connect(a, 'guesser');
    expect(await onA.request({ type: 'room.join', roomId: pwRoom, password: 'guess-1' })).toMatchObject({ code: 'bad-password' });
    expect(await onA.request({ type: 'room.join', roomId: pwRoom, password: 'guess-2' })).toMatchObject({ code: 'bad-password' });
    // A fresh connection on the other instance gets no fresh guesses, not even the right one.
    const onB = await connect(b, 'guesser');
    expect(await onB.request({ type: 'room.join', roomId: pwRoom, password: 'open sesame' })).toMatchObject({ code: 'password-locked' });
    // The lock is for that room only.
    const other = await connect(b, 'pw-owner-2');
    const otherRoom = (await other.expect({ type: 'room.create', access: { kind: 'password', password: 'other door' } }, 'room.joined')).room.roomId;
    await onB.expect({ type: 'room.join', roomId: otherRoom, password: 'other door' }, 'room.joined');
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

describe('sync across instances (Redis + one PostgreSQL)', () => {
  let pg: PostgresCluster;
  let c: ServerProcess;
  let d: ServerProcess;
  const workspaceId = 'cluster-ws';
  const ws = [{ id: workspaceId, role: 'member' as const }];

  beforeAll(async () => {
    pg = await startPostgres({ fsync: false });
    const shared = { ...env(), DATABASE_URL: await pg.createDatabase() };
    [c, d] = await Promise.all([startServer(shared), startServer(shared)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([c?.stop(), d?.stop()]);
    await pg?.stop();
  });

  it('a push taken by one instance reaches a socket subscribed on the other as sync.changed', async () => {
    const onD = await TestClient.connect(d.wsUrl, { sub: 'listener', ws });
    clients.push(onD);
    await onD.expect({ type: 'sync.subscribe', workspaceId }, 'ok');
    const changed = onD.next('sync.changed', (f) => f.workspaceId === workspaceId, 10_000);

    const now = Date.now();
    const op: SyncOp = {
      id: 'cluster-op-0001',
      entity: 'teams',
      entityId: 'team-cluster',
      kind: 'insert',
      fields: { name: 'Across', createdAt: now, updatedAt: now, deletedAt: null },
      hlc: `${String(now).padStart(15, '0')}-000000-ncluster1`,
      author: 'ncluster1',
    };
    const pushed = await fetch(`${c.url}${syncPath(workspaceId, 'push')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token({ sub: 'writer', ws })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ops: [op] }),
    });
    expect(pushed.status).toBe(200);
    const { cursor } = (await pushed.json()) as { cursor: number };
    expect(await changed).toEqual({ type: 'sync.changed', workspaceId, cursor });
    // And the other instance serves what the first one stored.
    const pulled = await fetch(`${d.url}${syncPath(workspaceId, 'ops')}?after=0`, { headers: { authorization: `Bearer ${await token({ sub: 'listener', ws })}` } });
    expect(parsePage('ops', await pulled.text()).ops.map((o) => o.op.id)).toEqual([op.id]);
  });
});
