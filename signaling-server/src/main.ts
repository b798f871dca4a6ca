/** `npm run server` and the embedded server both start here. */
import pino from 'pino';
import type { ServerReadyMessage } from '../../common/wire/serverLifecycle';
import { loadServerConfig } from './config';
import { startSignalingServer } from './signalingServer';

declare const __MESHWORK_VERSION__: string | undefined;
const VERSION = typeof __MESHWORK_VERSION__ === 'string' ? __MESHWORK_VERSION__ : '0.0.0-dev';

async function main(): Promise<void> {
  const config = loadServerConfig(process.env);
  const log = pino({ name: 'meshwork-server', level: config.logLevel });
  const server = await startSignalingServer({ host: config.host, port: config.port, version: VERSION, log });

  if (process.send) {
    const ready: ServerReadyMessage = { type: 'meshwork-server-ready', url: server.url, version: VERSION };
    process.send(ready);
  }

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // An embedded server must not outlive the app that forked it.
  if (config.embedded) process.on('disconnect', () => void stop('parent-exit'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Meshwork server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
