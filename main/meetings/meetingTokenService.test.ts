import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from '../embeddedServer';
import { MeetingTokenService } from './meetingTokenService';

let server: EmbeddedServer;

beforeAll(async () => {
  server = await startEmbeddedServer({
    entry: path.resolve('app/dist/server/server.cjs'),
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'meshwork-token-')),
    log: pino({ level: 'silent' }),
    env: { MESHWORK_LOG_LEVEL: 'silent' },
  });
});

afterAll(() => server?.stop());

describe('MeetingTokenService against the real embedded server', () => {
  it('exchanges the join code the server reported for a token naming the person', async () => {
    expect(server.joinCode).toMatch(/^[A-Z0-9]{6,32}$/);
    const tokens = new MeetingTokenService({ serverUrl: server.url, joinCode: server.joinCode });
    const token = await tokens.token('Ann Lee', 'u-ann-123');
    expect(token).toMatchObject({ serverUrl: server.url, userId: 'u-ann-123', displayName: 'Ann Lee' });
    expect(token.accessToken.split('.')).toHaveLength(3);
    expect(token.expiresAt).toBeGreaterThan(Date.now());
  });

  it('says why when it cannot get one', async () => {
    await expect(new MeetingTokenService({ serverUrl: server.url, joinCode: 'WRONGCODE1' }).token('Ann', 'u-ann')).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/Wrong join code/),
    });
    await expect(new MeetingTokenService({ serverUrl: server.url, joinCode: null }).token('Ann', 'u-ann')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(new MeetingTokenService({ serverUrl: 'http://127.0.0.1:9', joinCode: 'ABCDEF12' }).token('Ann', 'u-ann')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/cannot be reached/),
    });
  });
});
