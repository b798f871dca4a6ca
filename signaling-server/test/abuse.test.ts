/** Abuse limits against the real server process: each limit trips, with its close code, and the server stays healthy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCodes, type SignalPayload } from '../../common/wire/signaling';
import { metricValue } from './support/metrics';
import { startServer, type ServerProcess } from './support/serverProcess';
import { TestClient } from './support/testClient';

let limits: ServerProcess;
let perIp: ServerProcess;
let heartbeat: ServerProcess;

beforeAll(async () => {
  [limits, perIp, heartbeat] = await Promise.all([
    startServer({
      MESHWORK_MAX_FRAME_BYTES: '16384',
      MESHWORK_CONN_RATE_PER_SEC: '5',
      MESHWORK_CONN_BURST: '20',
      MESHWORK_MAX_INVALID_FRAMES: '10',
      MESHWORK_MAX_BUFFERED_BYTES: '65536',
    }),
    startServer({ MESHWORK_MAX_CONNECTIONS_PER_IP: '4', MESHWORK_IP_RATE_PER_SEC: '5', MESHWORK_IP_BURST: '30' }),
    startServer({ MESHWORK_HEARTBEAT_MS: '200' }),
  ]);
});
afterAll(async () => {
  await Promise.all([limits?.stop(), perIp?.stop(), heartbeat?.stop()]);
});

describe('abuse limits', () => {
  it('closes a connection that sends a frame over the size limit (1009), and counts it', async () => {
    const c = await TestClient.connect(limits.wsUrl);
    c.send({ type: 'ping', id: 1, pad: 'x'.repeat(20_000) });
    expect((await c.closed).code).toBe(1009);
    await expect.poll(() => metricValue(limits.url, 'meshwork_rejects_total', { reason: 'frame-too-large' })).toBeGreaterThan(0);
  });

  it('answers bad frames with errors, then closes a client that keeps sending them (4400)', async () => {
    const c = await TestClient.connect(limits.wsUrl);
    expect(await c.request({ type: 'ping' } as never)).toMatchObject({ code: 'bad-frame' });
    c.sendRaw(Buffer.from([1, 2, 3]));
    expect(await c.next('error')).toMatchObject({ code: 'bad-frame', message: /Binary/ });
    c.send({ type: 'ping', id: 2 });
    expect(await c.next('pong')).toMatchObject({ id: 2 });
    for (let i = 0; i < 30; i++) c.sendRaw('{not json');
    expect(await c.closed).toEqual({ code: CloseCodes.abuse, reason: 'Too many invalid frames' });
  });

  it('rate-limits a connection with error replies, then closes a flooding one (4429)', async () => {
    const c = await TestClient.connect(limits.wsUrl);
    for (let i = 0; i < 25; i++) c.send({ type: 'ping', id: i });
    expect(await c.next('error', (f) => f.code === 'rate-limited')).toMatchObject({ retryAfterMs: expect.any(Number) });
    for (let i = 0; i < 200; i++) c.send({ type: 'ping', id: i });
    expect(await c.closed).toEqual({ code: CloseCodes.rateLimited, reason: 'Rate limit exceeded' });
    // A polite neighbour on the same server is unaffected.
    const polite = await TestClient.connect(limits.wsUrl);
    expect(await polite.request({ type: 'ice.config' })).toMatchObject({ type: 'ice.config' });
    polite.close();
  });

  it('limits connections per IP (HTTP 429) and frames per IP across connections', async () => {
    const open = await Promise.all([1, 2, 3, 4].map(() => TestClient.open(perIp.wsUrl)));
    await expect(TestClient.open(perIp.wsUrl)).rejects.toThrow(/429/);
    // 4 connections x 10 frames is more than the per-IP burst of 30, though each connection is within its own limits.
    for (const c of open) for (let i = 0; i < 10; i++) c.send({ type: 'ping', id: i });
    const limited = await Promise.all(open.map((c) => c.nothing((f) => f.type === 'error' && f.code === 'rate-limited', 500)));
    expect(limited.filter((none) => !none).length).toBeGreaterThan(0);
    for (const c of open) c.close();
    await Promise.all(open.map((c) => c.closed));
    // Closed connections free their slots.
    await expect.poll(async () => TestClient.open(perIp.wsUrl).then((c) => (c.close(), true), () => false)).toBe(true);
  });

  it('drops a dead socket that stops answering pings', async () => {
    const c = await TestClient.connect(heartbeat.wsUrl);
    const before = await metricValue(heartbeat.url, 'meshwork_rejects_total', { reason: 'heartbeat-timeout' });
    // Stop reading: pings go unanswered, as from a peer that vanished without a FIN.
    (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await expect.poll(() => metricValue(heartbeat.url, 'meshwork_rejects_total', { reason: 'heartbeat-timeout' }), { timeout: 5000 }).toBeGreaterThan(before);
    await expect.poll(() => metricValue(heartbeat.url, 'meshwork_connections')).toBe(0);
  });

  it('disconnects a slow consumer instead of buffering for it (4408), the sender carries on', async () => {
    const fast = await startServer({ MESHWORK_MAX_BUFFERED_BYTES: '65536', MESHWORK_CONN_RATE_PER_SEC: '10000', MESHWORK_CONN_BURST: '10000' });
    try {
      const sender = await TestClient.connect(fast.wsUrl);
      await sender.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
      const invite = await sender.expect({ type: 'room.invite' }, 'room.invite');
      const slow = await TestClient.connect(fast.wsUrl);
      await slow.expect({ type: 'room.join', roomId: sender.roomId!, invite: invite.code }, 'room.joined');
      (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const big: SignalPayload = { kind: 'offer', description: { type: 'offer', sdp: 'a'.repeat(50_000) } };
      let reply = null;
      for (let round = 0; round < 40 && !reply; round++) {
        for (let i = 0; i < 50; i++) sender.send({ type: 'signal', to: slow.memberId!, signal: big });
        await new Promise((r) => setTimeout(r, 50));
        if ((await metricValue(fast.url, 'meshwork_rejects_total', { reason: 'slow-consumer' })) > 0) reply = true;
      }
      expect(reply).toBe(true);
      (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      expect((await slow.closed).code).not.toBe(1000);
      // The sender is fine: the slow peer is now just "reconnecting".
      expect(await sender.request({ type: 'signal', to: slow.memberId!, signal: big })).toMatchObject({ code: 'peer-unavailable' });
    } finally {
      await fast.stop();
    }
  }, 30_000);
});
