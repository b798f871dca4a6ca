import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startApp, type RunningApp } from './support/appProcess';
import { shoot } from './support/screenshot';

const appVersion = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../app/package.json'), 'utf8')).version as string;
let app: RunningApp;

test.beforeAll(async () => {
  app = await startApp();
});

test.afterAll(async () => {
  await app?.stop();
});

test('npm start serves the home screen, answers IPC and reaches its embedded server', async ({ page }, testInfo) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Meshwork' })).toBeVisible();

  // The token left the address bar as soon as the page read it.
  expect(page.url()).not.toContain('token=');

  // One IPC round trip through window.meshwork, exactly as the UI makes it.
  const info = await page.evaluate(() => window.meshwork!.app.getInfo());
  expect(info).toMatchObject({ name: 'Meshwork', version: appVersion, mode: 'browser', embeddedServer: true });
  expect(info.serverUrl).toBe(app.serverUrl);
  await expect(page.getByTestId('app-version')).toHaveText(appVersion);
  await expect(page.getByTestId('app-mode')).toHaveText('Browser mode');
  await expect(page.getByTestId('server-status')).toContainText('Connected');

  // Bad input from the page is refused with a readable error, and the page keeps working.
  const refusal = await page.evaluate(() =>
    (window.meshwork!.app.getInfo as (...args: unknown[]) => Promise<unknown>)('extra').then(
      () => 'accepted',
      (error: Error) => error.message,
    ),
  );
  expect(refusal).toMatch(/^Invalid input/);

  await shoot(page, testInfo, 'home');
});

test('the theme toggle and its shortcut switch between dark and light', async ({ page }, testInfo) => {
  await page.goto(app.url);
  const html = page.locator('html');
  const start = await html.getAttribute('data-theme');
  await page.getByRole('button', { name: /Switch to (light|dark) theme/ }).click();
  await expect(html).not.toHaveAttribute('data-theme', start!);
  await page.keyboard.press('Control+Shift+L');
  await expect(html).toHaveAttribute('data-theme', start!);
  await page.keyboard.press('Control+Shift+L');
  await shoot(page, testInfo, 'home-other-theme');
});

test('a page opened without the launch token is refused with an explanation', async ({ page }) => {
  await page.goto(app.origin);
  await expect(page.getByRole('alert')).toContainText('link Meshwork printed');
});

test('a stale token is refused by the host, not just hidden by the page', async ({ page }) => {
  await page.goto(`${app.origin}/#token=${'0'.repeat(64)}`);
  await expect(page.getByRole('status')).toContainText('refused this page');
  const result = await page.evaluate(() => window.meshwork!.app.getInfo().then(() => 'answered', (e: Error) => e.message));
  expect(result).toContain('refused');
});

test('Ctrl-C stops the host and the embedded server', async () => {
  const second = await startApp();
  const health = await fetch(`${second.serverUrl}/healthz`);
  expect(health.ok).toBe(true);
  await second.stop();
  await expect.poll(() => reachable(`${second.serverUrl}/healthz`), { timeout: 10_000 }).toBe(false);
  await expect.poll(() => reachable(second.origin), { timeout: 10_000 }).toBe(false);
});

function reachable(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}
