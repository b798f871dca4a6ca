/** The pure client in common/ against the real server process, over `ws`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SignalingClient, SignalingError, type SocketLike } from '../../common/signalingClient';
import type { ServerFrameOf } from '../../common/wire/signaling';
import { startServer, type ServerProcess } from './support/serverProcess';
import { token } from './support/tokens';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const socket = () => new WebSocket(server.wsUrl) as unknown as SocketLike;

describe('SignalingClient', () => {
  it('authenticates, runs a room and relays between two clients', async () => {
    const { client: host, welcome } = await SignalingClient.connect(socket(), await token({ sub: 'client-host', name: 'Host' }));
    expect(welcome.user).toEqual({ id: 'client-host', displayName: 'Host' });
    const created = await host.createRoom({ kind: 'invite' });
    const invite = await host.invite('guest');
    const { client: guest } = await SignalingClient.connect(socket(), await token({ sub: 'client-guest' }));
    const states: Array<ServerFrameOf<'room.state'>> = [];
    host.on('room.state', (f) => states.push(f));
    const joined = await guest.joinRoom(created.room.roomId, { invite: invite.code });
    expect(joined.you.role).toBe('guest');

    const got = new Promise<ServerFrameOf<'signal'>>((resolve) => guest.on('signal', resolve));
    host.signal(joined.you.memberId, { kind: 'renegotiate', reason: 'test' });
    expect(await got).toMatchObject({ from: created.you.memberId, signal: { kind: 'renegotiate', reason: 'test' } });
    expect(states.at(-1)?.room.members).toHaveLength(2);

    // Refusals reject with the server's code; pushes of errors reach listeners.
    await expect(guest.lock(true)).rejects.toMatchObject({ code: 'forbidden' });
    const refused = new Promise<ServerFrameOf<'error'>>((resolve) => host.on('error', resolve));
    host.signal('not-a-member', { kind: 'ice', candidate: null });
    expect((await refused).code).toBe('no-such-peer');

    const left = new Promise<ServerFrameOf<'room.left'>>((resolve) => guest.on('room.left', resolve));
    await host.end();
    expect((await left).reason).toBe('ended');
    host.close();
    guest.close();
  });

  it('rejects connect for a bad token with the close code, and pending requests on close', async () => {
    await expect(SignalingClient.connect(socket(), await token({ audience: 'wrong' }))).rejects.toBeInstanceOf(SignalingError);
    const { client } = await SignalingClient.connect(socket(), await token());
    const closed = new Promise((resolve) => client.onClose(resolve));
    client.close();
    expect(await closed).toMatchObject({ code: 1000 });
    await expect(client.iceConfig()).rejects.toMatchObject({ code: 'closed' });
  });
});
