/**
 * Smoke test of the real desktop shell. It needs Electron's binary, which cannot be downloaded
 * on every network; where it is missing this is the one test that reports itself skipped.
 */
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { locateElectron } from '../scripts/electronBinary.mjs';
import { startXvfb, type XDisplay } from '../testing/xvfb';

const binary = locateElectron();
// Say why in the run's output too, not only in the report's annotations.
if (!binary.path) console.log(`Electron smoke test skipped: ${binary.reason}`);

test.describe('Electron shell', () => {
  test.skip(!binary.path, `Electron binary unavailable: ${binary.reason}`);
  let x: XDisplay | null = null;

  test.beforeAll(async () => {
    if (!process.env.DISPLAY) x = await startXvfb();
  });
  test.afterAll(async () => x?.stop());

  test('opens a sandboxed window that answers IPC', async ({}, testInfo) => {
    const app = await electron.launch({
      executablePath: binary.path!,
      args: [path.resolve(import.meta.dirname, '../app'), '--no-sandbox'],
      env: { ...process.env, ...(x ? { DISPLAY: x.display } : {}), MESHWORK_LOG_LEVEL: 'warn' },
    });
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'Welcome to Meshwork' })).toBeVisible();
    const info = await page.evaluate(() => window.meshwork!.app.getInfo());
    expect(info.mode).toBe('electron');
    // The page has no Node: the preload's API is all it can reach.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    await page.screenshot({ path: testInfo.outputPath('electron.png') });
    await app.close();
  });
});
