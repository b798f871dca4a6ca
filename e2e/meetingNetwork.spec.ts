/**
 * A meeting over a hostile network. Both members choose "relay only": every path goes through
 * a real coturn with credentials the signaling server issues, and media still decodes. Then
 * coturn is killed and restarted (every allocation, so the call's only path, is gone): the call
 * comes back on its own, without reloading the page, and decodes new frames. Access tokens live
 * 10 s here, so the call also outlives several of them: the pages refresh theirs (`reauth`).
 */
import { expect, test } from '@playwright/test';
import { startApp, type RunningApp } from './support/appProcess';
import { startCoturn, type Coturn } from './support/coturn';
import { expectMediaFrom, joinMeeting, memberIds, openMember, startMeeting, type Member } from './support/meeting';

let coturn: Coturn;
let app: RunningApp;
let ann: Member;
let ben: Member;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  coturn = await startCoturn();
  // The embedded signaling server reads these and hands out TURN REST credentials in ice.config.
  app = await startApp({
    MESHWORK_TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
    MESHWORK_TURN_SECRET: coturn.secret,
    MESHWORK_TURN_TTL_SECONDS: '600',
    MESHWORK_ACCESS_TOKEN_TTL_SECONDS: '10',
  });
  ann = await openMember(browser, app, 'Ann', { debug: true });
  ben = await openMember(browser, app, 'Ben', { debug: true });
  for (const m of [ann, ben]) await m.page.getByLabel(/relay only/).check();
});

test.afterAll(async () => {
  for (const m of [ann, ben]) await m?.context.close();
  await app?.stop();
  await coturn?.stop();
});

type LinkInfo = { serial: number; iceRestarts: number; state: string; ice: string; initiator: boolean };
const linkInfo = (m: Member, id: string) =>
  m.page.evaluate((peer) => (window as unknown as { meshworkDebug: { linkInfo(id: string): LinkInfo | null } }).meshworkDebug.linkInfo(peer), id);
const framesFrom = async (m: Member, name: string) => Number(await m.page.getByRole('figure', { name, exact: true }).getAttribute('data-frames-decoded'));

test('relay-only members connect through TURN and decode each other', async () => {
  test.setTimeout(120_000);
  const link = await startMeeting(ann);
  await joinMeeting(ben, link);
  await expectMediaFrom(ann, 'Ben');
  await expectMediaFrom(ben, 'Ann');
  // The selected candidate pair leaves each machine through a relay candidate.
  await expect(ann.page.getByRole('figure', { name: 'Ben', exact: true })).toHaveAttribute('data-path', 'relay');
  await expect(ben.page.getByRole('figure', { name: 'Ann', exact: true })).toHaveAttribute('data-path', 'relay');
});

test('the call recovers by itself when its relay path is lost, without a reload', async () => {
  test.setTimeout(180_000);
  const ids = { ann: (await memberIds(ben.page))['Ann']!, ben: (await memberIds(ann.page))['Ben']! };
  const initiator = (await linkInfo(ann, ids.ben))!.initiator ? { m: ann, peer: ids.ben } : { m: ben, peer: ids.ann };
  const before = (await linkInfo(initiator.m, initiator.peer))!;
  // Marks that would vanish on a reload, and a record of every state the tiles go through.
  for (const m of [ann, ben]) {
    await m.page.evaluate(() => {
      const w = window as unknown as { notReloaded: boolean; statesSeen: string[] };
      w.notReloaded = true;
      w.statesSeen = [];
      new MutationObserver(() => {
        for (const tile of document.querySelectorAll<HTMLElement>('figure[data-state]')) w.statesSeen.push(tile.dataset.state!);
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    });
  }
  const framesBefore = { ann: await framesFrom(ann, 'Ben'), ben: await framesFrom(ben, 'Ann') };

  await coturn.restart();

  // The loss is noticed (the tile leaves "connected")...
  for (const m of [ann, ben]) {
    await expect
      .poll(() => m.page.evaluate(() => (window as unknown as { statesSeen: string[] }).statesSeen.some((s) => s !== 'connected')), { timeout: 60_000, message: `${m.name} notices the lost path` })
      .toBe(true);
  }
  // ...and the call comes back through the new relay, decoding frames it had not decoded before.
  await expect(ann.page.getByRole('figure', { name: 'Ben', exact: true })).toHaveAttribute('data-state', 'connected', { timeout: 90_000 });
  await expect(ben.page.getByRole('figure', { name: 'Ann', exact: true })).toHaveAttribute('data-state', 'connected', { timeout: 90_000 });
  await expect.poll(() => framesFrom(ann, 'Ben'), { timeout: 60_000 }).toBeGreaterThan(framesBefore.ann + 30);
  await expect.poll(() => framesFrom(ben, 'Ann'), { timeout: 60_000 }).toBeGreaterThan(framesBefore.ben + 30);
  await expect(ann.page.getByRole('figure', { name: 'Ben', exact: true })).toHaveAttribute('data-path', 'relay');
  for (const m of [ann, ben]) expect(await m.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // The initiator restarted ICE on the same connection (a rebuilt one would have a new serial).
  const after = (await linkInfo(initiator.m, initiator.peer))!;
  expect(after.iceRestarts).toBeGreaterThan(before.iceRestarts);
  expect(after.serial).toBe(before.serial);
});

test('signaling sessions outlive their 10 s access tokens by refreshing them', async () => {
  // The call above lasted well past 10 s; the server would have closed an expired session (4405).
  const metrics = await (await fetch(new URL('/metrics', app.serverUrl!))).text();
  const count = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1] ?? 0);
  expect(count(/^meshwork_messages_total\{type="reauth"\} (\d+)/m)).toBeGreaterThanOrEqual(4);
  expect(count(/^meshwork_rejects_total\{reason="token-expired"\} (\d+)/m)).toBe(0);
  for (const m of [ann, ben]) await expect(m.page.getByRole('figure', { name: m === ann ? 'Ben' : 'Ann', exact: true })).toHaveAttribute('data-state', 'connected');
});
