/**
 * The page reader's worker thread as main uses it: pages arrive checked, failures keep their
 * kind, and a worker that cannot start or a reader that is closed fails the pages it owed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageItems, SyncRefused, SyncServerError } from './syncHttp';
import { SYNC_PAGES_WORKER, SyncPages } from './syncPages';

const WORKER = path.resolve('app/dist', SYNC_PAGES_WORKER);
const hlc = (n: number) => `00173200000000${n}-000000-server01`;
const op = (seq: number) => ({
  seq,
  op: { id: `op-000000${seq}`, entity: 'teams', entityId: `t${seq}`, kind: 'insert', fields: { name: `Team ${seq}` }, hlc: hlc(seq), author: 'server01' },
});

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/ops') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end([{ cursor: 3, head: 3, count: 3 }, op(1), op(3), op(2)].map((line) => JSON.stringify(line)).join('\n'));
    } else if (req.url === '/refused') {
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'forbidden', message: 'not your workspace' }));
    } else if (req.url === '/bad') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(`${JSON.stringify({ cursor: 1, head: 1, count: 1 })}\n{"seq":1}`);
    }
    // Anything else never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('sync pages on a worker thread', () => {
  it('hands main a checked page: its head, its latest clock and its items, and takes the memory back', async () => {
    const pages = new SyncPages(WORKER);
    try {
      for (let round = 0; round < 3; round++) {
        const page = await pages.fetch({ kind: 'ops', url: `${base}/ops`, token: 't' });
        expect(page.head).toEqual({ cursor: 3, head: 3, count: 3 });
        expect(page.latest).toBe(hlc(3));
        expect([...pageItems(page)]).toEqual([op(1), op(3), op(2)]);
        pages.release(page);
        // Handed back: the bytes are the worker's again, not readable here.
        expect(page.lines.buffer.byteLength).toBe(0);
      }
    } finally {
      await pages.close();
    }
  });

  it('keeps the kind of a failure: refused, server error, unreachable', async () => {
    const pages = new SyncPages(WORKER);
    try {
      const refused = await pages.fetch({ kind: 'ops', url: `${base}/refused`, token: 't' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SyncRefused);
      expect(refused).toMatchObject({ status: 403, message: 'Server refused: not your workspace' });
      await expect(pages.fetch({ kind: 'ops', url: `${base}/bad`, token: 't' })).rejects.toThrow(SyncServerError);
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const unreachable = (await pages.fetch({ kind: 'ops', url: `http://127.0.0.1:${port}/ops`, token: 't' }).catch((e: unknown) => e)) as Error;
      expect(unreachable).not.toBeInstanceOf(SyncRefused);
      expect(unreachable).not.toBeInstanceOf(SyncServerError);
      expect((unreachable.cause as Error).message).toMatch(/ECONNREFUSED/);
    } finally {
      await pages.close();
    }
  });

  it('fails the pages it owes when it is closed, and starts again for the next one', async () => {
    const pages = new SyncPages(WORKER);
    const owed = expect(pages.fetch({ kind: 'ops', url: `${base}/never`, token: 't' })).rejects.toThrow('sync stopped');
    await pages.close();
    await owed;
    await expect(pages.fetch({ kind: 'ops', url: `${base}/ops`, token: 't' })).resolves.toMatchObject({ head: { count: 3 } });
    await pages.close();
  });

  it('a worker that cannot start fails its pages with the reason', async () => {
    const pages = new SyncPages(path.resolve('app/dist/main/no-such-worker.cjs'));
    await expect(pages.fetch({ kind: 'ops', url: `${base}/ops`, token: 't' })).rejects.toThrow(/The sync page reader stopped: .*no-such-worker/);
    await pages.close();
  });
});
