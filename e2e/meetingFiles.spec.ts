/**
 * File transfer between members of one meeting, written to disk by main: a 20 MB random file
 * to one member and to everyone arrives bit-identical with progress on the way; a file that
 * exists is never overwritten without asking; a cancelled transfer, or one whose file changed on
 * disk, leaves nothing behind; a transfer whose peer connection drops resumes from where it stopped; the receive folder typed
 * in browser mode is checked by main and is where the next file lands.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startApp, type RunningApp } from './support/appProcess';
import { expectConnected, joinMeeting, memberIds, openMember, startMeeting, type Member } from './support/meeting';

let app: RunningApp;
let receiveDir: string;
let ann: Member;
let ben: Member;
let cal: Member;
const files = mkdtempSync(path.join(os.tmpdir(), 'meshwork-files-'));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  receiveDir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-received-'));
  app = await startApp({ MESHWORK_RECEIVE_DIR: receiveDir });
  ann = await openMember(browser, app, 'Ann', { media: false, debug: true });
  ben = await openMember(browser, app, 'Ben', { media: false, debug: true });
  cal = await openMember(browser, app, 'Cal', { media: false, debug: true });
  const link = await startMeeting(ann);
  await joinMeeting(ben, link);
  await joinMeeting(cal, link);
  for (const [m, others] of [[ann, ['Ben', 'Cal']], [ben, ['Ann', 'Cal']], [cal, ['Ann', 'Ben']]] as const) {
    for (const o of others) await expectConnected(m, o);
    await m.page.getByRole('tab', { name: /^Files/ }).click();
  }
});

test.afterAll(async () => {
  for (const m of [ann, ben, cal]) await m?.context.close();
  await app?.stop();
});

function randomFile(name: string, bytes: number): string {
  const file = path.join(files, name);
  writeFileSync(file, randomBytes(bytes));
  return file;
}

async function send(from: Member, file: string, to: string) {
  await from.page.getByTestId('transfer-target').selectOption({ label: to });
  await from.page.getByTestId('transfer-file').setInputFiles(file);
  await from.page.getByRole('button', { name: 'Send file' }).click();
}

/** Records every byte count a transfer row shows, to prove progress was reported on the way. */
async function watchProgress(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { progressSeen: number[] };
    w.progressSeen = [];
    new MutationObserver(() => {
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid="transfer"]')) w.progressSeen.push(Number(row.dataset.bytes));
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-bytes'] });
  });
  return () => page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
}

/** The newest transfer row naming the file, pinned by its key (a receiver may rename the file). */
async function row(page: Page, fileName: string) {
  const newest = page.getByTestId('transfer').filter({ hasText: fileName }).last();
  await expect(newest).toBeVisible({ timeout: 30_000 });
  const key = await newest.getAttribute('data-key');
  return page.locator(`[data-testid="transfer"][data-key="${key}"]`);
}

const TWENTY_MB = 20 * 1024 * 1024;

test('a 20 MB file to one member arrives bit-identical, with progress', async () => {
  test.setTimeout(120_000);
  const file = randomFile('one.bin', TWENTY_MB);
  const progress = await watchProgress(ben.page);
  await send(ann, file, 'Ben');
  const offer = await row(ben.page, 'one.bin');
  await expect(offer).toHaveAttribute('data-status', 'offered');
  await expect(cal.page.getByTestId('transfer')).toHaveCount(0);
  await offer.getByRole('button', { name: 'Accept' }).click();
  await expect(offer).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(await row(ann.page, 'one.bin')).toHaveAttribute('data-status', 'done');
  expect(sha256(path.join(receiveDir, 'one.bin'))).toBe(sha256(file));
  const seen = await progress();
  expect(seen.some((b) => b > 0 && b < TWENTY_MB)).toBe(true);
  expect(readdirSync(receiveDir).filter((f) => f.endsWith('.part'))).toEqual([]);
});

test('a 20 MB file to everyone arrives at each, and an existing name is never overwritten silently', async () => {
  test.setTimeout(120_000);
  const file = randomFile('all.bin', TWENTY_MB);
  await send(ann, file, 'Everyone');
  const rows = [await row(ben.page, 'all.bin'), await row(cal.page, 'all.bin')];
  for (const r of rows) await r.getByRole('button', { name: 'Accept' }).click();
  // Both members share this install's receive folder. A receive that began while the other was
  // still arriving takes the next free name when it ends; one that began after the other had
  // landed asks first (the app is right either way, and which happens is the machine's timing).
  for (const r of rows) {
    await expect(r).toHaveAttribute('data-status', /^(done|conflict)$/, { timeout: 90_000 });
    if ((await r.getAttribute('data-status')) === 'conflict') {
      await expect(r).toContainText('already exists');
      await r.getByRole('button', { name: 'Keep both' }).click();
    }
    await expect(r).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  }
  const received = readdirSync(receiveDir).filter((f) => f.startsWith('all'));
  expect(received.sort()).toEqual(['all (1).bin', 'all.bin']);
  for (const name of received) expect(sha256(path.join(receiveDir, name))).toBe(sha256(file));

  // Sending a file whose name exists asks first.
  await send(ann, file, 'Ben');
  const offered = ben.page.locator('[data-testid="transfer"][data-status="offered"]');
  await expect(offered).toHaveCount(1, { timeout: 30_000 });
  const again = ben.page.locator(`[data-testid="transfer"][data-key="${await offered.getAttribute('data-key')}"]`);
  await again.getByRole('button', { name: 'Accept' }).click();
  await expect(again).toHaveAttribute('data-status', 'conflict');
  await expect(again).toContainText('already exists');
  await again.getByRole('button', { name: 'Keep both' }).click();
  await expect(again).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect(readdirSync(receiveDir).filter((f) => f.startsWith('all')).sort()).toEqual(['all (1).bin', 'all (2).bin', 'all.bin']);
});

test('a cancelled transfer leaves no partial file', async () => {
  test.setTimeout(120_000);
  const before = readdirSync(receiveDir).sort();
  const file = randomFile('cancel.bin', 48 * 1024 * 1024);
  await send(ann, file, 'Cal');
  const incoming = await row(cal.page, 'cancel.bin');
  await incoming.getByRole('button', { name: 'Accept' }).click();
  // Cancelled from inside the page the moment the first bytes show (progress comes every 8 MiB):
  // polled from here, a transfer this fast could finish between the poll and the click.
  await incoming.evaluate(
    (row) =>
      new Promise<void>((resolve) => {
        const cancelOnProgress = () => {
          if (Number(row.getAttribute('data-bytes')) === 0) return false;
          [...row.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cancel')?.click();
          return true;
        };
        if (cancelOnProgress()) return resolve();
        const observer = new MutationObserver(() => {
          if (!cancelOnProgress()) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(row, { attributes: true, attributeFilter: ['data-bytes'] });
      }),
  );
  await expect(incoming).toHaveAttribute('data-status', 'cancelled');
  await expect(await row(ann.page, 'cancel.bin')).toHaveAttribute('data-status', 'cancelled');
  await expect.poll(() => readdirSync(receiveDir).sort()).toEqual(before);
});

test('a file changed on disk after it was offered fails with a reason on both sides and leaves no partial file', async () => {
  test.setTimeout(120_000);
  const before = readdirSync(receiveDir).sort();
  const file = randomFile('changed.bin', 8 * 1024 * 1024);
  await send(ann, file, 'Cal');
  const incoming = await row(cal.page, 'changed.bin');
  // The sender hashed these bytes; they are gone before it reads them again to send.
  truncateSync(file, 1024);
  await incoming.getByRole('button', { name: 'Accept' }).click();
  const outgoing = await row(ann.page, 'changed.bin');
  await expect(outgoing).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(outgoing).toContainText('Could not read the file');
  await expect(incoming).toHaveAttribute('data-status', 'cancelled');
  await expect(incoming).toContainText('The sender could not read the file');
  await expect.poll(() => readdirSync(receiveDir).sort()).toEqual(before);
});

test('a file shows the check of its contents from the start, and cancelled then it is never offered', async () => {
  test.setTimeout(120_000);
  const file = randomFile('checked.bin', 128 * 1024 * 1024);
  // The page watches the row and presses Cancel as soon as the check shows progress.
  await ann.page.evaluate(() => {
    const w = window as unknown as { checkedSeen: string[] };
    w.checkedSeen = [];
    new MutationObserver(() => {
      const row = document.querySelector<HTMLElement>('[data-testid="transfer"][data-direction="send"][data-name="checked.bin"]');
      if (!row) return;
      w.checkedSeen.push(`${row.dataset.status}:${row.dataset.bytes}`);
      if (row.dataset.status === 'preparing' && Number(row.dataset.bytes) > 0) [...row.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')?.click();
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await send(ann, file, 'Cal');
  const outgoing = await row(ann.page, 'checked.bin');
  await expect(outgoing).toHaveAttribute('data-status', 'cancelled');
  const seen = await ann.page.evaluate(() => (window as unknown as { checkedSeen: string[] }).checkedSeen);
  expect(seen[0]).toBe('preparing:0');
  expect(seen.some((s) => /^preparing:[1-9]/.test(s))).toBe(true);
  expect(seen.filter((s) => !s.startsWith('preparing:') && !s.startsWith('cancelled:'))).toEqual([]);
  // Longer than hashing all of it takes, then a file sent after it: had the cancelled one been
  // offered anyway, it would be there by now.
  await ann.page.waitForTimeout(4000);
  await send(ann, randomFile('after-checked.bin', 1024), 'Cal');
  await expect(await row(cal.page, 'after-checked.bin')).toHaveAttribute('data-status', 'offered');
  await expect(cal.page.locator('[data-testid="transfer"][data-name="checked.bin"]')).toHaveCount(0);
});

test('a transfer whose connection drops resumes where it stopped and arrives intact', async () => {
  test.setTimeout(150_000);
  // Large enough that the drop lands mid-transfer even on a fast machine or a busy one (progress
  // is reported every 8 MiB, so the earliest moment to drop is a 32nd of the way in, and the
  // rest takes seconds).
  const size = 256 * 1024 * 1024;
  const file = randomFile('resume.bin', size);
  const progress = await watchProgress(ben.page);
  await send(ann, file, 'Ben');
  const incoming = await row(ben.page, 'resume.bin');
  await incoming.getByRole('button', { name: 'Accept' }).click();
  const benId = (await memberIds(ann.page))['Ben']!;
  await expect.poll(async () => Number(await incoming.getAttribute('data-bytes')), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
  const atDrop = Number(await incoming.getAttribute('data-bytes'));
  const seenBefore = (await progress()).length;
  await ann.page.evaluate((id) => (window as unknown as { meshworkDebug: { dropPeer(id: string): void } }).meshworkDebug.dropPeer(id), benId);
  await expect(incoming).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  expect(sha256(path.join(receiveDir, 'resume.bin'))).toBe(sha256(file));
  // It carried on from the bytes on disk (which may trail what was shown): after the drop the
  // count never went back to zero.
  expect(atDrop).toBeLessThan(size);
  const after = (await progress()).slice(seenBefore);
  expect(after.length).toBeGreaterThan(0);
  expect(Math.min(...after)).toBeGreaterThan(0);
  await expect(ann.page.getByRole('figure', { name: 'Ben', exact: true })).toHaveAttribute('data-state', 'connected');
});

test('a receive folder typed in browser mode is checked by main and used for the next file', async () => {
  test.setTimeout(120_000);
  const setting = cal.page.getByTestId('receive-folder');
  await expect(setting.getByTestId('receive-folder-path')).toHaveText(receiveDir);
  const input = setting.getByLabel('Receive folder');
  await input.fill('not/absolute');
  await setting.getByRole('button', { name: 'Use folder' }).click();
  await expect(setting.getByRole('alert')).toContainText('full path');
  await expect(setting.getByTestId('receive-folder-path')).toHaveText(receiveDir);
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'meshwork-elsewhere-'));
  await input.fill(elsewhere);
  await setting.getByRole('button', { name: 'Use folder' }).click();
  await expect(setting.getByTestId('receive-folder-path')).toHaveText(elsewhere);
  await expect(setting.getByRole('alert')).toHaveCount(0);

  const file = randomFile('moved.bin', 1024 * 1024);
  await send(ann, file, 'Cal');
  const incoming = await row(cal.page, 'moved.bin');
  await incoming.getByRole('button', { name: 'Accept' }).click();
  await expect(incoming).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  expect(sha256(path.join(elsewhere, 'moved.bin'))).toBe(sha256(file));
  expect(readdirSync(receiveDir)).not.toContain('moved.bin');
});

