import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HOST_SUBPROTOCOL, HostReplyFrameSchema, TOKEN_SUBPROTOCOL_PREFIX, type HostReplyFrame } from '../../common/ipc/hostWire';
import { createMainServices, type MainServices } from '../services/mainServices';
import { UnsupportedUpdates } from '../services/updateService';
import { SOURCE_MIGRATIONS_DIR } from '../store/testing/tempStore';
import { startHostServer, type HostServer } from './hostServer';

const token = 'a'.repeat(64);
let host: HostServer;
let services: MainServices;

beforeAll(async () => {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Meshwork</title>');
  services = createMainServices({
    app: { mode: 'browser', serverUrl: null, embeddedServer: false },
    updates: new UnsupportedUpdates('not here'),
    log: pino({ level: 'silent' }),
    tracker: { dataDir: mkdtempSync(path.join(os.tmpdir(), 'meshwork-data-')), migrationsDir: SOURCE_MIGRATIONS_DIR },
    meetings: { dataDir: rendererDir },
  });
  host = await startHostServer({
    rendererDir,
    port: 0,
    token,
    dispatcher: services.dispatcher,
    events: services.events,
    csp: () => "default-src 'self'",
    log: pino({ level: 'silent' }),
  });
});

afterAll(async () => {
  await host.close();
  services.close();
});

function connect(options: { token?: string | null; origin?: string; protocols?: string[] } = {}) {
  const protocols = options.protocols ?? [
    HOST_SUBPROTOCOL,
    ...(options.token === null ? [] : [`${TOKEN_SUBPROTOCOL_PREFIX}${options.token ?? token}`]),
  ];
  return new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, protocols, { headers: { Origin: options.origin ?? host.origin } });
}

function outcome(ws: WebSocket): Promise<'open' | number> {
  return new Promise((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function nextFrame(ws: WebSocket): Promise<HostReplyFrame> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(HostReplyFrameSchema.parse(JSON.parse(data.toString())))));
}

describe('host server: static files', () => {
  it('serves the renderer with the CSP and security headers', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Meshwork</title>');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      import('node:http').then(({ request }) =>
        request({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).end(),
      );
    });
    expect(status).toBe(403);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${host.origin}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('host server: IPC socket', () => {
  it.each([
    ['no token', { token: null }],
    ['a wrong token', { token: 'b'.repeat(64) }],
    ['a shorter token', { token: 'a'.repeat(10) }],
    ['a foreign origin', { origin: 'http://evil.example' }],
    ['no origin', { origin: '' }],
    ['no subprotocol', { protocols: [`${TOKEN_SUBPROTOCOL_PREFIX}${token}`] }],
  ])('refuses a socket with %s', async (_label, options) => {
    expect(await outcome(connect(options))).toBe(403);
  });

  it('answers a contract call from a page with the token', async () => {
    const ws = connect();
    expect(await outcome(ws)).toBe('open');
    ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'meshwork:app.getInfo', args: [] }));
    const frame = await nextFrame(ws);
    expect(frame).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { name: 'Meshwork', mode: 'browser' } } });
    ws.close();
  });

  it('answers bad frames with an error and keeps the socket usable', async () => {
    const ws = connect();
    await outcome(ws);
    ws.send('{not json');
    expect(await nextFrame(ws)).toEqual({ type: 'error', message: 'Frame is not valid JSON' });
    ws.send(JSON.stringify({ type: 'call', id: -1, channel: 5 }));
    expect(await nextFrame(ws)).toMatchObject({ type: 'error' });
    ws.send(JSON.stringify({ type: 'call', id: 2, channel: 'meshwork:app.getInfo', args: ['unexpected'] }));
    expect(await nextFrame(ws)).toMatchObject({ type: 'result', id: 2, result: { ok: false, error: { code: 'invalid-input' } } });
    ws.send(JSON.stringify({ type: 'call', id: 3, channel: 'meshwork:app.getInfo', args: [] }));
    expect(await nextFrame(ws)).toMatchObject({ type: 'result', id: 3, result: { ok: true } });
    ws.close();
  });

  it('pushes main-process events to connected pages', async () => {
    const ws = connect();
    await outcome(ws);
    const frame = nextFrame(ws);
    services.events.emit('updates.status', { state: 'checking' });
    expect(await frame).toEqual({ type: 'event', event: 'updates.status', payload: { state: 'checking' } });
    ws.close();
  });
});
