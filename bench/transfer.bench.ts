/**
 * bench:transfer — file-transfer throughput between two members of a meeting on loopback,
 * against a raw RTCDataChannel blast between the same two pages in the same run.
 *   ours: a member sends a random file to another through the meeting UI; timed from Accept to
 *         the receiver's "done" (chunks, backpressure, IPC to main, disk, SHA-256 check).
 *   raw:  64 KiB messages on one ordered data channel of a connection of its own, with the same
 *         bufferedAmount pacing, timed until the receiver has counted every byte (no disk, no
 *         hashing). It runs in the meeting's pages while their call goes on, so both variants
 *         share the CPU with the same call: the ratio is the cost of the transfer path alone.
 * Chromium is driven over DevTools without the Network domain (support/devtoolsBrowser.ts).
 * After an untimed warm-up of each, trials alternate raw and ours. One JSON object per line.
 * MESHWORK_BENCH_MB sets the size (default 50), MESHWORK_BENCH_TRIALS the trials (default 3,
 * best of each kept).
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { startApp } from '../e2e/support/appProcess';
import { DevtoolsBrowser, type DevtoolsPage } from './support/devtoolsBrowser';

const MB = Number(process.env.MESHWORK_BENCH_MB ?? 50);
const TRIALS = Number(process.env.MESHWORK_BENCH_TRIALS ?? 3);
const BYTES = MB * 1024 * 1024;
const WARM_UP_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 300_000;

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

/** One file from Ann to Ben through the UI: ms from Accept to the receiver's "done". */
async function ours(ann: DevtoolsPage, ben: DevtoolsPage, file: string, trial: number | 'warm-up'): Promise<number> {
  // A new name each trial: the same name again would (rightly) stop to ask about overwriting.
  const named = path.join(path.dirname(file), `trial-${trial}.bin`);
  linkSync(file, named);
  await ann.setInputFiles('[data-testid="transfer-file"]', [named]);
  await ann.evaluate(($) => $.button('Send file').click(), null);
  // Timed in the receiving page, so no round trip to this process is counted.
  return ben.evaluate(
    async ($, timeoutMs) => {
      const offer = await $.until(() => document.querySelector<HTMLElement>('[data-testid="transfer"][data-status="offered"]'), 60_000);
      const key = offer.dataset.key!;
      const start = performance.now();
      $.button('Accept', offer).click();
      await $.until(() => document.querySelector(`[data-key="${key}"][data-status="done"]`), timeoutMs);
      return performance.now() - start;
    },
    TIMEOUT_MS,
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

/** `bytes` as 64 KiB messages, paced by bufferedAmount as ours is: ms until the receiver counted them all. */
async function raw(a: DevtoolsPage, b: DevtoolsPage, bytes = BYTES): Promise<number> {
  const before = await b.evaluate(() => (window as unknown as BlastWindow).blastReceived, null);
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
  try {
    const [ann, ben] = await meeting(browser, app.url);
    await connectBlast(ann, ben);
    const rawTimes: number[] = [];
    const ourTimes: number[] = [];
    // Untimed: the first run of each was 1.5-2x slower than the rest (JIT, allocator pools).
    await raw(ann, ben, WARM_UP_BYTES);
    const warmUpFile = path.join(path.dirname(file), 'warm-up-source.bin');
    writeFileSync(warmUpFile, randomBytes(WARM_UP_BYTES));
    await ours(ann, ben, warmUpFile, 'warm-up');
    for (let trial = 0; trial < TRIALS; trial++) {
      rawTimes.push(await raw(ann, ben));
      ourTimes.push(await ours(ann, ben, file, trial));
    }
    const expected = createHash('sha256').update(readFileSync(file)).digest('hex');
    for (let trial = 0; trial < TRIALS; trial++) {
      const got = createHash('sha256').update(readFileSync(path.join(receiveDir, `trial-${trial}.bin`))).digest('hex');
      if (got !== expected) throw new Error('bench: received file differs from the sent one');
    }
    const mbs = (ms: number) => Math.round((MB / (ms / 1000)) * 10) / 10;
    const rawBest = mbs(Math.min(...rawTimes));
    const ourBest = mbs(Math.min(...ourTimes));
    console.log(JSON.stringify({ name: 'transfer_raw_datachannel', size_mb: MB, trials: TRIALS, mb_s: rawBest }));
    console.log(JSON.stringify({ name: 'transfer_meshwork', size_mb: MB, trials: TRIALS, mb_s: ourBest, ratio: Math.round((ourBest / rawBest) * 100) / 100 }));
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
