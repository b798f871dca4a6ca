/**
 * Browser mode: the same main-process services as the Electron shell, reached from any
 * Chromium tab through the host server. Used where Electron's binary is unavailable and by
 * the end-to-end tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadMainConfig } from '../config';
import { startEmbeddedServer, type EmbeddedServer } from '../embeddedServer';
import { createLogger } from '../log';
import { buildCsp } from '../security/csp';
import { createMainServices } from '../services/mainServices';
import { UnsupportedUpdates } from '../services/updateService';
import { startHostServer } from './hostServer';
import { SYNC_PAGES_WORKER } from '../sync/syncPages';
import { HOST_READY_LINE_PREFIX } from '../../common/ipc/hostWire';

async function main(): Promise<void> {
  const log = createLogger('meshwork-host');
  const config = loadMainConfig(process.env);
  mkdirSync(config.dataDir, { recursive: true });
  const distDir = path.resolve(__dirname, '..');

  let embedded: EmbeddedServer | null = null;
  if (!config.serverUrl) {
    embedded = await startEmbeddedServer({
      entry: path.join(distDir, 'server', 'server.cjs'),
      dataDir: path.join(config.dataDir, 'server'),
      log,
    });
  }
  const serverUrl = config.serverUrl ?? embedded!.url;

  const services = createMainServices({
    app: { mode: 'browser', serverUrl, embeddedServer: embedded !== null },
    updates: new UnsupportedUpdates('Browser mode runs from your checkout: update it with git, not the in-app updater.'),
    log,
    tracker: { dataDir: config.dataDir, migrationsDir: path.join(distDir, 'migrations') },
    remote: { scaleFactor: config.displayScale },
    meetings: {
      dataDir: config.dataDir,
      joinCode: embedded?.joinCode ?? config.joinCode,
      receiveFolder: config.receiveDir,
      maxReceiveBytes: config.maxReceiveBytes,
    },
    sync: { workspaceId: config.workspaceId, joinCode: embedded?.joinCode ?? config.joinCode, pagesWorker: path.join(distDir, SYNC_PAGES_WORKER) },
  });
  const token = randomBytes(32).toString('hex');
  const host = await startHostServer({
    rendererDir: path.join(distDir, 'renderer'),
    port: config.hostPort,
    token,
    dispatcher: services.dispatcher,
    events: services.events,
    csp: (origin) => buildCsp({ serverUrl, extraConnect: [origin.replace(/^http/, 'ws')] }),
    log,
  });

  // The server line first: whoever waits for the ready line (npm start's parent, the e2e helper)
  // then already has it, even when the two writes arrive in separate chunks.
  if (embedded) process.stdout.write(`Embedded signaling server: ${embedded.url}\n`);
  process.stdout.write(`${HOST_READY_LINE_PREFIX}${host.origin}/#token=${token}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping browser mode');
    await host.close();
    services.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Started by `npm start` with an IPC channel: when that parent goes, so do we.
  process.on('disconnect', () => void stop('parent-exit'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Meshwork could not start browser mode: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
