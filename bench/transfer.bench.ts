/**
 * bench:transfer — file-transfer throughput between two members of a meeting on loopback,
 * against a raw RTCDataChannel blast between the same two pages in the same run.
 *   ours: a member sends a random file to another through the meeting UI; timed from Accept to
 *         the receiver's "done" (chunks, backpressure, IPC to main, disk, SHA-256 check).
 *   raw:  64 KiB messages on one ordered data channel of a connection of its own, with the same
 *         bufferedAmount pacing, timed until the receiver has counted every byte (no disk, no
 *         hashing). It runs in the meeting's pages while their call goes on, so both variants
 *         share the CPU with the same video: the ratio is the cost of the transfer path alone.
 * Trials alternate raw and ours. One JSON object per line. MESHWORK_BENCH_MB sets the size
 * (default 50), MESHWORK_BENCH_TRIALS the trials (default 3, best of each kept).
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { startApp } from '../e2e/support/appProcess';

const MB = Number(process.env.MESHWORK_BENCH_MB ?? 50);
const TRIALS = Number(process.env.MESHWORK_BENCH_TRIALS ?? 3);
const BYTES = MB * 1024 * 1024;

async function member(browser: Browser, url: string, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Meetings' }).click();
  await page.getByLabel('Your name').fill(name);
  return page;
}

/** Two members in one meeting, both on their Files tab. */
async function meeting(browser: Browser, url: string): Promise<[Page, Page]> {
  const ann = await member(browser, url, 'Ann');
  const ben = await member(browser, url, 'Ben');
  await ann.getByRole('button', { name: 'New meeting' }).click();
  const link = (await ann.getByTestId('invite-link').textContent({ timeout: 30_000 }))!;
  await ben.getByLabel('Meeting link or room id').fill(link);
  await ben.getByRole('button', { name: 'Join', exact: true }).click();
  await ben.getByRole('figure', { name: 'Ann', exact: true }).and(ben.locator('[data-state="connected"]')).waitFor({ timeout: 30_000 });
  for (const p of [ann, ben]) await p.getByRole('tab', { name: /^Files/ }).click();
  return [ann, ben];
}

/** One file from Ann to Ben through the UI: ms from Accept to the receiver's "done". */
async function ours(ann: Page, ben: Page, file: string, trial: number): Promise<number> {
  // A new name each trial: the same name again would (rightly) stop to ask about overwriting.
  const named = path.join(path.dirname(file), `trial-${trial}.bin`);
  linkSync(file, named);
  await ann.getByTestId('transfer-file').setInputFiles(named);
  await ann.getByRole('button', { name: 'Send file' }).click();
  const offer = ben.locator('[data-testid="transfer"][data-status="offered"]');
  await offer.waitFor({ timeout: 60_000 });
  const key = await offer.getAttribute('data-key');
  const start = performance.now();
  await offer.getByRole('button', { name: 'Accept' }).click();
  await ben.locator(`[data-key="${key}"][data-status="done"]`).waitFor({ timeout: 300_000 });
  return performance.now() - start;
}

interface BlastWindow {
  blastPc: RTCPeerConnection;
  blastDc: RTCDataChannel;
  blastReceived: number;
}

/** A connection of its own between the two pages, signalled through this process (non-trickle). */
async function connectBlast(a: Page, b: Page): Promise<void> {
  await b.evaluate(() => {
    const w = window as unknown as BlastWindow;
    w.blastPc = new RTCPeerConnection();
    w.blastReceived = 0;
    w.blastPc.ondatachannel = (e) => {
      e.channel.binaryType = 'arraybuffer';
      e.channel.onmessage = (m) => (w.blastReceived += (m.data as ArrayBuffer).byteLength);
    };
  });
  const offer = await a.evaluate(async () => {
    const w = window as unknown as BlastWindow;
    w.blastPc = new RTCPeerConnection();
    w.blastDc = w.blastPc.createDataChannel('blast', { ordered: true });
    w.blastDc.binaryType = 'arraybuffer';
    const pc = w.blastPc;
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
    return pc.localDescription!.toJSON();
  });
  const answer = await b.evaluate(async (o) => {
    const pc = (window as unknown as BlastWindow).blastPc;
    await pc.setRemoteDescription(o);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
    return pc.localDescription!.toJSON();
  }, offer);
  await a.evaluate(async (ans) => {
    const w = window as unknown as BlastWindow;
    await w.blastPc.setRemoteDescription(ans);
    if (w.blastDc.readyState !== 'open') await new Promise((r) => w.blastDc.addEventListener('open', r, { once: true }));
  }, answer);
}

/** BYTES as 64 KiB messages, paced by bufferedAmount as ours is: ms until the receiver counted them all. */
async function raw(a: Page, b: Page): Promise<number> {
  const before = await b.evaluate(() => (window as unknown as BlastWindow).blastReceived);
  const start = performance.now();
  await a.evaluate(async (bytes) => {
    const dc = (window as unknown as BlastWindow).blastDc;
    const chunk = new Uint8Array(64 * 1024);
    crypto.getRandomValues(chunk);
    dc.bufferedAmountLowThreshold = 1024 * 1024;
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      if (dc.bufferedAmount > 4 * 1024 * 1024) await new Promise((r) => dc.addEventListener('bufferedamountlow', r, { once: true }));
      dc.send(chunk);
    }
  }, BYTES);
  await b.waitForFunction((target) => (window as unknown as BlastWindow).blastReceived >= target, before + BYTES, { timeout: 300_000, polling: 20 });
  return performance.now() - start;
}

async function main() {
  const receiveDir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-recv-'));
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-')), 'bench.bin');
  writeFileSync(file, randomBytes(BYTES));
  const app = await startApp({ MESHWORK_RECEIVE_DIR: receiveDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const [ann, ben] = await meeting(browser, app.url);
    await connectBlast(ann, ben);
    const rawTimes: number[] = [];
    const ourTimes: number[] = [];
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
