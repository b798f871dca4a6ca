/**
 * Runs the signaling/sync server as a child process on 127.0.0.1 so a single install works
 * alone. It is a separate process (not an import) so main never depends on the server's
 * code, and a server crash cannot take the app down with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { ServerReadyMessageSchema } from '../common/wire/serverLifecycle';
import type { Logger } from './log';

export interface EmbeddedServer {
  readonly url: string;
  /** The join code this server accepts for tokens (embedded servers generate one). */
  readonly joinCode: string | null;
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** Path of the built server bundle (app/dist/server/server.cjs). */
  entry: string;
  dataDir: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const child = fork(options.entry, [], {
    env: {
      ...process.env,
      ...options.env,
      // Inside Electron, process.execPath is Electron itself: make it behave as plain Node.
      ELECTRON_RUN_AS_NODE: '1',
      MESHWORK_SERVER_HOST: '127.0.0.1',
      MESHWORK_SERVER_PORT: '0',
      MESHWORK_SERVER_DATA_DIR: options.dataDir,
      MESHWORK_SERVER_EMBEDDED: '1',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  const { url, joinCode } = await waitForReady(child, options.startTimeoutMs ?? 15_000);
  options.log.info({ url, pid: child.pid }, 'embedded server started');
  return { url, joinCode, stop: () => stopChild(child) };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<{ url: string; joinCode: string | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the embedded server did not start within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown) => {
      const ready = ServerReadyMessageSchema.safeParse(message);
      if (!ready.success) return;
      cleanup();
      resolve({ url: ready.data.url, joinCode: ready.data.joinCode ?? null });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(new Error(`the embedded server exited before it was ready (code ${code}, signal ${signal})`));
    const onError = (error: Error) => fail(error);
    function cleanup() {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit).off('error', onError);
    }
    function fail(error: Error) {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    }
    child.on('message', onMessage).on('exit', onExit).on('error', onError);
  });
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
