/**
 * Chat over the mesh's data channels: a message reaches everyone, a late joiner gets the
 * history from the members already there, HTML arrives as text (no element, no script), only
 * http(s) links become links, and main keeps the room's history. Across two installs, history
 * whose author has left is shown as the relayer's word ("history from <relayer>").
 */
import { expect, test } from '@playwright/test';
import { startServer } from '../signaling-server/test/support/serverProcess';
import { startApp, type RunningApp } from './support/appProcess';
import { expectConnected, joinMeeting, openMember, startMeeting, type Member } from './support/meeting';

let app: RunningApp;

test.beforeAll(async () => {
  app = await startApp();
});

test.afterAll(async () => {
  await app?.stop();
});

const HOSTILE = 'look <b>bold</b><img src=x onerror="window.pwned=1"> https://example.com/a?b=1 and javascript:alert(1)';

test('chat reaches everyone, a late joiner gets the history, and HTML stays text', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const members: Member[] = [];
  try {
    const ann = await openMember(browser, app, 'Ann', { media: false });
    const ben = await openMember(browser, app, 'Ben', { media: false });
    members.push(ann, ben);
    const link = await startMeeting(ann);
    await joinMeeting(ben, link);
    await expectConnected(ann, 'Ben');
    await expectConnected(ben, 'Ann');

    await ann.page.getByRole('tab', { name: /^Chat/ }).click();
    await ann.page.getByLabel('Message').fill(HOSTILE);
    await ann.page.getByRole('button', { name: 'Send' }).click();
    await ben.page.getByRole('tab', { name: 'Chat (1)' }).click();
    const received = ben.page.getByTestId('chat-message');
    await expect(received).toHaveCount(1);
    await expect(received.locator('.chat__text')).toHaveText(HOSTILE);
    await expect(received.locator('.chat__from')).toHaveText('Ann');
    // Nothing in the message became markup, except the one http(s) link.
    await expect(received.locator('b, img, script')).toHaveCount(0);
    await expect(received.getByRole('link')).toHaveCount(1);
    await expect(received.getByRole('link')).toHaveAttribute('href', 'https://example.com/a?b=1');
    await expect(received.getByRole('link')).toHaveAttribute('rel', /noopener/);
    expect(await ben.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    await ben.page.getByLabel('Message').fill('hi Ann');
    await ben.page.keyboard.press('Enter');
    await expect(ann.page.getByTestId('chat-message')).toHaveCount(2);

    // A late joiner is given what was said before.
    const cal = await openMember(browser, app, 'Cal', { media: false });
    members.push(cal);
    await joinMeeting(cal, link);
    await cal.page.getByRole('tab', { name: /^Chat/ }).click();
    await expect(cal.page.getByTestId('chat-message')).toHaveCount(2);
    await expect(cal.page.getByTestId('chat-message').first().locator('.chat__text')).toHaveText(HOSTILE);
    await expect(cal.page.getByTestId('chat-message').nth(1).locator('.chat__text')).toHaveText('hi Ann');

    await cal.page.getByLabel('Message').fill('hello from the late one');
    await cal.page.getByRole('button', { name: 'Send' }).click();
    for (const m of [ann, ben]) await expect(m.page.getByTestId('chat-message').last().locator('.chat__text')).toHaveText('hello from the late one');
    await cal.page.screenshot({ path: testInfo.outputPath('chat.png') });

    // Looking at another section does not end the call.
    await ann.page.getByRole('button', { name: 'Home' }).click();
    await expect(ann.page.getByRole('heading', { name: 'Welcome to Meshwork' })).toBeVisible();
    await cal.page.getByLabel('Message').fill('while Ann was away');
    await cal.page.getByRole('button', { name: 'Send' }).click();
    await ann.page.getByRole('button', { name: 'Meetings' }).click();
    await expect(ann.page.getByTestId('chat-message').last().locator('.chat__text')).toHaveText('while Ann was away');

    // Main stored the room's chat (what a restarted app shows before anyone else is back).
    const roomId = (await ann.page.getByTestId('room-id').textContent())!;
    const stored = await ann.page.evaluate((room) => window.meshwork!.meetings.chatHistory(room), roomId);
    expect(stored.map((m) => m.text)).toEqual([HOSTILE, 'hi Ann', 'hello from the late one', 'while Ann was away']);

    // Bad input from the page is refused by main and stores nothing.
    const refused = await ann.page.evaluate(() => window.meshwork!.meetings.chatAppend('bad room!', []).then(() => 'stored', (e: Error) => e.message));
    expect(refused).toMatch(/Invalid input/);
  } finally {
    for (const m of members) await m.context.close();
  }
});

test('on another install, what a member who left said arrives as "history from" the member who relayed it', async ({ browser }) => {
  test.setTimeout(120_000);
  // Two installs (own host, own database) on one server, so the late joiner's history can only come from the mesh.
  const JOIN_CODE = 'HISTORY234';
  const server = await startServer({ MESHWORK_JOIN_CODE: JOIN_CODE });
  // Started together, as two `npm start` would be: both build app/dist at the same time.
  const started = await Promise.allSettled([0, 1].map(() => startApp({ MESHWORK_SERVER_URL: server.url, MESHWORK_JOIN_CODE: JOIN_CODE })));
  const installs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const members: Member[] = [];
  try {
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [first, second] = installs as [RunningApp, RunningApp];
    const ann = await openMember(browser, first, 'Ann', { media: false });
    const ben = await openMember(browser, first, 'Ben', { media: false });
    members.push(ann, ben);
    const link = await startMeeting(ann);
    await joinMeeting(ben, link);
    await expectConnected(ben, 'Ann');
    await ann.page.getByRole('tab', { name: /^Chat/ }).click();
    await ann.page.getByLabel('Message').fill('Ann was here');
    await ann.page.keyboard.press('Enter');
    await ben.page.getByRole('tab', { name: /^Chat/ }).click();
    await expect(ben.page.getByTestId('chat-message')).toHaveCount(1);
    await ben.page.getByLabel('Message').fill('Ben is still here');
    await ben.page.keyboard.press('Enter');
    await expect(ann.page.getByTestId('chat-message')).toHaveCount(2);
    await ann.page.getByRole('button', { name: 'Leave' }).click();

    const cal = await openMember(browser, second, 'Cal', { media: false });
    members.push(cal);
    await joinMeeting(cal, link);
    await expectConnected(cal, 'Ben');
    await cal.page.getByRole('tab', { name: /^Chat/ }).click();
    const messages = cal.page.getByTestId('chat-message');
    await expect(messages).toHaveCount(2);
    // Ann is gone: only Ben vouches for her words. His own need no label.
    await expect(messages.first().locator('.chat__text')).toHaveText('Ann was here');
    await expect(messages.first().getByTestId('chat-via')).toHaveText('history from Ben');
    await expect(messages.nth(1).locator('.chat__text')).toHaveText('Ben is still here');
    await expect(messages.nth(1).getByTestId('chat-via')).toHaveCount(0);
    // The second install's main keeps it with who vouched for it.
    const roomId = (await cal.page.getByTestId('room-id').textContent())!;
    const stored = await cal.page.evaluate((room) => window.meshwork!.meetings.chatHistory(room), roomId);
    expect(stored.map((m) => [m.text, m.via?.name ?? null])).toEqual([
      ['Ann was here', 'Ben'],
      ['Ben is still here', null],
    ]);
  } finally {
    for (const m of members) await m.context.close();
    for (const install of installs) await install.stop();
    await server.stop();
  }
});
