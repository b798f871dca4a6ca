/**
 * Remote control end to end, between two installs in one meeting: the controller's page points
 * at the host's shared screen in its viewer, the input crosses the meeting's `meshwork-remote`
 * data channel to the host's page, which hands it to the host's main process, which injects it
 * on a real Xvfb display. Where the pointer lands is read from the X server (xdotool), keys from
 * an xev window. The host runs headful Chromium on that display so its real screen is shared.
 */
import { execFileSync } from 'node:child_process';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import type { ControllerFrame } from '../common/wire/remoteControl';
import { startServer, type ServerProcess } from '../signaling-server/test/support/serverProcess';
import { startXvfb, type XDisplay } from '../testing/xvfb';
import { openXevWindow, pointerLocation } from '../testing/xevWindow';
import { axeViolations } from './support/axe';
import { startApp, type RunningApp } from './support/appProcess';
import { launchScreenSharer } from './support/screenShare';
import { expectConnected, joinMeeting, memberIds, openMember, startMeeting, type Member } from './support/meeting';

const JOIN_CODE = 'REMOTE2345';
const SCREEN = { width: 1280, height: 800 };

let x: XDisplay;
let server: ServerProcess;
let controllerApp: RunningApp;
let headful: Browser;

test.beforeAll(async () => {
  x = await startXvfb(`${SCREEN.width}x${SCREEN.height}x24`);
  server = await startServer({ MESHWORK_JOIN_CODE: JOIN_CODE });
  controllerApp = await startApp({ MESHWORK_SERVER_URL: server.url, MESHWORK_JOIN_CODE: JOIN_CODE, DISPLAY: '' });
  headful = await launchScreenSharer(x.display);
});

test.afterAll(async () => {
  await headful?.close();
  await controllerApp?.stop();
  await server?.stop();
  await x?.stop();
});

interface Call {
  host: Member;
  controller: Member;
  hostApp: RunningApp;
  hostId: string;
  close: () => Promise<void>;
}

/** Hana (on the X display) and Carl (elsewhere) in one meeting, each from their own install. */
async function openCall(browser: Browser, hostEnv: Record<string, string> = {}, hostBrowser = headful): Promise<Call> {
  const hostApp = await startApp({ MESHWORK_SERVER_URL: server.url, MESHWORK_JOIN_CODE: JOIN_CODE, DISPLAY: x.display, ...hostEnv });
  const host = await openMember(hostBrowser, hostApp, 'Hana', { media: false });
  const controller = await openMember(browser, controllerApp, 'Carl', { media: false, debug: true });
  const link = await startMeeting(host);
  await joinMeeting(controller, link);
  await expectConnected(controller, 'Hana');
  await expectConnected(host, 'Carl');
  const hostId = (await memberIds(controller.page)).Hana!;
  return {
    host,
    controller,
    hostApp,
    hostId,
    close: async () => {
      await controller.context.close();
      await host.context.close();
      await hostApp.stop();
    },
  };
}

/** Carl asks from the participant list; Hana answers in her app's own consent dialog. */
async function askForControl(call: Call, scopes: { keyboard?: boolean; clipboard?: boolean } = {}) {
  const row = call.controller.page.getByTestId('participants').locator(`li[data-member="${call.hostId}"]`);
  await row.getByRole('button', { name: 'Request control' }).click();
  const form = call.controller.page.getByRole('form', { name: 'Ask Hana for control' });
  await form.getByLabel('Keyboard').setChecked(scopes.keyboard ?? true);
  await form.getByLabel('Clipboard').setChecked(scopes.clipboard ?? false);
  await form.getByLabel('Why (shown to Hana)').fill('Let me fix that setting');
  await form.getByRole('button', { name: 'Ask' }).click();
  await expect(row).toContainText('Waiting for Hana to answer');
  const dialog = call.host.page.getByRole('dialog', { name: 'Carl asks for remote access' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Let me fix that setting');
  return dialog;
}

/** The viewer's picture once frames of the shared screen arrive. */
async function viewerVideo(page: Page): Promise<Locator> {
  const viewer = page.getByTestId('remote-viewer');
  await expect(viewer).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => viewer.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  // The frame is the picture's box: the shape of the display shown.
  return viewer.getByTestId('remote-frame');
}

/** Where on the page a normalised point of the picture is (letterboxed if the box is not its shape). */
async function pagePoint(video: Locator, nx: number, ny: number, picture = SCREEN) {
  const box = (await video.boundingBox())!;
  const scale = Math.min(box.width / picture.width, box.height / picture.height);
  const w = picture.width * scale;
  const h = picture.height * scale;
  return { x: box.x + (box.width - w) / 2 + nx * w, y: box.y + (box.height - h) / 2 + ny * h };
}

async function expectPointerNear(expected: { x: number; y: number }, tolerance = 2) {
  await expect
    .poll(
      async () => {
        const at = await pointerLocation(x.display);
        return Math.max(Math.abs(at.x - expected.x), Math.abs(at.y - expected.y));
      },
      { timeout: 5000, message: `pointer near ${expected.x},${expected.y}` },
    )
    .toBeLessThanOrEqual(tolerance);
}

for (const scale of [1, 2]) {
  test(`the controller points in its viewer and the host's X pointer goes there (scale factor ${scale})`, async ({ browser }, testInfo) => {
    test.setTimeout(180_000);
    const call = await openCall(browser, { MESHWORK_DISPLAY_SCALE: String(scale) });
    try {
      const dialog = await askForControl(call);
      await call.host.page.screenshot({ path: testInfo.outputPath('host-consent.png') });
      const accessibility: string[] = [];
      if (scale === 1) accessibility.push(...(await axeViolations(call.host.page)).map((v) => `consent prompt: ${v}`));
      await dialog.getByRole('button', { name: 'Allow' }).click();
      await expect(call.host.page.getByTestId('control-banner')).toContainText('Controlled by Carl');
      // Granting shares the screen, so the controller can see what it controls.
      await expect(call.host.page.getByRole('button', { name: 'Stop sharing' })).toBeVisible({ timeout: 15_000 });

      const page = call.controller.page;
      const video = await viewerVideo(page);
      await expect(page.getByTestId('remote-latency')).toHaveText(/^\d+ ms$/, { timeout: 10_000 });
      const state = await page.evaluate((id) => (window as unknown as { meshworkDebug: { remoteState(id: string): { displays: Array<{ scaleFactor: number }> } } }).meshworkDebug.remoteState(id), call.hostId);
      expect(state.displays[0]!.scaleFactor).toBe(scale);

      for (const [nx, ny] of [[0.5, 0.5], [0.1, 0.2], [0.9, 0.85], [0.25, 0.75]] as const) {
        const p = await pagePoint(video, nx, ny);
        await page.mouse.move(p.x, p.y);
        await expectPointerNear({ x: nx * SCREEN.width, y: ny * SCREEN.height });
      }
      await page.screenshot({ path: testInfo.outputPath(`controller-viewer-scale${scale}.png`) });
      if (scale === 1) {
        accessibility.push(...(await axeViolations(call.host.page)).map((v) => `control banner: ${v}`));
        accessibility.push(...(await axeViolations(page)).map((v) => `viewer: ${v}`));
      }
      expect(accessibility, accessibility.join('\n')).toEqual([]);

      // 1:1: one remote pixel per CSS pixel, scrolled inside the view.
      await page.getByRole('button', { name: '1:1' }).click();
      const box = (await video.boundingBox())!;
      expect(Math.round(box.width)).toBe(SCREEN.width);
      await page.getByRole('application').evaluate((el) => (el.scrollLeft = 300));
      const scrolled = (await video.boundingBox())!;
      await page.mouse.move(scrolled.x + 300 + 40, scrolled.y + 60);
      await expectPointerNear({ x: 340, y: 60 });
    } finally {
      await call.close();
    }
  });
}

test('keys and clicks reach a window on the host display; after a revoke or under a pointer-only grant the host injects nothing', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const call = await openCall(browser);
  // xev's window on the host's desktop, in the lower right quarter, logs what reaches it.
  const xev = await openXevWindow(x.display, '400x250+840+520');
  try {
    const dialog = await askForControl(call);
    await dialog.getByRole('button', { name: 'Allow' }).click();
    const page = call.controller.page;
    const video = await viewerVideo(page);

    const inXev = await pagePoint(video, 1000 / SCREEN.width, 640 / SCREEN.height);
    xev.clear();
    await page.mouse.move(inXev.x, inXev.y);
    await page.mouse.down();
    await page.mouse.up();
    await xev.waitFor((es) => es.some((e) => e.type === 'ButtonRelease' && e.button === 1));
    // Xvfb has no window manager to focus a clicked window: give xev the focus as one would.
    await xev.focus();
    // The click focused the viewer: keys (Shift for the symbol included) go to the host.
    await page.keyboard.press('KeyK');
    await page.keyboard.press('Shift+Digit2');
    const keys = await xev.waitFor((es) => es.filter((e) => e.type === 'KeyRelease').length >= 3);
    expect(keys.filter((e) => e.type === 'KeyPress').map((e) => e.keysym)).toEqual(['k', 'Shift_L', 'at']);
    await expect(page.getByText('Shift+Esc releases the keyboard')).toBeVisible();
    await page.keyboard.press('Shift+Escape');
    await expect(page.getByText('Click the screen to control it.')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('controller-keyboard.png') });

    // Hana stops it from her banner. Carl's view ends; frames sent anyway (past Carl's own
    // checks, straight onto the channel) are dropped by Hana's main process.
    const { sessionId } = (await page.evaluate((id) => (window as unknown as { meshworkDebug: { remoteState(id: string): { sessionId: string } } }).meshworkDebug.remoteState(id), call.hostId));
    await call.host.page.getByTestId('control-banner').getByRole('button', { name: /Stop now/ }).click();
    await expect(page.getByTestId('remote-viewer')).toHaveCount(0);
    await expect(page.getByTestId('participants')).toContainText('revoked by the person at this machine');
    // The share began for Carl, so it ends with his access.
    await expect(call.host.page.getByRole('button', { name: 'Share screen' })).toBeVisible();
    const before = await pointerLocation(x.display);
    const raw = (frame: ControllerFrame) =>
      page.evaluate(([id, f]) => (window as unknown as { meshworkDebug: { remoteSend(id: string, f: unknown): void } }).meshworkDebug.remoteSend(id, f), [call.hostId, frame] as const);
    await raw({ type: 'input', sessionId, seq: 99, event: { kind: 'pointer-move', display: 'screen', x: 0.05, y: 0.05 } });
    await raw({ type: 'input', sessionId: 'forged-session-id', seq: 100, event: { kind: 'pointer-move', display: 'screen', x: 0.06, y: 0.06 } });
    await page.waitForTimeout(500);
    expect(await pointerLocation(x.display)).toEqual(before);

    // A pointer-only grant: keyboard frames sent straight onto the channel inject nothing.
    const again = await askForControl(call, { keyboard: false });
    await again.getByRole('button', { name: 'Allow' }).click();
    await viewerVideo(page);
    const pointerOnly = await page.evaluate((id) => (window as unknown as { meshworkDebug: { remoteState(id: string): { sessionId: string; scopes: string[] } } }).meshworkDebug.remoteState(id), call.hostId);
    expect(pointerOnly.scopes).toEqual(['view', 'pointer']);
    await page.mouse.move(inXev.x, inXev.y);
    await expectPointerNear({ x: 1000, y: 640 });
    xev.clear();
    await raw({ type: 'input', sessionId: pointerOnly.sessionId, seq: 1, event: { kind: 'key', code: 'KeyQ', down: true, modifiers: [] } });
    await raw({ type: 'input', sessionId: pointerOnly.sessionId, seq: 2, event: { kind: 'key', code: 'KeyQ', down: false, modifiers: [] } });
    await page.waitForTimeout(500);
    expect(xev.events().filter((e) => e.type === 'KeyPress')).toEqual([]);

    // Hana's remote desktop screen: who has access, and the audit log from her local store.
    await call.host.page.getByRole('button', { name: 'Remote desktop' }).click();
    await expect(call.host.page.getByTestId('remote-status')).toContainText('Can be controlled');
    const audit = call.host.page.getByTestId('remote-audit');
    await expect(audit.locator('tbody tr')).toHaveCount(5);
    await expect(audit.locator('tbody tr').first()).toContainText('Carl');
    await expect(audit).toContainText('was granted');
    await expect(audit).toContainText('was revoked');
    await call.host.page.screenshot({ path: testInfo.outputPath('host-remote-screen.png') });
  } finally {
    xev.stop();
    await call.close();
  }
});

test('a host with two displays shares one: the controller says which, and points on it', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const xrandr = (...args: string[]) => execFileSync('xrandr', args, { env: { ...process.env, DISPLAY: x.display } });
  // Two side-by-side monitors. Chromium then offers each screen on its own (no "Entire screen").
  xrandr('--setmonitor', 'left', '640/169x800/211+0+0', 'screen');
  xrandr('--setmonitor', 'right', '640/169x800/211+640+0', 'none');
  const sharesRight = await launchScreenSharer(x.display, 'Screen 2');
  const call = await openCall(browser, {}, sharesRight);
  try {
    await call.host.page.getByRole('button', { name: 'Share screen' }).click();
    await expect(call.host.page.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
    const dialog = await askForControl(call, { keyboard: false });
    await dialog.getByRole('button', { name: 'Allow' }).click();
    const page = call.controller.page;
    const video = await viewerVideo(page);
    const picker = page.getByLabel('Shared display');
    await expect(picker.locator('option')).toHaveText(['1: left (640×800)', '2: right (640×800)']);
    await picker.selectOption('right');

    const half = { width: 640, height: 800 };
    for (const [nx, ny, px, py] of [[0.5, 0.5, 960, 400], [0.25, 0.75, 800, 600], [0.9, 0.1, 1216, 80]] as const) {
      const p = await pagePoint(video, nx, ny, half);
      await page.mouse.move(p.x, p.y);
      await expectPointerNear({ x: px, y: py });
    }
    await page.screenshot({ path: testInfo.outputPath('controller-second-display.png') });
  } finally {
    await call.close();
    await sharesRight.close();
    xrandr('--delmonitor', 'right');
    xrandr('--delmonitor', 'left');
  }
});
