/**
 * Two Chromium pages connect through a real coturn using TURN REST credentials handed out by the
 * signaling server, with iceTransportPolicy 'relay'; the offer/answer/ICE go through the server's
 * relay. getStats must show a selected candidate pair whose candidates are relay candidates.
 */
import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type ServerProcess } from '../signaling-server/test/support/serverProcess';
import { token } from '../signaling-server/test/support/tokens';
import { startCoturn, type Coturn } from './support/coturn';

let coturn: Coturn;
let server: ServerProcess;

test.beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only', 'server'], { stdio: 'inherit', env: { ...process.env, MESHWORK_QUIET_BUILD: '1' } });
  if (build.status !== 0) throw new Error('could not build the server bundle');
  coturn = await startCoturn();
  server = await startServer({
    MESHWORK_TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
    MESHWORK_TURN_SECRET: coturn.secret,
    MESHWORK_TURN_TTL_SECONDS: '300',
  });
});

test.afterAll(async () => {
  await server?.stop();
  await coturn?.stop();
});

declare global {
  interface Window {
    peer?: {
      ws: WebSocket;
      frames: Array<Record<string, unknown>>;
      pc?: RTCPeerConnection;
      channel?: RTCDataChannel;
      received: string[];
    };
  }
}

/** In the page: open the signaling socket, say hello, and keep every frame. */
async function openSignaling(page: Page, wsUrl: string, accessToken: string) {
  await page.evaluate(
    ({ wsUrl, accessToken }) =>
      new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(wsUrl);
        const peer = { ws, frames: [] as Array<Record<string, unknown>>, received: [] as string[] };
        window.peer = peer;
        ws.onmessage = (e) => {
          const frame = JSON.parse(String(e.data)) as Record<string, unknown>;
          peer.frames.push(frame);
          if (frame.type === 'welcome') resolve();
        };
        ws.onerror = () => reject(new Error('socket error'));
        ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: accessToken }));
      }),
    { wsUrl, accessToken },
  );
}

/** In the page: send a request and wait for the frame carrying its rid. */
function request(page: Page, frame: Record<string, unknown>): Promise<Record<string, unknown>> {
  return page.evaluate(
    (frame) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const peer = window.peer!;
        const rid = Math.floor(Math.random() * 1e9);
        const timer = setTimeout(() => reject(new Error(`no reply to ${String(frame.type)}`)), 10_000);
        const listener = (e: MessageEvent) => {
          const reply = JSON.parse(String(e.data)) as Record<string, unknown>;
          if (reply.rid !== rid) return;
          clearTimeout(timer);
          peer.ws.removeEventListener('message', listener);
          resolve(reply);
        };
        peer.ws.addEventListener('message', listener);
        peer.ws.send(JSON.stringify({ ...frame, rid }));
      }),
    frame,
  );
}

/** In the page: a relay-only RTCPeerConnection signalled through the server to `remote`. */
async function startPeer(page: Page, remote: string, offerer: boolean) {
  await page.evaluate(
    async ({ remote, offerer }) => {
      const peer = window.peer!;
      const send = (signal: unknown) => peer.ws.send(JSON.stringify({ type: 'signal', to: remote, signal }));
      const ice = await new Promise<{ iceServers: RTCIceServer[] }>((resolve) => {
        const listener = (e: MessageEvent) => {
          const frame = JSON.parse(String(e.data)) as { type: string; iceServers: RTCIceServer[] };
          if (frame.type !== 'ice.config') return;
          peer.ws.removeEventListener('message', listener);
          resolve(frame);
        };
        peer.ws.addEventListener('message', listener);
        peer.ws.send(JSON.stringify({ type: 'ice.config' }));
      });
      const pc = new RTCPeerConnection({ iceServers: ice.iceServers, iceTransportPolicy: 'relay' });
      peer.pc = pc;
      pc.onicecandidate = (e) => send({ kind: 'ice', candidate: e.candidate ? e.candidate.toJSON() : null });
      const onChannel = (channel: RTCDataChannel) => {
        peer.channel = channel;
        channel.onmessage = (e) => peer.received.push(String(e.data));
      };
      pc.ondatachannel = (e) => onChannel(e.channel);
      peer.ws.addEventListener('message', async (e) => {
        const frame = JSON.parse(String(e.data)) as { type: string; signal?: { kind: string; description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit | null } };
        if (frame.type !== 'signal' || !frame.signal) return;
        const { signal } = frame;
        if (signal.kind === 'offer') {
          await pc.setRemoteDescription(signal.description!);
          await pc.setLocalDescription(await pc.createAnswer());
          send({ kind: 'answer', description: { type: 'answer', sdp: pc.localDescription!.sdp } });
        } else if (signal.kind === 'answer') {
          await pc.setRemoteDescription(signal.description!);
        } else if (signal.kind === 'ice' && signal.candidate) {
          await pc.addIceCandidate(signal.candidate);
        }
      });
      if (offerer) {
        onChannel(pc.createDataChannel('check'));
        await pc.setLocalDescription(await pc.createOffer());
        send({ kind: 'offer', description: { type: 'offer', sdp: pc.localDescription!.sdp } });
      }
    },
    { remote, offerer },
  );
}

/** In the page: the candidate types of the selected pair, from getStats. */
function selectedPair(page: Page) {
  return page.evaluate(async () => {
    const stats = await window.peer!.pc!.getStats();
    let pairId: string | undefined;
    stats.forEach((s: { type: string; selectedCandidatePairId?: string }) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    if (!pairId) return null;
    const pair = stats.get(pairId) as { state: string; localCandidateId: string; remoteCandidateId: string };
    const local = stats.get(pair.localCandidateId) as { candidateType: string; relayProtocol?: string };
    const remote = stats.get(pair.remoteCandidateId) as { candidateType: string };
    return { state: pair.state, local: local.candidateType, remote: remote.candidateType, relayProtocol: local.relayProtocol ?? null };
  });
}

test('two Chromium pages connect through coturn with server-issued TURN credentials, relay only', async ({ browser }) => {
  const [hostPage, guestPage] = await Promise.all([browser.newPage(), browser.newPage()]);
  // A page on the server's own loopback origin: Chromium may refuse loopback sockets from opaque origins.
  await Promise.all([hostPage.goto(`${server.url}/healthz`), guestPage.goto(`${server.url}/healthz`)]);
  await openSignaling(hostPage, server.wsUrl, await token({ sub: 'turn-host' }));
  await openSignaling(guestPage, server.wsUrl, await token({ sub: 'turn-guest' }));

  const created = (await request(hostPage, { type: 'room.create', access: { kind: 'invite' } })) as { room: { roomId: string }; you: { memberId: string } };
  const invite = (await request(hostPage, { type: 'room.invite' })) as { code: string };
  const joined = (await request(guestPage, { type: 'room.join', roomId: created.room.roomId, invite: invite.code })) as { you: { memberId: string } };
  expect(joined.you.memberId).toBeTruthy();

  // The credentials come from the server, in the TURN REST API form.
  const ice = (await request(guestPage, { type: 'ice.config' })) as { iceServers: Array<{ username: string; urls: string[] }> };
  expect(ice.iceServers[0]!.username).toMatch(/^\d+:turn-guest$/);

  await startPeer(guestPage, created.you.memberId, false);
  await startPeer(hostPage, joined.you.memberId, true);

  await expect.poll(() => hostPage.evaluate(() => window.peer!.channel?.readyState), { timeout: 20_000 }).toBe('open');
  await hostPage.evaluate(() => window.peer!.channel!.send('hello through the relay'));
  await expect.poll(() => guestPage.evaluate(() => window.peer!.received)).toEqual(['hello through the relay']);

  for (const page of [hostPage, guestPage]) {
    const pair = await selectedPair(page);
    expect(pair).toMatchObject({ state: 'succeeded', local: 'relay', remote: 'relay' });
  }
});
