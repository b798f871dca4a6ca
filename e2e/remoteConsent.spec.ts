/**
 * Remote control from the controlled machine's side, in browser mode: a peer's frames reach
 * main through the page, the local person answers in the page's consent dialog, and granted
 * input moves the real pointer on an Xvfb display (checked with xdotool). The peer-to-peer
 * data channel in front of this arrives with meetings.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ControllerFrame, HostFrame } from '../common/wire/remoteControl';
import { startXvfb, type XDisplay } from '../testing/xvfb';
import { pointerLocation } from '../testing/xevWindow';
import { startApp, type RunningApp } from './support/appProcess';

let x: XDisplay;
let app: RunningApp;

test.beforeAll(async () => {
  x = await startXvfb('1280x800x24');
  app = await startApp({ DISPLAY: x.display });
});

test.afterAll(async () => {
  await app?.stop();
  await x?.stop();
});

const alice = { id: 'peer-alice', name: 'Alice' };

/** Collects what main sends to peers, as the meeting's data channel would. */
async function listenForPeerFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { peerFrames: unknown[] };
    w.peerFrames = [];
    window.meshwork!.on('remote.send', ({ frame }) => w.peerFrames.push(frame));
  });
  return async () => page.evaluate(() => (window as unknown as { peerFrames: HostFrame[] }).peerFrames);
}

test('the local person grants control, input moves the real pointer, and the panic shortcut ends it', async ({ page }, testInfo) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Meshwork' })).toBeVisible();
  const status = await page.evaluate(() => window.meshwork!.remote.status());
  expect(status).toMatchObject({ available: true, backend: 'nut-js' });
  const frames = await listenForPeerFrames(page);

  const request: ControllerFrame = { type: 'request', requestId: 'req-0001-abcd', scopes: ['pointer'], durationSeconds: 600, note: 'Let me show you' };
  void page.evaluate(([peer, frame]) => window.meshwork!.remote.receive(peer, frame), [alice, request] as const);

  const dialog = page.getByRole('dialog', { name: 'Alice asks for remote access' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Move and click your mouse');
  await page.screenshot({ path: testInfo.outputPath('consent.png') });
  await dialog.getByRole('button', { name: 'Allow' }).click();

  await expect.poll(async () => (await frames()).find((f) => f.type === 'grant')).toBeTruthy();
  const grant = (await frames()).find((f): f is Extract<HostFrame, { type: 'grant' }> => f.type === 'grant')!;
  expect(grant.scopes).toEqual(['view', 'pointer']);
  await expect(page.getByTestId('control-banner')).toContainText('Controlled by Alice');
  await page.screenshot({ path: testInfo.outputPath('controlled.png') });

  for (const [nx, ny, px, py] of [[0.5, 0.5, 640, 400], [0.2, 0.3, 256, 240], [0.9, 0.1, 1152, 80]]) {
    const input: ControllerFrame = { type: 'input', sessionId: grant.sessionId, seq: 1, event: { kind: 'pointer-move', display: grant.displays[0].id, x: nx, y: ny } };
    const result = await page.evaluate(([peer, frame]) => window.meshwork!.remote.receive(peer, frame), [alice, input] as const);
    expect(result).toEqual({ accepted: true });
    expect(await pointerLocation(x.display)).toEqual({ x: px, y: py });
  }

  // A keyboard event under this pointer-only grant is refused by main.
  const key: ControllerFrame = { type: 'input', sessionId: grant.sessionId, seq: 2, event: { kind: 'key', code: 'KeyA', down: true, modifiers: [] } };
  expect(await page.evaluate(([peer, frame]) => window.meshwork!.remote.receive(peer, frame), [alice, key] as const)).toMatchObject({ accepted: false });

  await page.keyboard.press('Control+Shift+Escape');
  await expect(page.getByTestId('control-banner')).toHaveCount(0);
  await expect.poll(async () => (await frames()).some((f) => f.type === 'revoke')).toBe(true);
  const after: ControllerFrame = { type: 'input', sessionId: grant.sessionId, seq: 3, event: { kind: 'pointer-move', display: grant.displays[0].id, x: 0.1, y: 0.1 } };
  expect(await page.evaluate(([peer, frame]) => window.meshwork!.remote.receive(peer, frame), [alice, after] as const)).toMatchObject({ accepted: false });
  expect(await pointerLocation(x.display)).toEqual({ x: 1152, y: 80 });
});

test('a page cannot grant itself control: malformed frames are refused by main', async ({ page }) => {
  await page.goto(app.url);
  const bad = await page.evaluate(() =>
    (window.meshwork!.remote.receive as (...a: unknown[]) => Promise<unknown>)({ id: 'x', name: 'X' }, { type: 'grant', sessionId: 'abc' }).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(bad).toMatch(/^Invalid input/);
  const declined = await page.evaluate(() => window.meshwork!.remote.respond('no-such-request', { allow: true, scopes: ['pointer'], durationSeconds: 60 }).then(() => 'ok', (e: Error) => e.message));
  expect(declined).toContain('no longer waiting');
});
