/**
 * A real three-party mesh in Chromium with fake camera and microphone, through the real
 * signaling server embedded in `npm start`: every page decodes video frames and audio from
 * both others (getStats numbers the tiles expose), one member leaves and rejoins, and the call
 * recovers with the new member id.
 */
import { expect, test } from '@playwright/test';
import { startApp, type RunningApp } from './support/appProcess';
import { expectMediaFrom, joinMeeting, openMember, startMeeting, type Member } from './support/meeting';

let app: RunningApp;

test.beforeAll(async () => {
  app = await startApp();
});

test.afterAll(async () => {
  await app?.stop();
});

test('three members see and hear each other; one leaves and rejoins and the call recovers', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const ann = await openMember(browser, app, 'Ann', { debug: true });
  const ben = await openMember(browser, app, 'Ben');
  const cal = await openMember(browser, app, 'Cal');
  const members: Member[] = [ann, ben, cal];
  try {
    const link = await startMeeting(ann);
    await joinMeeting(ben, link);
    await joinMeeting(cal, link);

    for (const m of members) {
      for (const other of members) if (other !== m) await expectMediaFrom(m, other.name);
    }
    await ann.page.screenshot({ path: testInfo.outputPath('call-grid.png') });

    // Ben leaves: the others drop his tile.
    await ben.page.getByRole('button', { name: 'Leave' }).click();
    await expect(ben.page.getByRole('button', { name: 'New meeting' })).toBeVisible();
    for (const m of [ann, cal]) await expect(m.page.getByRole('figure', { name: 'Ben', exact: true })).toHaveCount(0);
    await expect(ann.page.getByRole('log', { name: 'Meeting notices' })).toContainText('Ben left');

    // ... and comes back through the same link: everyone decodes everyone again.
    await joinMeeting(ben, link);
    for (const m of members) {
      for (const other of members) if (other !== m) await expectMediaFrom(m, other.name);
    }

    // Mute, raise hand and their shortcuts show on the others' tiles and lists (server presence).
    await ben.page.getByRole('button', { name: 'Mute' }).click();
    await expect(ann.page.getByRole('figure', { name: 'Ben', exact: true })).toContainText('Muted');
    await cal.page.locator('body').press('h');
    await expect(ann.page.getByRole('figure', { name: 'Cal', exact: true })).toContainText('Hand raised');
    await expect(ben.page.getByTestId('participants')).toContainText('Hand raised');
    await cal.page.locator('body').press('m');
    await expect(ann.page.getByRole('figure', { name: 'Cal', exact: true })).toContainText('Muted');
    await expect(ann.page.getByRole('figure', { name: 'Cal', exact: true })).toContainText('Hand raised');
    await expect(cal.page.getByRole('button', { name: 'Unmute' })).toBeVisible();
    // Two remote peers: each camera sender was given the 2-peer budget.
    const encodings = () => ann.page.evaluate(() => (window as unknown as { meshworkDebug: { cameraEncodings(): Record<string, { sending: boolean; maxBitrate: number | null }> } }).meshworkDebug.cameraEncodings());
    await expect.poll(async () => Object.values(await encodings()).map((e) => e.maxBitrate)).toEqual([900_000, 900_000]);

    // Above the video cap, the camera stops sending: audio carries on.
    await ann.page.getByRole('tab', { name: 'Devices' }).click();
    await ann.page.getByLabel(/Video cap/).fill('2');
    await expect(ann.page.getByText(/cameras are paused/)).toBeVisible();
    await expect.poll(async () => Object.values(await encodings()).map((e) => e.sending)).toEqual([false, false]);
    await expect(ben.page.getByRole('figure', { name: 'Ann', exact: true }).locator('video')).toBeHidden();
    await ann.page.getByLabel(/Video cap/).fill('4');
    await expect.poll(async () => Object.values(await encodings()).map((e) => e.sending)).toEqual([true, true]);

    await ann.page.getByRole('button', { name: 'Speaker view' }).click();
    // The speaker's tile moves to the main area and keeps playing there.
    const main = ann.page.locator('.stage__main video');
    await expect.poll(() => main.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await ann.page.screenshot({ path: testInfo.outputPath('call-speaker.png') });
    await ann.page.keyboard.press('Control+Shift+L');
    await ann.page.screenshot({ path: testInfo.outputPath('call-other-theme.png') });
  } finally {
    for (const m of members) await m.context.close();
  }
});
