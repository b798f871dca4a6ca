import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ServerFrameSchema, type ServerFrame } from '../../common/wire/signaling';
import { startSignalingServer, type SignalingServer } from './signalingServer';

let server: SignalingServer;
beforeAll(async () => {
  server = await startSignalingServer({ host: '127.0.0.1', port: 0, version: 'test', log: pino({ level: 'silent' }) });
});
afterAll(() => server.close());

function open(): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
  return new Promise((resolve, reject) => ws.once('open', () => resolve(ws)).once('error', reject));
}

function next(ws: WebSocket): Promise<ServerFrame> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(ServerFrameSchema.parse(JSON.parse(d.toString())))));
}

describe('signaling server', () => {
  it('reports health', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(await res.json()).toMatchObject({ status: 'ok', version: 'test' });
  });

  it('answers ping with pong', async () => {
    const ws = await open();
    ws.send(JSON.stringify({ type: 'ping', id: 9 }));
    expect(await next(ws)).toMatchObject({ type: 'pong', id: 9 });
    ws.close();
  });

  it('answers malformed and unknown frames with an error and stays usable', async () => {
    const ws = await open();
    for (const bad of ['nope', '{"type":"ping"}', '{"type":"launch-missiles"}', '[]']) {
      ws.send(bad);
      expect(await next(ws)).toMatchObject({ type: 'error', code: 'bad-frame' });
    }
    ws.send(JSON.stringify({ type: 'ping', id: 1 }));
    expect(await next(ws)).toMatchObject({ type: 'pong', id: 1 });
    ws.close();
  });

  it('refuses sockets on other paths', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/other`);
    const status = await new Promise((resolve) => ws.once('unexpected-response', (_q, r) => resolve(r.statusCode)));
    expect(status).toBe(404);
  });
});
