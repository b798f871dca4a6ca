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
  const ann = await openMember(browser, app, 'Ann');
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

    // Mute shows on the others' tiles and in the participant list (server presence).
    await ben.page.getByRole('button', { name: 'Mute' }).click();
    await expect(ann.page.getByRole('figure', { name: 'Ben', exact: true })).toContainText('Muted');
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
