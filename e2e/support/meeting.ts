/** Drives the meetings UI the way a person does: open Meetings, type a name, start or join. */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { RunningApp } from './appProcess';

export interface Member {
  name: string;
  context: BrowserContext;
  page: Page;
}

/**
 * A person in their own browser context. Without `media`, camera and microphone are not
 * granted and the member joins without them (cheaper on a two-core machine, and a real case).
 */
export async function openMember(browser: Browser, app: RunningApp, name: string, options: { media?: boolean; debug?: boolean } = {}): Promise<Member> {
  const media = options.media ?? true;
  const context = await browser.newContext({ permissions: media ? ['camera', 'microphone'] : [], viewport: { width: 1280, height: 800 } });
  if (options.debug) await context.addInitScript(() => localStorage.setItem('meshwork.debug', '1'));
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Meetings' }).click();
  await page.getByLabel('Your name').fill(name);
  return { name, context, page };
}

/** Starts a new meeting and returns its meshwork:// invite link. */
export async function startMeeting(member: Member): Promise<string> {
  await member.page.getByRole('button', { name: 'New meeting' }).click();
  const link = member.page.getByTestId('invite-link');
  await expect(link).toHaveText(/^meshwork:\/\/join\//, { timeout: 20_000 });
  return (await link.textContent())!;
}

export async function joinMeeting(member: Member, link: string): Promise<void> {
  await member.page.getByLabel('Meeting link or room id').fill(link);
  await member.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(member.page.getByTestId('room-id')).toBeVisible({ timeout: 20_000 });
}

/** Waits until the page's tile for `other` shows a connected peer link. */
export async function expectConnected(member: Member, otherName: string): Promise<void> {
  await expect(member.page.getByRole('figure', { name: otherName, exact: true })).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
}

/** Member ids as the page knows them (participant rows), by display name. */
export async function memberIds(page: Page): Promise<Record<string, string>> {
  return page.getByTestId('participants').locator('li').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('.people__name')!.firstChild!.textContent!, (r as HTMLElement).dataset.member!])),
  );
}

/** Waits until this page has decoded video frames and audio from the member named `from`. */
export async function expectMediaFrom(member: Member, fromName: string): Promise<void> {
  const tile = member.page.getByRole('figure', { name: fromName, exact: true });
  await expect(tile).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect
    .poll(async () => Number(await tile.getAttribute('data-frames-decoded')), { timeout: 30_000, message: `${member.name} decodes video from ${fromName}` })
    .toBeGreaterThan(10);
  await expect
    .poll(async () => Number(await tile.getAttribute('data-audio-energy')), { timeout: 30_000, message: `${member.name} decodes audio from ${fromName}` })
    .toBeGreaterThan(0);
}

/**
 * Ann (camera and microphone) starts a meeting and Ben (neither) joins it; both see each other
 * connected. `close` ends both browser contexts.
 */
export async function twoPersonCall(browser: Browser, app: RunningApp): Promise<{ ann: Member; ben: Member; close: () => Promise<void> }> {
  const ann = await openMember(browser, app, 'Ann');
  const ben = await openMember(browser, app, 'Ben', { media: false });
  const close = async () => {
    await ann.context.close();
    await ben.context.close();
  };
  try {
    await joinMeeting(ben, await startMeeting(ann));
    await expectConnected(ann, 'Ben');
    await expectConnected(ben, 'Ann');
    return { ann, ben, close };
  } catch (error) {
    await close();
    throw error;
  }
}
