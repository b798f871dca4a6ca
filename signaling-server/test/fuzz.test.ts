/**
 * Fuzz: well over 10,000 random and malformed frames at a running server process (bad JSON,
 * wrong types, huge strings, unknown types, binary, hostile-but-valid frames aimed at other
 * rooms, floods). The server must stay up with bounded memory, close only with protocol close
 * codes, and keep serving well-behaved clients in other rooms, which must never see a stray frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCodes, type SignalPayload } from '../../common/wire/signaling';
import { metricSum, metricValue } from './support/metrics';
import { startServer, type ServerProcess } from './support/serverProcess';
import { TestClient } from './support/testClient';
import { token } from './support/tokens';

const FRAMES = 10_500;
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer({
    // Everything here comes from 127.0.0.1: per-IP limits would punish the good clients for the
    // fuzzers' floods. Per-connection limits (the ones under test) stay at their defaults.
    MESHWORK_MAX_CONNECTIONS_PER_IP: '100000',
    MESHWORK_IP_RATE_PER_SEC: '10000000',
    MESHWORK_IP_BURST: '10000000',
  });
});
afterAll(async () => {
  await server?.stop();
});

/** A small seeded PRNG so a failure can be replayed with the seed it prints. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['hello', 'reauth', 'ping', 'room.create', 'room.join', 'room.resume', 'room.leave', 'room.presence', 'room.kick', 'room.lock', 'room.end', 'room.transferHost', 'room.setRole', 'room.invite', 'signal', 'ice.config'];

function makeFrameFactory(random: () => number, targets: () => string[]) {
  const pick = <T,>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const junkValue = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => -1,
      () => 1e308,
      () => random() * 1e12,
      () => 'x'.repeat(Math.floor(random() * 5000)),
      () => [],
      () => ({}),
      () => true,
      () => '\u0000\ud800',
      () => ({ __proto__: { polluted: true } }),
      () => pick(targets().concat(['../../etc', '*'])),
    ])();
  return (): string | Buffer => {
    switch (Math.floor(random() * 10)) {
      case 0: // bad JSON
        return pick(['{', '}', '{"type":', 'null', 'undefined', '[1,2', '"str', '{"type":"ping","id":1,}', String.fromCharCode(...Array.from({ length: 40 }, () => Math.floor(random() * 256)))]);
      case 1: // unknown types
        return JSON.stringify({ type: `x-${Math.floor(random() * 1e6)}`, id: 1 });
      case 2: // a known type with wrong field types
        return JSON.stringify({ type: pick(TYPES), rid: junkValue(), to: junkValue(), roomId: junkValue(), token: junkValue(), signal: junkValue(), access: junkValue() });
      case 3: // huge strings (within and beyond the frame limit)
        return JSON.stringify({ type: 'signal', to: pick(targets()), signal: { kind: 'offer', description: { type: 'offer', sdp: 'v'.repeat(random() < 0.1 ? 70_000 : 40_000) } } });
      case 4: // binary
        return Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256)));
      case 5: // deep nesting
        return '['.repeat(10_000) + ']'.repeat(10_000);
      case 6: // valid frames aimed at other rooms' members
        return JSON.stringify({ type: 'signal', to: pick(targets()), signal: { kind: 'ice', candidate: null } });
      case 7: // valid moderation against members not in our room
        return JSON.stringify({ type: pick(['room.kick', 'room.transferHost']), memberId: pick(targets()) });
      case 8: // prototype games
        return '{"type":"ping","id":1,"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}';
      default: // plausible frames with random values
        return JSON.stringify({ type: pick(TYPES), rid: Math.floor(random() * 100), roomId: 'r'.repeat(Math.floor(random() * 70)), memberId: pick(targets()), locked: random() < 0.5, presence: { audio: junkValue() } });
    }
  };
}

describe('fuzz', () => {
  it(`survives ${FRAMES} random and malformed frames while good clients keep working`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
    const random = prng(seed);
    console.info(`fuzz seed ${seed} (FUZZ_SEED=${seed} to replay)`);

    // Two well-behaved rooms of two peers each, relaying back and forth throughout.
    const good: TestClient[][] = [];
    for (let r = 0; r < 2; r++) {
      const host = await TestClient.connect(server.wsUrl, { sub: `good-host-${r}` });
      await host.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
      const invite = await host.expect({ type: 'room.invite' }, 'room.invite');
      const peer = await TestClient.connect(server.wsUrl, { sub: `good-peer-${r}` });
      await peer.expect({ type: 'room.join', roomId: host.roomId!, invite: invite.code }, 'room.joined');
      good.push([host, peer]);
    }
    const goodMembers = good.flat().map((c) => c.memberId!);
    let relayed = 0;
    let stop = false;
    const goodTraffic = (async () => {
      while (!stop) {
        for (const [host, peer] of good) {
          const signal: SignalPayload = { kind: 'renegotiate', reason: `n${relayed}` };
          const got = peer.next('signal', (f) => f.signal.kind === 'renegotiate' && f.signal.reason === signal.reason);
          host.send({ type: 'signal', to: peer.memberId!, signal });
          expect((await got).from).toBe(host.memberId);
          relayed++;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const rssBefore = server.rssBytes();
    const closeCodes = new Map<number, number>();
    const allowedCloses = new Set<number>([CloseCodes.abuse, CloseCodes.rateLimited, CloseCodes.unauthenticated, CloseCodes.tokenInvalid, CloseCodes.tokenExpired, 1009]);
    let sent = 0;
    let peakRss = rssBefore;
    // Counted where they land: frames the server parsed (valid or not) plus frames its rate limit refused.
    const landedNow = async () =>
      (await metricSum(server.url, 'meshwork_messages_total')) + (await metricValue(server.url, 'meshwork_rejects_total', { reason: 'rate-limited' }));
    let landed = await landedNow();
    const poller = setInterval(() => {
      void landedNow().then((n) => (landed = n));
      peakRss = Math.max(peakRss, server.rssBytes());
    }, 100);

    async function fuzzer(id: number) {
      while (landed < FRAMES) {
        // Half the fuzzers authenticate (and sit in a room of their own) to reach the deeper handlers.
        const authed = id % 2 === 0;
        const client = authed ? await TestClient.connect(server.wsUrl, { sub: `fuzzer-${id}` }) : await TestClient.open(server.wsUrl);
        if (authed && random() < 0.5) await client.request({ type: 'room.create', access: { kind: 'invite' } });
        const next = makeFrameFactory(random, () => goodMembers.concat(client.memberId ?? 'x'));
        let open = true;
        void client.closed.then(({ code }) => {
          open = false;
          closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
        });
        const flood = random() < 0.15;
        while (open && landed < FRAMES) {
          const burst = flood ? 300 : 1 + Math.floor(random() * 20);
          for (let i = 0; i < burst && open; i++) {
            client.sendRaw(flood ? '{"type":"ping","id":1}' : next());
            sent++;
          }
          // Let the server catch up before the next burst, so the frames sent are frames it read.
          const syncId = 1_000_000 + Math.floor(random() * 1e6);
          client.send({ type: 'ping', id: syncId });
          await client
            .waitFor((f) => f.type === 'pong' && f.id === syncId, flood ? 300 : 2000, 'sync')
            .catch(() => undefined);
        }
        client.ws.terminate();
        peakRss = Math.max(peakRss, server.rssBytes());
      }
    }
    await Promise.all([0, 1, 2, 3, 4, 5].map(fuzzer));
    clearInterval(poller);
    landed = await landedNow();
    stop = true;
    await goodTraffic;

    expect(landed).toBeGreaterThanOrEqual(FRAMES);
    expect(server.child.exitCode).toBeNull();
    for (const code of closeCodes.keys()) expect(allowedCloses.has(code) || code === 1006 || code === 1005, `close code ${code}`).toBe(true);
    expect(relayed).toBeGreaterThan(0);
    // No fuzz frame ever reached a good client: they saw only their own peer's signals and their rooms' state.
    for (const [host, peer] of good) {
      for (const f of [...host.frames, ...peer.frames]) {
        if (f.type === 'signal') expect([host.memberId, peer.memberId]).toContain(f.from);
        expect(f.type).not.toBe('room.left');
      }
    }
    // Memory stayed bounded (generous: this is about leaks of whole frames, not a tight budget).
    console.info(`fuzz: ${sent} frames sent, ${landed} landed, closes ${JSON.stringify(Object.fromEntries(closeCodes))}, rss ${(rssBefore / 2 ** 20).toFixed(0)} -> peak ${(peakRss / 2 ** 20).toFixed(0)} MiB, good relays ${relayed}`);
    expect(peakRss).toBeLessThan(rssBefore + 200 * 2 ** 20);

    // Still healthy: health, metrics, a fresh client, and the good rooms.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await metricValue(server.url, 'meshwork_messages_total', { type: 'invalid' })).toBeGreaterThan(1000);
    const fresh = await TestClient.connect(server.wsUrl, await token());
    await fresh.expect({ type: 'room.create', access: { kind: 'invite' } }, 'room.joined');
    const [host, peer] = good[0]!;
    const got = peer.next('signal');
    host.send({ type: 'signal', to: peer.memberId!, signal: { kind: 'ice', candidate: null } });
    expect((await got).from).toBe(host.memberId);
    for (const c of [...good.flat(), fresh]) c.close();
  }, 120_000);
});
