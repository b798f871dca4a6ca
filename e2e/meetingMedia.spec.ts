/**
 * Screen sharing and recording. Screen sharing runs in a headful Chromium on a private Xvfb
 * display, with the desktop picker answered by `--auto-select-desktop-capture-source` (and
 * without the fake media UI, so the real permission paths run): the shared screen reaches the
 * other member as a pinned tile. The recording is checked with ffprobe: one video and one
 * audio stream, lasting about as long as the recording ran.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { startXvfb, type XDisplay } from '../testing/xvfb';
import { startApp, type RunningApp } from './support/appProcess';
import { launchScreenSharer } from './support/screenShare';
import { expectConnected, expectMediaFrom, joinMeeting, openMember, startMeeting, type Member } from './support/meeting';

let app: RunningApp;
let x: XDisplay;
let headful: Browser;

test.beforeAll(async () => {
  x = await startXvfb('1280x800x24');
  app = await startApp();
  headful = await launchScreenSharer(x.display);
});

test.afterAll(async () => {
  await headful?.close();
  await app?.stop();
  await x?.stop();
});

test('a shared screen reaches the other member as a pinned tile', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const members: Member[] = [];
  try {
    const ann = await openMember(headful, app, 'Ann', { media: false });
    const ben = await openMember(browser, app, 'Ben', { media: false });
    members.push(ann, ben);
    const link = await startMeeting(ann);
    await joinMeeting(ben, link);
    await expectConnected(ben, 'Ann');

    await ann.page.getByRole('button', { name: 'Share screen' }).click();
    await expect(ann.page.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
    const screen = ben.page.getByRole('figure', { name: "Ann's screen" });
    await expect(screen).toBeVisible({ timeout: 30_000 });
    // Pinned: the shared screen takes the main area.
    await expect(ben.page.locator('.stage__main').getByRole('figure', { name: "Ann's screen" })).toBeVisible();
    const size = () => screen.locator('video').evaluate((v: HTMLVideoElement) => `${v.videoWidth}x${v.videoHeight}`);
    // The whole 1280x800 Xvfb screen arrives (the encoder may scale it down, keeping its shape).
    await expect.poll(size, { timeout: 30_000 }).toMatch(/^[1-9]\d*x[1-9]\d*$/);
    const [w, h] = (await size()).split('x').map(Number);
    expect(w! / h!).toBeCloseTo(1280 / 800, 1);
    await ben.page.screenshot({ path: testInfo.outputPath('screen-share.png') });

    await ann.page.getByRole('button', { name: 'Stop sharing' }).click();
    await expect(screen).toHaveCount(0);
  } finally {
    for (const m of members) await m.context.close();
  }
});

test('a recording of the call is a WebM with video and audio of the expected length, and everyone is told', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const members: Member[] = [];
  try {
    const ann = await openMember(browser, app, 'Ann');
    const ben = await openMember(browser, app, 'Ben');
    members.push(ann, ben);
    const link = await startMeeting(ann);
    await joinMeeting(ben, link);
    await expectMediaFrom(ann, 'Ben');

    await ann.page.getByRole('button', { name: 'Record' }).click();
    const started = Date.now();
    await expect(ann.page.getByTestId('recording-indicator')).toBeVisible();
    await expect(ben.page.getByTestId('recording-indicator')).toContainText('Recording by Ann');
    await ben.page.screenshot({ path: testInfo.outputPath('recording-notice.png') });
    await ann.page.waitForTimeout(5000);
    await ann.page.getByRole('button', { name: 'Stop recording' }).click();
    const stopped = Date.now();
    await expect(ben.page.getByTestId('recording-indicator')).toHaveCount(0);
    const file = (await ann.page.getByTestId('recording-path').textContent({ timeout: 30_000 }))!;
    expect(existsSync(file)).toBe(true);

    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:packet=pts_time,stream_index', '-of', 'json', file], { encoding: 'utf8' }),
    ) as { streams: { codec_type: string; codec_name: string }[]; packets: { pts_time?: string; stream_index: number }[] };
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    // MediaRecorder writes no duration into a streamed WebM: the last packet's time is its length.
    const duration = Math.max(...probe.packets.map((p) => Number(p.pts_time ?? 0)));
    const wall = (stopped - started) / 1000;
    expect(duration).toBeGreaterThan(wall - 2.5);
    expect(duration).toBeLessThan(wall + 1.5);
  } finally {
    for (const m of members) await m.context.close();
  }
});
