/**
 * bench:transfer — file-transfer throughput between two members of a meeting on loopback,
 * against a raw RTCDataChannel blast between the same two pages in the same run.
 *   ours: a member sends a random file to another through the meeting UI; timed from Accept to
 *         the receiver's "done" (chunks, backpressure, IPC to main, disk, SHA-256 check).
 *   raw:  64 KiB messages on one ordered data channel of a connection of its own, with the same
 *         bufferedAmount pacing, timed until the receiver has counted every byte (no disk, no
 *         hashing). It runs in the meeting's pages while their call goes on, so both variants
 *         share the CPU with the same call: the ratio is the cost of the transfer path alone.
 *   host path: the receiving page hands the same number of bytes to main through the app's own
 *         API (`files.begin/write/finish`: 1 MiB calls, up to 32 in flight, written and hashed),
 *         with no WebRTC at all: what ours pays on top of raw.
 * Each line carries `cpu_s`, the CPU time Chromium and the app used during the best trial: with
 * both cores busy, ours costs about raw's CPU plus the host path's, which bounds the ratio.
 * Chromium is driven over DevTools without the Network domain (support/devtoolsBrowser.ts).
 * After an untimed warm-up of each, trials alternate raw and ours. One JSON object per line.
 * MESHWORK_BENCH_MB sets the size (default 50), MESHWORK_BENCH_TRIALS the trials (default 3,
 * best of each kept).
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { startApp } from '../e2e/support/appProcess';
import { DevtoolsBrowser, type DevtoolsPage } from './support/devtoolsBrowser';
import { groupCpuSeconds } from './support/groupCpu';

const MB = Number(process.env.MESHWORK_BENCH_MB ?? 50);
const TRIALS = Number(process.env.MESHWORK_BENCH_TRIALS ?? 3);
const BYTES = MB * 1024 * 1024;
const WARM_UP_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 300_000;
const HOST_PATH_CALL_BYTES = 1024 * 1024;

/** One timed run: wall time and the CPU Chromium and the app used meanwhile. */
interface Trial {
  ms: number;
  cpuS: number;
}

/** The process groups whose CPU a trial counts (Chromium's and the app's). */
let measured: number[] = [];

async function timed(run: () => Promise<number>): Promise<Trial> {
  const before = groupCpuSeconds(measured);
  const ms = await run();
  return { ms, cpuS: groupCpuSeconds(measured) - before };
}

async function member(browser: DevtoolsBrowser, url: string, name: string): Promise<DevtoolsPage> {
  const page = await browser.newPage(url);
  await page.evaluate(async ($, who) => {
    (await $.until(() => $.button('Meetings'), 30_000)).click();
    await $.until(() => $.field('Your name'), 30_000);
    $.fill('Your name', who);
  }, name);
  return page;
}

/** Two members in one meeting, both on their Files tab. */
async function meeting(browser: DevtoolsBrowser, url: string): Promise<[DevtoolsPage, DevtoolsPage]> {
  const ann = await member(browser, url, 'Ann');
  const ben = await member(browser, url, 'Ben');
  const link = await ann.evaluate(async ($) => {
    $.button('New meeting').click();
    return (await $.until(() => document.querySelector('[data-testid="invite-link"]')?.textContent, 30_000))!;
  }, null);
  await ben.evaluate(async ($, invite) => {
    $.fill('Meeting link or room id', invite);
    await $.until(() => !$.button('Join').hasAttribute('disabled'), 5_000);
    $.button('Join').click();
    await $.until(() => document.querySelector('figure[aria-label="Ann"][data-state="connected"]'), 30_000);
  }, link);
  for (const p of [ann, ben]) await p.evaluate(async ($) => $.until(() => $.button('Files'), 30_000).then((tab) => tab.click()), null);
  return [ann, ben];
}

/** One file from Ann to Ben through the UI, from Accept to the receiver's "done". */
async function ours(ann: DevtoolsPage, ben: DevtoolsPage, file: string, trial: number | 'warm-up'): Promise<Trial> {
  // A new name each trial: the same name again would (rightly) stop to ask about overwriting.
  const named = path.join(path.dirname(file), `trial-${trial}.bin`);
  linkSync(file, named);
  await ann.setInputFiles('[data-testid="transfer-file"]', [named]);
  await ann.evaluate(($) => $.button('Send file').click(), null);
  const key = await ben.evaluate(async ($) => {
    const offer = await $.until(() => document.querySelector<HTMLElement>('[data-testid="transfer"][data-status="offered"]'), 60_000);
    return offer.dataset.key!;
  }, null);
  // Timed in the receiving page, so no round trip to this process is counted.
  return timed(() =>
    ben.evaluate(
      async ($, [key, timeoutMs]) => {
        const start = performance.now();
        $.button('Accept', document.querySelector(`[data-key="${key}"]`)!).click();
        await $.until(() => document.querySelector(`[data-key="${key}"][data-status="done"]`), timeoutMs);
        return performance.now() - start;
      },
      [key, TIMEOUT_MS] as const,
    ),
  );
}

/** Bytes of a repeating pattern both sides can produce: the host path's file. */
function patternChunk(): Uint8Array {
  const chunk = new Uint8Array(HOST_PATH_CALL_BYTES);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (Math.imul(i, 2654435761) >>> 24) & 255;
  return chunk;
}

/** `bytes` handed from the receiving page to main through the app's API, as a receive does. */
async function hostPath(page: DevtoolsPage, bytes: number, trial: number | 'warm-up'): Promise<Trial> {
  const chunk = patternChunk();
  const hash = createHash('sha256');
  for (let offset = 0; offset < bytes; offset += chunk.length) hash.update(chunk.subarray(0, Math.min(chunk.length, bytes - offset)));
  const file = { peerId: 'bench', transferId: `HostPath${trial === 'warm-up' ? 'W' : trial}`.padEnd(16, '0'), name: `host-path-${trial}.bin`, size: bytes, sha256: hash.digest('hex'), onExisting: 'rename' as const };
  return timed(() =>
    page.evaluate(
      async (_$, [file, callBytes]) => {
        const api = window.meshwork!;
        // patternChunk()'s bytes, made here rather than sent over DevTools.
        const chunk = new Uint8Array(callBytes);
        for (let i = 0; i < chunk.length; i++) chunk[i] = (Math.imul(i, 2654435761) >>> 24) & 255;
        const start = performance.now();
        const { receiveId } = await api.files.begin(file);
        const inFlight: Promise<unknown>[] = [];
        for (let offset = 0; offset < file.size; offset += callBytes) {
          if (inFlight.length >= 32) await inFlight.shift();
          inFlight.push(api.files.write(receiveId, offset, chunk.subarray(0, Math.min(callBytes, file.size - offset))));
        }
        await Promise.all(inFlight);
        const done = await api.files.finish(receiveId);
        if (!done.ok) throw new Error('host path: the written bytes did not match their hash');
        return performance.now() - start;
      },
      [file, HOST_PATH_CALL_BYTES] as const,
    ),
  );
}

interface BlastWindow {
  blastPc: RTCPeerConnection;
  blastDc: RTCDataChannel;
  blastReceived: number;
}

/** A connection of its own between the two pages, signalled through this process (non-trickle). */
async function connectBlast(a: DevtoolsPage, b: DevtoolsPage): Promise<void> {
  await b.evaluate(() => {
    const w = window as unknown as BlastWindow;
    w.blastPc = new RTCPeerConnection();
    w.blastReceived = 0;
    w.blastPc.ondatachannel = (e) => {
      e.channel.binaryType = 'arraybuffer';
      e.channel.onmessage = (m) => (w.blastReceived += (m.data as ArrayBuffer).byteLength);
    };
  }, null);
  const offer = await a.evaluate(async () => {
    const w = window as unknown as BlastWindow;
    w.blastPc = new RTCPeerConnection();
    w.blastDc = w.blastPc.createDataChannel('blast', { ordered: true });
    w.blastDc.binaryType = 'arraybuffer';
    const pc = w.blastPc;
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
    return pc.localDescription!.toJSON() as RTCSessionDescriptionInit;
  }, null);
  const answer = await b.evaluate(async (_$, o) => {
    const pc = (window as unknown as BlastWindow).blastPc;
    await pc.setRemoteDescription(o);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
    return pc.localDescription!.toJSON() as RTCSessionDescriptionInit;
  }, offer);
  await a.evaluate(async (_$, ans) => {
    const w = window as unknown as BlastWindow;
    await w.blastPc.setRemoteDescription(ans);
    if (w.blastDc.readyState !== 'open') await new Promise((r) => w.blastDc.addEventListener('open', r, { once: true }));
  }, answer);
}

/** `bytes` as 64 KiB messages, paced by bufferedAmount as ours is, until the receiver counted them all. */
async function raw(a: DevtoolsPage, b: DevtoolsPage, bytes = BYTES): Promise<Trial> {
  const before = await b.evaluate(() => (window as unknown as BlastWindow).blastReceived, null);
  return timed(() => blast(a, b, before, bytes));
}

async function blast(a: DevtoolsPage, b: DevtoolsPage, before: number, bytes: number): Promise<number> {
  const start = performance.now();
  const sent = a.evaluate(async (_$, bytes) => {
    const dc = (window as unknown as BlastWindow).blastDc;
    const chunk = new Uint8Array(64 * 1024);
    crypto.getRandomValues(chunk);
    dc.bufferedAmountLowThreshold = 1024 * 1024;
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      if (dc.bufferedAmount > 4 * 1024 * 1024) await new Promise((r) => dc.addEventListener('bufferedamountlow', r, { once: true }));
      dc.send(chunk);
    }
  }, bytes);
  await b.evaluate(async ($, [target, timeoutMs]) => $.until(() => (window as unknown as BlastWindow).blastReceived >= target, timeoutMs), [before + bytes, TIMEOUT_MS] as const);
  await sent;
  return performance.now() - start;
}

async function main() {
  const receiveDir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-recv-'));
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-')), 'bench.bin');
  writeFileSync(file, randomBytes(BYTES));
  const app = await startApp({ MESHWORK_RECEIVE_DIR: receiveDir });
  const browser = await DevtoolsBrowser.launch(CHROMIUM, CHROMIUM_ARGS);
  measured = [browser.pid, app.pid];
  try {
    const [ann, ben] = await meeting(browser, app.url);
    await connectBlast(ann, ben);
    const rawTrials: Trial[] = [];
    const ourTrials: Trial[] = [];
    const hostPathTrials: Trial[] = [];
    // Untimed: the first run of each was 1.5-2x slower than the rest (JIT, allocator pools).
    await raw(ann, ben, WARM_UP_BYTES);
    const warmUpFile = path.join(path.dirname(file), 'warm-up-source.bin');
    writeFileSync(warmUpFile, randomBytes(WARM_UP_BYTES));
    await ours(ann, ben, warmUpFile, 'warm-up');
    await hostPath(ben, WARM_UP_BYTES, 'warm-up');
    for (let trial = 0; trial < TRIALS; trial++) {
      rawTrials.push(await raw(ann, ben));
      ourTrials.push(await ours(ann, ben, file, trial));
      hostPathTrials.push(await hostPath(ben, BYTES, trial));
    }
    const expected = createHash('sha256').update(readFileSync(file)).digest('hex');
    for (let trial = 0; trial < TRIALS; trial++) {
      const got = createHash('sha256').update(readFileSync(path.join(receiveDir, `trial-${trial}.bin`))).digest('hex');
      if (got !== expected) throw new Error('bench: received file differs from the sent one');
    }
    const best = (trials: Trial[]) => trials.reduce((a, b) => (b.ms < a.ms ? b : a));
    const figures = (trials: Trial[]) => {
      const { ms, cpuS } = best(trials);
      return { size_mb: MB, trials: TRIALS, mb_s: Math.round((MB / (ms / 1000)) * 10) / 10, cpu_s: Math.round(cpuS * 100) / 100 };
    };
    const rawFigures = figures(rawTrials);
    const ourFigures = figures(ourTrials);
    console.log(JSON.stringify({ name: 'transfer_raw_datachannel', ...rawFigures }));
    console.log(JSON.stringify({ name: 'transfer_host_path', ...figures(hostPathTrials) }));
    console.log(JSON.stringify({ name: 'transfer_meshwork', ...ourFigures, ratio: Math.round((ourFigures.mb_s / rawFigures.mb_s) * 100) / 100 }));
  } finally {
    await browser.close();
    await app.stop();
    // Every trial leaves a file of MESHWORK_BENCH_MB in each folder.
    for (const dir of [receiveDir, path.dirname(file)]) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
