/**
 * How the sync client reads what comes back over HTTP, against a real HTTP server that answers
 * as a sync server, a failing one, or a proxy in front of a server that is down would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesktop } from '../../testing/syncHarness';
import { exchange, SyncRefused, SyncServerError } from './syncHttp';

const answers: Record<string, [number, string, string]> = {
  '/proxy-down': [502, 'text/html', '<html><body>Bad Gateway</body></html>'],
  '/failing': [500, 'application/json', JSON.stringify({ error: 'internal', message: 'disk full' })],
  '/refusing': [403, 'application/json', JSON.stringify({ error: 'forbidden', message: 'not your workspace' })],
  '/not-json': [404, 'text/plain', 'no such thing'],
  '/malformed': [200, 'application/json', JSON.stringify({ cursor: 'x' })],
  '/pushed': [200, 'application/json', JSON.stringify({ cursor: 7, accepted: 2, duplicates: 0 })],
};

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // A whole sync server behind a proxy that is down: every path gets the gateway's page.
    const [status, type, body] = answers[req.url ?? ''] ?? answers['/proxy-down']!;
    res.writeHead(status, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = (path: string) => exchange({ method: 'POST', url: `${base}${path}`, token: 't', body: '{"ops":[]}', reply: 'push' });

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
