/**
 * The call's keyboard shortcuts, as the other member sees them: M mutes, V turns the camera
 * off and on, H raises a hand, holding Space talks while muted; none of them fire while typing.
 */
import { expect, test, type Locator } from '@playwright/test';
import { startApp, type RunningApp } from './support/appProcess';
import { twoPersonCall } from './support/meeting';

let app: RunningApp;

test.beforeAll(async () => {
  app = await startApp();
});

test.afterAll(async () => {
  await app?.stop();
});

test('M, V, H and holding Space change what the other member sees; typing in chat changes nothing', async ({ browser }) => {
  test.setTimeout(120_000);
  const { ann, ben, close } = await twoPersonCall(browser, app);
  try {
    // Ann as Ben's participant list shows her.
    const annAtBen: Locator = ben.page.getByTestId('participants').locator('li').filter({ hasText: 'Ann' });
    const annTileAtBen = ben.page.getByRole('figure', { name: 'Ann', exact: true });
    const controls = (name: string | RegExp) => ann.page.getByRole('button', { name });
    await expect(annAtBen).not.toContainText('Muted');
    await expect(annTileAtBen.locator('video')).toBeVisible();

    await ann.page.keyboard.press('m');
    await expect(controls('Unmute')).toHaveAttribute('aria-pressed', 'true');
    await expect(annAtBen).toContainText('Muted');

    // Push to talk: unmuted while Space is held, muted again when it is let go.
    await ann.page.keyboard.down('Space');
    await expect(annAtBen).not.toContainText('Muted');
    await expect(controls('Mute')).toBeVisible();
    await ann.page.keyboard.up('Space');
    await expect(annAtBen).toContainText('Muted');

    await ann.page.keyboard.press('v');
    await expect(controls('Start camera')).toBeVisible();
    await expect(annTileAtBen.locator('video')).toBeHidden();
    await ann.page.keyboard.press('v');
    await expect(annTileAtBen.locator('video')).toBeVisible({ timeout: 15_000 });

    await ann.page.keyboard.press('h');
    await expect(annAtBen).toContainText('Hand raised');
    await ann.page.keyboard.press('h');
    await expect(annAtBen).not.toContainText('Hand raised');

    // Space after clicking a control talks; it does not press that control again.
    await controls('Raise hand').click();
    await expect(annAtBen).toContainText('Hand raised');
    await controls('Lower hand').click();
    await expect(annAtBen).not.toContainText('Hand raised');
    await ann.page.keyboard.down('Space');
    await expect(annAtBen).not.toContainText('Muted');
    await ann.page.keyboard.up('Space');
    await expect(annAtBen).toContainText('Muted');
    await expect(controls('Raise hand')).toHaveAttribute('aria-pressed', 'false');
    await expect(annAtBen).not.toContainText('Hand raised');

    // Typing: the letters go into the message, nothing else happens.
    await ann.page.getByRole('tab', { name: /^Chat/ }).click();
    await ann.page.getByLabel('Message').fill('');
    await ann.page.getByLabel('Message').pressSequentially('mvh ok');
    await expect(ann.page.getByLabel('Message')).toHaveValue('mvh ok');
    await expect(annAtBen).toContainText('Muted');
    await expect(annAtBen).not.toContainText('Hand raised');
    await expect(annTileAtBen.locator('video')).toBeVisible();
  } finally {
    await close();
  }
});
