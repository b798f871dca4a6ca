/** A full-page screenshot saved under the test's output folder and attached to its report. */
import type { Page, TestInfo } from '@playwright/test';

export async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name.replace(/[^\w-]+/g, '-').toLowerCase()}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
