/** The Home screen's server check against the real embedded server. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from '../embeddedServer';
import { ServerHealthService } from './serverHealthService';

let server: EmbeddedServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-health-'));
  server = await startEmbeddedServer({
    entry: path.resolve('app/dist/server/server.cjs'),
    dataDir,
    log: pino({ level: 'silent' }),
    env: { MESHWORK_LOG_LEVEL: 'silent' },
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const identity = () => ({ userId: 'u-health-1', displayName: 'Ann Lee' });

describe('ServerHealthService against the real embedded server', () => {
  it('reports a reachable server that accepts the join code: version, latency, no access error', async () => {
    const health = await new ServerHealthService({ serverUrl: server.url, joinCode: server.joinCode, identity }).getHealth();
    expect(health).toMatchObject({ url: server.url, reachable: true, error: null, accessError: null, version: expect.any(String) });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a reachable server that refuses the join code, in the server\'s words', async () => {
    const health = await new ServerHealthService({ serverUrl: server.url, joinCode: 'NOTTHECODE', identity }).getHealth();
    expect(health).toMatchObject({ reachable: true, error: null, accessError: "It refused this install's join code: Wrong join code" });
  });

  it('says so when there is no join code to try', async () => {
    const health = await new ServerHealthService({ serverUrl: server.url, joinCode: null, identity }).getHealth();
    expect(health).toMatchObject({ reachable: true, accessError: 'No join code for this server: set MESHWORK_JOIN_CODE' });
  });

  it('reports an unreachable server with the reason, and no server at all', async () => {
    const down = await new ServerHealthService({ serverUrl: 'http://127.0.0.1:9', joinCode: server.joinCode, identity }).getHealth();
    expect(down).toMatchObject({ reachable: false, latencyMs: null, accessError: null, error: expect.stringMatching(/^Cannot reach http:\/\/127\.0\.0\.1:9/) });
    const none = await new ServerHealthService({ serverUrl: null, joinCode: null, identity }).getHealth();
    expect(none).toMatchObject({ reachable: false, error: 'No server is configured' });
  });
});
