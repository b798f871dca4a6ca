/** Starts the built server bundle (app/dist/server/server.cjs) as a real process for a test. */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServerReadyMessageSchema } from '../../../common/wire/serverLifecycle';

/** Tests, e2e and benchmarks all run from the repository root. */
export const SERVER_BUNDLE = path.resolve('app/dist/server/server.cjs');
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnop';
export const TEST_ADMIN_KEY = 'admin-key-for-tests-only';

export interface ServerProcess {
  url: string;
  wsUrl: string;
  child: ChildProcess;
  joinCode: string | null;
  /** stderr and stdout, for diagnosing a failing test. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident memory of the server process, from /proc. */
  rssBytes(): number;
}

export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  // Without a data directory of its own the server would keep its sync store in the working directory.
  const ownDir = env.MESHWORK_SERVER_DATA_DIR ? null : mkdtempSync(path.join(os.tmpdir(), 'meshwork-server-'));
  const child = fork(SERVER_BUNDLE, [], {
    env: {
      ...(ownDir ? { MESHWORK_SERVER_DATA_DIR: ownDir } : {}),
      PATH: process.env.PATH,
      MESHWORK_SERVER_HOST: '127.0.0.1',
      MESHWORK_SERVER_PORT: '0',
      MESHWORK_LOG_LEVEL: 'warn',
      MESHWORK_TOKEN_SECRET: TEST_SECRET,
      MESHWORK_ADMIN_KEY: TEST_ADMIN_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  const ready = await new Promise<{ url: string; joinCode: string | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 15_000);
    child.on('message', (message) => {
      const parsed = ServerReadyMessageSchema.safeParse(message);
      if (!parsed.success) return;
      clearTimeout(timer);
      resolve({ url: parsed.data.url, joinCode: parsed.data.joinCode ?? null });
    });
    void exited.then(({ code }) => reject(new Error(`server exited (code ${code}) before it was ready: ${output}`)));
  });
  return {
    url: ready.url,
    wsUrl: `${ready.url.replace(/^http/, 'ws')}/ws`,
    child,
    joinCode: ready.joinCode,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        const result = await exited;
        clearTimeout(force);
        return result;
      }
      return exited;
    },
    rssBytes() {
      const status = readProcStatus(child.pid!);
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) * 1024 : NaN;
    },
  };
}

function readProcStatus(pid: number): string {
  return readFileSync(`/proc/${pid}/status`, 'utf8');
}
