/**
 * Every screen, in both themes, checked by axe-core against WCAG 2.1 A and AA (contrast, names
 * of controls, landmarks, ARIA use): what a screen reader or a low-vision user meets. The remote
 * desktop's consent prompt, banner and viewer are checked in e2e/remoteControl.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { startApp, type RunningApp } from './support/appProcess';
import { axeViolations as violations } from './support/axe';
import { twoPersonCall } from './support/meeting';
import { shoot } from './support/screenshot';

let app: RunningApp;

test.beforeAll(async () => {
  app = await startApp();
});

test.afterAll(async () => {
  await app?.stop();
});

const screens: { name: string; open: (page: Page) => Promise<void> }[] = [
  { name: 'Home', open: (page) => page.getByRole('button', { name: 'Home' }).click() },
  { name: 'Meetings', open: (page) => page.getByRole('button', { name: 'Meetings' }).click() },
  { name: 'Remote desktop', open: (page) => page.getByRole('button', { name: 'Remote desktop' }).click() },
  ...(['Dashboard', 'Board', 'Time', 'Resources', 'Reports', 'People'] as const).map((view) => ({
    name: `Projects & time: ${view}`,
    open: async (page: Page) => {
      await page.getByRole('button', { name: 'Projects & time' }).click();
      await page.getByRole('navigation', { name: 'Tracker views' }).getByRole('button', { name: view, exact: true }).click();
    },
  })),
];

test('every screen passes axe (WCAG 2.1 A and AA) in the light and the dark theme', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  // Something on every screen: a project, a task, an hour logged.
  await page.getByRole('button', { name: 'Projects & time' }).click();
  const projectForm = page.getByRole('form', { name: 'New project' });
  await projectForm.getByPlaceholder('Project name').fill('Accessible project');
  await projectForm.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('navigation', { name: 'Tracker views' }).getByRole('button', { name: 'Board', exact: true }).click();
  const taskForm = page.getByRole('form', { name: 'New task' });
  await taskForm.getByPlaceholder(/What needs doing/).fill('Check contrast');
  await taskForm.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByTestId('task-card').filter({ hasText: 'Check contrast' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Tracker views' }).getByRole('button', { name: 'Time', exact: true }).click();
  const manual = page.getByRole('form', { name: 'Add time manually' });
  await manual.getByLabel('Task for the manual entry').selectOption({ label: 'Check contrast' });
  await manual.getByLabel('Entry start').fill('09:00');
  await manual.getByLabel('Entry end').fill('10:30');
  await manual.getByRole('button', { name: 'Add entry' }).click();
  await expect(page.getByTestId('time-entry')).toHaveCount(1);
  await page.evaluate(async () => {
    const api = window.meshwork!;
    const me = await api.tracker.me();
    await api.tracker.createTeam({ name: 'Accessible team', memberIds: [me.id] });
  });

  const found: string[] = [];
  for (const theme of ['first', 'second'] as const) {
    for (const screen of screens) {
      await screen.open(page);
      await page.waitForLoadState('networkidle');
      for (const line of await violations(page)) found.push(`${screen.name} (${theme} theme): ${line}`);
      await shoot(page, testInfo, `${screen.name} ${theme} theme`);
    }
    await page.keyboard.press('Control+Shift+L');
  }
  expect(found, found.join('\n')).toEqual([]);
});

test('a call passes axe too: tiles, controls and every side panel, in both themes', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const { ann, close } = await twoPersonCall(browser, app);
  try {
    await ann.page.getByRole('tab', { name: /^Chat/ }).click();
    await ann.page.getByLabel('Message').fill('Can everyone read this? https://example.com');
    await ann.page.keyboard.press('Enter');
    await expect(ann.page.getByTestId('chat-message')).toHaveCount(1);
    const found: string[] = [];
    for (const theme of ['first', 'second'] as const) {
      for (const tab of await ann.page.getByRole('tab').all()) {
        await tab.click();
        const name = (await tab.textContent())?.trim();
        for (const line of await violations(ann.page)) found.push(`Call, ${name} panel (${theme} theme): ${line}`);
      }
      await shoot(ann.page, testInfo, `call ${theme} theme`);
      await ann.page.keyboard.press('Control+Shift+L');
    }
    expect(found, found.join('\n')).toEqual([]);
  } finally {
    await close();
  }
});

test('the keyboard reaches every control of the Home screen in order, each with a visible focus ring', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Meshwork' })).toBeVisible();
  const visited: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(),
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        shown: box.width > 0 && box.height > 0,
      };
    });
    if (!focused) break;
    expect(focused, `focus ${i + 1}`).toMatchObject({ ring: true, shown: true });
    visited.push(focused.name);
  }
  // The navigation first, then the screen's own controls.
  expect(visited.slice(0, 4)).toEqual(['Home', 'Meetings', 'Remote desktop', 'Projects & time']);
  expect(visited).toContain('Check again');
});
