/**
 * bench:call — time from pressing Join to the first decoded video frame from every other
 * member, for calls of 2, 3 and 4 parties (fake camera and microphone, real server, loopback).
 * The last member to join is timed; the others are already in the call. One JSON line per size.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { startApp } from '../e2e/support/appProcess';

const SIZES = (process.env.MESHWORK_BENCH_PARTIES ?? '2,3,4').split(',').map(Number);

async function member(browser: Browser, url: string, name: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Meetings' }).click();
  await page.getByLabel('Your name').fill(name);
  return page;
}

async function framesFromAll(page: Page, names: string[]): Promise<void> {
  await page.waitForFunction(
    (others) =>
      others.every((n) => {
        const tile = document.querySelector<HTMLElement>(`figure[aria-label="${n}"]`);
        return tile !== null && Number(tile.dataset.framesDecoded) > 0;
      }),
    names,
    { timeout: 120_000, polling: 20 },
  );
}

async function main() {
  const app = await startApp();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const parties of SIZES) {
      const names = Array.from({ length: parties }, (_, i) => `P${i + 1}`);
      const pages: Page[] = [];
      for (const name of names) pages.push(await member(browser, app.url, name));
      await pages[0]!.getByRole('button', { name: 'New meeting' }).click();
      const link = (await pages[0]!.getByTestId('invite-link').textContent({ timeout: 30_000 }))!;
      for (let i = 1; i < parties - 1; i++) {
        await pages[i]!.getByLabel('Meeting link or room id').fill(link);
        await pages[i]!.getByRole('button', { name: 'Join', exact: true }).click();
        await framesFromAll(pages[i]!, names.slice(0, i));
      }
      const last = pages[parties - 1]!;
      await last.getByLabel('Meeting link or room id').fill(link);
      const start = performance.now();
      await last.getByRole('button', { name: 'Join', exact: true }).click();
      await framesFromAll(last, names.slice(0, -1));
      const ms = Math.round(performance.now() - start);
      console.log(JSON.stringify({ name: 'call_first_frame', parties, first_frame_ms: ms }));
      for (const p of pages) await p.context().close();
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
