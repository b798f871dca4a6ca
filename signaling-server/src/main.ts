/** `npm run server` and the embedded server both start here. */
import { randomBytes, randomInt } from 'node:crypto';
import pino from 'pino';
import type { ServerReadyMessage } from '../../common/wire/serverLifecycle';
import { loadServerConfig } from './config';
import { startSignalingServer } from './signalingServer';

declare const __MESHWORK_VERSION__: string | undefined;
const VERSION = typeof __MESHWORK_VERSION__ === 'string' ? __MESHWORK_VERSION__ : '0.0.0-dev';

/** Unambiguous when read aloud or typed from another screen (no 0/O, 1/I). */
const JOIN_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function generateJoinCode(length = 10): string {
  return Array.from({ length }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('');
}

async function main(): Promise<void> {
  const config = loadServerConfig(process.env);
  const log = pino({ name: 'meshwork-server', level: config.logLevel });
  // An embedded server is private to one install: its secret lives only as long as the process.
  const tokenSecret = config.auth.secret ?? randomBytes(32).toString('base64url');
  const joinCode = config.auth.joinCode ?? (config.embedded ? generateJoinCode() : null);
  const server = await startSignalingServer({ config, tokenSecret, joinCode, version: VERSION, log });

  if (process.send) {
    const ready: ServerReadyMessage = { type: 'meshwork-server-ready', url: server.url, version: VERSION, ...(joinCode ? { joinCode } : {}) };
    process.send(ready);
  }

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down: draining clients');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await server.close().catch((err: unknown) => log.error({ err }, 'shutdown failed'));
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // A server forked by another process (the app's embedded one, a test's, a bench's) must not
  // outlive it.
  if (process.send) process.on('disconnect', () => void stop('parent-exit'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Meshwork server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
