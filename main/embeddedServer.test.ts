import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { HealthReportSchema } from '../common/wire/serverLifecycle';
import { startEmbeddedServer } from './embeddedServer';

const log = pino({ level: 'silent' });
const serverBundle = path.resolve('app/dist/server/server.cjs');
const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'meshwork-server-'));

describe('startEmbeddedServer', () => {
  it('starts the real server process on 127.0.0.1 and stops it', async () => {
    const server = await startEmbeddedServer({ entry: serverBundle, dataDir: dataDir(), log, env: { MESHWORK_LOG_LEVEL: 'silent' } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // It generated its own token secret (none was given) and a LAN join code.
    expect(server.joinCode).toMatch(/^[A-Z0-9]{10}$/);
    const health = HealthReportSchema.parse(await (await fetch(`${server.url}/healthz`)).json());
    expect(health.status).toBe('ok');
    await server.stop();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('reports a server that dies before it is ready', async () => {
    const dir = dataDir();
    const entry = path.join(dir, 'crash.cjs');
    writeFileSync(entry, 'process.exit(3)');
    await expect(startEmbeddedServer({ entry, dataDir: dir, log })).rejects.toThrow(/exited before it was ready \(code 3/);
  });

  it('reports a bad server configuration instead of hanging', async () => {
    await expect(
      startEmbeddedServer({ entry: serverBundle, dataDir: dataDir(), log, env: { MESHWORK_LOG_LEVEL: 'loud' } }),
    ).rejects.toThrow(/exited before it was ready/);
  });
});
