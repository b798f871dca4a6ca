/**
 * How the sync client reads what comes back over HTTP, against a real HTTP server that answers
 * as a sync server, a failing one, or a proxy in front of a server that is down would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesktop } from '../../testing/syncHarness';
import { fetchPage, pageItems, push, SyncRefused, SyncServerError } from './syncHttp';

const answers: Record<string, [number, string, string]> = {
  '/proxy-down': [502, 'text/html', '<html><body>Bad Gateway</body></html>'],
  '/failing': [500, 'application/json', JSON.stringify({ error: 'internal', message: 'disk full' })],
  '/refusing': [403, 'application/json', JSON.stringify({ error: 'forbidden', message: 'not your workspace' })],
  '/not-json': [404, 'text/plain', 'no such thing'],
  '/malformed': [200, 'application/json', JSON.stringify({ cursor: 'x' })],
  '/pushed': [200, 'application/json', JSON.stringify({ cursor: 7, accepted: 2, duplicates: 0 })],
};

const row = (id: string, name: string, nameClock?: string) => ({
  entity: 'teams',
  id,
  fields: { name, createdAt: 1, updatedAt: 1, deletedAt: null },
  clocks: { '*': '001732000000000-000000-server01', ...(nameClock ? { name: nameClock } : {}) },
});
const lines = (...values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n');
/** Snapshot pages (NDJSON), sent in small chunks that split lines and multi-byte characters. */
const pages: Record<string, string> = {
  '/page': `${lines({ next: 'teams:b', cursor: 3, total: 2, count: 2 }, row('a', 'Ærø ✓ 🧪'), row('b', 'tab\there', '001732000000000-000000-server02'))}`,
  '/page-empty': lines({ next: null, cursor: 3, total: 0, count: 0 }),
  '/page-blank-lines': `\n\n${lines({ next: null, cursor: 3, total: 1, count: 1 })}\n\n${lines(row('a', 'one'))}\n`,
  '/page-cut-short': lines({ next: null, cursor: 3, total: 3, count: 3 }, row('a', 'one'), row('b', 'two')),
  '/page-too-long': lines({ next: null, cursor: 3, total: 1, count: 1 }, row('a', 'one'), row('b', 'two')),
  '/page-bad-row': lines({ next: null, cursor: 3, total: 1, count: 1 }, { ...row('a', 'one'), fields: { name: 5 } }),
  '/page-not-json': `${lines({ next: null, cursor: 3, total: 1, count: 1 })}\n{"entity":`,
};

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // A whole sync server behind a proxy that is down: every path gets the gateway's page.
    const page = pages[req.url ?? ''];
    if (page !== undefined) {
      const bytes = Buffer.from(page);
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (let at = 0; at < bytes.length; at += 7) res.write(bytes.subarray(at, at + 7));
      res.end();
      return;
    }
    const [status, type, body] = answers[req.url ?? ''] ?? answers['/proxy-down']!;
    res.writeHead(status, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = (path: string) => push({ url: `${base}${path}`, token: 't', body: '{"ops":[]}' });
const snapshot = async (path: string) => {
  const page = await fetchPage({ url: `${base}${path}`, token: 't', kind: 'snapshot' });
  return { head: page.head, latest: page.latest, rows: [...pageItems(page)] };
};

describe('sync replies', () => {
  it('parses a reply by its schema', async () => {
    await expect(call('/pushed')).resolves.toEqual({ cursor: 7, accepted: 2, duplicates: 0 });
  });

  it('tells server failures (retry later) from refusals, whatever the body', async () => {
    await expect(call('/proxy-down')).rejects.toThrow(new SyncServerError('Server error: HTTP 502'));
    await expect(call('/failing')).rejects.toThrow(new SyncServerError('Server error: disk full'));
    await expect(call('/malformed')).rejects.toBeInstanceOf(SyncServerError);
    const refused = await call('/refusing').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SyncRefused);
    expect(refused).toMatchObject({ status: 403, message: 'Server refused: not your workspace' });
    await expect(call('/not-json')).rejects.toBeInstanceOf(SyncRefused);
  });

  it('checks a page line by line as it arrives, whatever the chunks split, and keeps exactly its items', async () => {
    await expect(snapshot('/page')).resolves.toEqual({
      head: { next: 'teams:b', cursor: 3, total: 2, count: 2 },
      latest: '001732000000000-000000-server02',
      rows: [row('a', 'Ærø ✓ 🧪'), row('b', 'tab\there', '001732000000000-000000-server02')],
    });
  });

  it('skips empty lines, before the head too', async () => {
    await expect(snapshot('/page-blank-lines')).resolves.toMatchObject({ head: { count: 1 }, rows: [row('a', 'one')] });
  });

  it('a page with no items and no final newline', async () => {
    await expect(snapshot('/page-empty')).resolves.toEqual({ head: { next: null, cursor: 3, total: 0, count: 0 }, latest: '', rows: [] });
  });

  it('refuses a page cut short, one longer than its head says, or one with a bad line, as a server error', async () => {
    await expect(snapshot('/page-cut-short')).rejects.toThrow(new SyncServerError('Server sent a malformed reply: the page was cut short: 2 of 3 items'));
    await expect(snapshot('/page-too-long')).rejects.toThrow(new SyncServerError('Server sent a malformed reply: the page holds more than the 1 items its head announced'));
    await expect(snapshot('/page-bad-row')).rejects.toThrow(/line 2 of the page: fields\.name/);
    await expect(snapshot('/page-not-json')).rejects.toThrow(new SyncServerError('Server sent a malformed reply: line 2 of the page is not JSON'));
  });

  it('a client whose server is behind a proxy that is down shows an error with the reason, not "offline"', async () => {
    const desktop = openDesktop(base, 'ws-proxy');
    try {
      await expect(desktop.client.syncNow()).rejects.toBeInstanceOf(SyncServerError);
      expect(desktop.client.status()).toMatchObject({ state: 'error', error: 'Server error: HTTP 502' });
    } finally {
      await desktop.close();
    }
  });
});
