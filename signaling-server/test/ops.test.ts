/** Operations endpoints of the real server process: /healthz, /metrics, and refusals at the door. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReportSchema } from '../../common/wire/serverLifecycle';
import { metricValue } from './support/metrics';
import { startServer, type ServerProcess } from './support/serverProcess';
import { TestClient } from './support/testClient';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('operations', () => {
  it('reports health with the live connection count', async () => {
    const c = await TestClient.connect(server.wsUrl);
    const health = HealthReportSchema.parse(await (await fetch(`${server.url}/healthz`)).json());
    expect(health).toMatchObject({ status: 'ok', connections: 1 });
    c.close();
  });

  it('exports connections, rooms, messages by type, rejects by reason and relay latency', async () => {
    const host = await TestClient.connect(server.wsUrl);
    await host.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
    const invite = await host.expect({ type: 'room.invite' }, 'room.invite');
    const peer = await TestClient.connect(server.wsUrl);
    await peer.expect({ type: 'room.join', roomId: host.roomId!, invite: invite.code }, 'room.joined');
    const got = peer.next('signal');
    host.send({ type: 'signal', to: peer.memberId!, signal: { kind: 'renegotiate' } });
    await got;
    host.sendRaw('garbage');
    await host.next('error');

    expect(await metricValue(server.url, 'meshwork_connections')).toBe(2);
    expect(await metricValue(server.url, 'meshwork_rooms')).toBe(1);
    expect(await metricValue(server.url, 'meshwork_messages_total', { type: 'signal' })).toBe(1);
    expect(await metricValue(server.url, 'meshwork_messages_total', { type: 'invalid' })).toBe(1);
    expect(await metricValue(server.url, 'meshwork_rejects_total', { reason: 'bad-frame' })).toBe(1);
    expect(await metricValue(server.url, 'meshwork_relay_latency_seconds_count')).toBe(1);
    expect(await metricValue(server.url, 'meshwork_process_resident_memory_bytes')).toBeGreaterThan(0);
    host.close();
    peer.close();
  });

  it('refuses sockets on other paths and unknown HTTP routes', async () => {
    await expect(TestClient.open(server.wsUrl.replace('/ws', '/other'))).rejects.toThrow(/404/);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/auth/token`)).status).toBe(405);
  });

  it('answers ping with pong', async () => {
    const c = await TestClient.open(server.wsUrl);
    c.send({ type: 'ping', id: 9 });
    expect(await c.next('pong')).toMatchObject({ id: 9 });
    c.close();
  });
});
