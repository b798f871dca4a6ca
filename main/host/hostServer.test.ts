import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_BYTES_PER_CALL } from '../../common/ipc/contract';
import { encodeBinaryCall, HOST_SUBPROTOCOL, HostReplyFrameSchema, TOKEN_SUBPROTOCOL_PREFIX, type HostReplyFrame } from '../../common/ipc/hostWire';
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

  it('carries raw bytes as binary frames: a file written through files.* arrives intact', async () => {
    const ws = connect();
    await outcome(ws);
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const file = { peerId: 'peer1', transferId: 'ABCDEFGHabcdefgh', name: 'bytes.bin', size: data.length, sha256, onExisting: 'ask' };
    ws.send(JSON.stringify({ type: 'call', id: 10, channel: 'meshwork:files.begin', args: [file] }));
    const begun = await nextFrame(ws);
    expect(begun).toMatchObject({ type: 'result', id: 10, result: { ok: true, value: { offset: 0 } } });
    const { receiveId } = (begun as { result: { value: { receiveId: string } } }).result.value;
    const half = 2 * 1024 * 1024;
    ws.send(encodeBinaryCall(11, 'meshwork:files.write', [receiveId, 0, new Uint8Array(data.subarray(0, half))])!);
    expect(await nextFrame(ws)).toMatchObject({ type: 'result', id: 11, result: { ok: true, value: { received: half } } });
    ws.send(encodeBinaryCall(12, 'meshwork:files.write', [receiveId, half, new Uint8Array(data.subarray(half))])!);
    expect(await nextFrame(ws)).toMatchObject({ type: 'result', id: 12, result: { ok: true, value: { received: data.length } } });
    ws.send(JSON.stringify({ type: 'call', id: 13, channel: 'meshwork:files.finish', args: [receiveId] }));
    const finished = await nextFrame(ws);
    expect(finished).toMatchObject({ type: 'result', id: 13, result: { ok: true, value: { ok: true, sha256 } } });
    const written = readFileSync((finished as { result: { value: { path: string } } }).result.value.path);
    expect(written.equals(data)).toBe(true);
    ws.close();
  });

  it('refuses bytes where the contract wants none, base64 where it wants bytes, too many bytes, and torn binary frames', async () => {
    const ws = connect();
    await outcome(ws);
    ws.send(encodeBinaryCall(20, 'meshwork:files.cancel', [new Uint8Array(8)])!);
    expect(await nextFrame(ws)).toMatchObject({ type: 'result', id: 20, result: { ok: false, error: { code: 'invalid-input' } } });
    ws.send(JSON.stringify({ type: 'call', id: 21, channel: 'meshwork:files.write', args: ['receive-1', 0, 'aGVsbG8='] }));
    expect(await nextFrame(ws)).toMatchObject({ type: 'result', id: 21, result: { ok: false, error: { code: 'invalid-input' } } });
    ws.send(encodeBinaryCall(22, 'meshwork:files.write', ['receive-1', 0, new Uint8Array(MAX_BYTES_PER_CALL + 1)])!);
    expect(await nextFrame(ws)).toMatchObject({ type: 'result', id: 22, result: { ok: false, error: { code: 'invalid-input' } } });
    ws.send(new Uint8Array([0, 0, 0xff, 0xff, 1, 2, 3]));
    expect(await nextFrame(ws)).toEqual({ type: 'error', message: 'Bad binary frame header length' });
    const badHeader = new Uint8Array([0, 0, 0, 2, 0x7b, 0x7d, 9]);
    ws.send(badHeader);
    expect(await nextFrame(ws)).toEqual({ type: 'error', message: 'Binary frame header does not match the call format' });
    ws.send(JSON.stringify({ type: 'call', id: 23, channel: 'meshwork:app.getInfo', args: [] }));
    expect(await nextFrame(ws)).toMatchObject({ type: 'result', id: 23, result: { ok: true } });
    ws.close();
  });
});
