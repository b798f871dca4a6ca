/**
 * Two installs sharing a workspace through a real server, as people see it: a device that cannot
 * reach the server says so (with the reason, and a way to retry), a first large sync shows its
 * progress, and a project made on one device (or through the REST API) appears on the other
 * without anyone reloading.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type ServerProcess } from '../signaling-server/test/support/serverProcess';
import { freePort } from '../testing/freePort';
import { bearer, openDesktop } from '../testing/syncHarness';
import { startApp, type RunningApp } from './support/appProcess';
import { shoot } from './support/screenshot';

const JOIN_CODE = 'SYNCE2E1';
const WORKSPACE = 'default';
/** Enough for the first sync to take several pages (20,000 rows each) and show its progress. */
const SEEDED_ENTRIES = 100_000;

let dataDir: string;
let serverEnv: Record<string, string>;
let server: ServerProcess | null = null;
const apps: RunningApp[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-e2e-sync-server-'));
  // A fixed port and data folder: the server is stopped and started again on both.
  serverEnv = { MESHWORK_JOIN_CODE: JOIN_CODE, MESHWORK_SERVER_PORT: String(await freePort()), MESHWORK_SERVER_DATA_DIR: dataDir };
  server = await startServer(serverEnv);
  // A workspace that already holds a project and a hundred thousand entries, pushed by another install.
  const seeder = openDesktop(server.url, WORKSPACE);
  try {
    const me = seeder.store.members.me().id;
    const project = seeder.store.projects.create({ name: 'Seeded project' });
    const task = seeder.store.tasks.create({ projectId: project.id, title: 'Seeded task' });
    const start = Date.UTC(2024, 0, 1);
    seeder.store.entries.importMany(
      Array.from({ length: SEEDED_ENTRIES }, (_, i) => ({ taskId: task.id, projectId: project.id, memberId: me, startedAt: start + i * 3_600_000, endedAt: start + i * 3_600_000 + 1_800_000 })),
    );
    await seeder.client.syncNow();
  } finally {
    await seeder.close();
  }
});

test.afterAll(async () => {
  for (const app of apps) await app.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openInstall(page: Page): Promise<void> {
  const app = await startApp({ MESHWORK_SERVER_URL: server?.url ?? `http://127.0.0.1:${serverEnv.MESHWORK_SERVER_PORT}`, MESHWORK_JOIN_CODE: JOIN_CODE });
  apps.push(app);
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Projects & time' }).click();
}

test('offline says why, a first large sync shows progress, and projects made on one device or through the API appear on the others', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  // The server goes away before the second device ever reached it.
  await server!.stop();
  server = null;
  const b = await browser.newPage();
  await openInstall(b);
  const indicator = b.getByTestId('sync-indicator');
  await expect(indicator).toContainText('Offline');
  await expect(indicator).toContainText('Cannot reach the server');
  await expect(indicator.getByRole('button', { name: 'Retry now' })).toBeEnabled();
  await shoot(b, testInfo, 'sync-offline');

  // Every progress bar the indicator shows from now on, as its accessible label, and what the
  // dashboard says of the seeded project's hours meanwhile.
  await b.evaluate(() => {
    const seen: string[] = [];
    const hoursSeen: string[] = [];
    Object.assign(window, { progressSeen: seen, hoursSeen });
    const record = () => {
      const label = document.querySelector('[data-testid="sync-indicator"] progress')?.getAttribute('aria-label');
      if (label && seen.at(-1) !== label) seen.push(label);
      const hours = document.querySelector('[data-testid="project-hours"]')?.textContent;
      if (hours && hoursSeen.at(-1) !== hours) hoursSeen.push(hours);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  server = await startServer(serverEnv);
  // Retry by hand; the device may already be at it on its own (its socket reconnects by itself).
  await indicator
    .getByRole('button', { name: 'Retry now' })
    .click({ timeout: 2_000 })
    .catch(() => undefined);
  await expect(indicator).toContainText('Synced', { timeout: 60_000 });
  // Page by page, rising, out of every record in the workspace.
  const progress = await b.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  const steps = progress.map((label) => /^Downloading workspace: (\d+) of (\d+)$/.exec(label));
  expect(steps.length, progress.join(' | ')).toBeGreaterThanOrEqual(2);
  for (const step of steps) expect(Number(step?.[2])).toBeGreaterThan(SEEDED_ENTRIES);
  const done = steps.map((step) => Number(step?.[1]));
  expect(done).toEqual([...done].sort((x, y) => x - y));
  const seeded = b.getByTestId('project-card').filter({ hasText: 'Seeded project' });
  await expect(seeded).toBeVisible();
  // While the entries loaded, the card said its hours were being counted, never a partial
  // number (0 before the first entries came); now it shows them all (100,000 half hours).
  await expect(seeded.getByTestId('project-hours')).toHaveText('50000 h logged');
  const hoursSeen = await b.evaluate(() => (window as unknown as { hoursSeen: string[] }).hoursSeen);
  expect(hoursSeen, hoursSeen.join(' | ')).toContain('Counting… a sync is loading time entries');
  for (const text of hoursSeen) expect(text).toMatch(/^(Counting…|0 h logged|50000 h logged)/);
  // Main answered every call of the page while the load had the tables' indexes down.
  await expect(b.getByTestId('tracker-notice')).toHaveCount(0);

  // A second device: a project made there reaches the first while it just sits there.
  const a = await browser.newPage();
  await openInstall(a);
  await expect(a.getByTestId('sync-indicator')).toContainText('Synced', { timeout: 60_000 });
  const projectForm = a.getByRole('form', { name: 'New project' });
  await projectForm.getByPlaceholder('Project name').fill('Made on the other device');
  await projectForm.getByRole('button', { name: 'Create project' }).click();
  await expect(a.getByTestId('project-card').filter({ hasText: 'Made on the other device' })).toBeVisible();
  await expect(b.getByTestId('project-card').filter({ hasText: 'Made on the other device' })).toBeVisible({ timeout: 15_000 });
  // A write through the server's REST API reaches both.
  const created = await fetch(`${server.url}/api/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await bearer('rest-client', [{ id: WORKSPACE, role: 'member' }])}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Made through the API' }),
  });
  expect(created.status).toBe(201);
  for (const page of [a, b]) await expect(page.getByTestId('project-card').filter({ hasText: 'Made through the API' })).toBeVisible({ timeout: 15_000 });
  await expect(indicator).toContainText('Synced');
  for (const page of [a, b]) await expect(page.getByTestId('tracker-notice')).toHaveCount(0);
  await shoot(b, testInfo, 'sync-synced');
});

test('a join code the server does not know is an error with the server\'s reason, not "offline"', async ({ page }, testInfo) => {
  server ??= await startServer(serverEnv);
  const app = await startApp({ MESHWORK_SERVER_URL: server.url, MESHWORK_JOIN_CODE: 'NOTTHECODE' });
  apps.push(app);
  await page.goto(app.url);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toContainText('Sync error');
  await expect(indicator).toContainText('The server refused a sync token: Wrong join code');
  await expect(indicator.getByRole('button', { name: 'Retry now' })).toBeEnabled();
  // Home's Server card does not call a server that refuses this install "Connected".
  await expect(page.getByTestId('server-status')).toContainText('Reachable, but it will not let this install in');
  await expect(page.getByTestId('server-status')).toHaveClass(/status--bad/);
  await expect(page.getByTestId('server-access-error')).toContainText("It refused this install's join code: Wrong join code");
  await shoot(page, testInfo, 'sync-error');
});
