/** Starts Meshwork exactly as `npm start` does (browser mode) and reads the URL it prints. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOST_READY_LINE_PREFIX } from '../../common/ipc/hostWire';

export interface RunningApp {
  /** The URL with the launch token, as printed for the user. */
  url: string;
  /** npm's pid, which is also the process group of everything the app started. */
  pid: number;
  origin: string;
  serverUrl: string | null;
  output: () => string;
  /** Sends Ctrl-C (SIGINT) and waits for every process to exit. */
  stop: () => Promise<number | null>;
}

export async function startApp(env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  // A data folder of its own unless the caller names one (to start the app again on the same data).
  const ownDataDir = env.MESHWORK_DATA_DIR ? null : mkdtempSync(path.join(os.tmpdir(), 'meshwork-e2e-'));
  const child: ChildProcessWithoutNullStreams = spawn('npm', ['start', '--silent'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      MESHWORK_MODE: 'browser',
      ...(ownDataDir ? { MESHWORK_DATA_DIR: ownDataDir } : {}),
      ...env,
    },
    // Own process group, so stop() can signal npm and everything below it, like a terminal's Ctrl-C.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start in time:\n${output}`)), 60_000);
    const onData = () => {
      const line = output.split('\n').find((l) => l.startsWith(HOST_READY_LINE_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(line.slice(HOST_READY_LINE_PREFIX.length).trim());
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before it was ready:\n${output}`)));
  });

  // The host prints the embedded server's line just after the ready line; under load it can arrive
  // in a later chunk, so wait for it (briefly) unless an external server was configured.
  const embeddedLine = () => /Embedded signaling server: (\S+)/.exec(output)?.[1] ?? null;
  const externalServer = Boolean(env.MESHWORK_SERVER_URL ?? process.env.MESHWORK_SERVER_URL);
  for (let waited = 0; !externalServer && !embeddedLine() && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const serverUrl = embeddedLine();
  return {
    url,
    pid: child.pid!,
    origin: new URL(url).origin,
    serverUrl,
    output: () => output,
    stop: async () => {
      const code = await new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', resolve);
        process.kill(-child.pid!, 'SIGINT');
      });
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      return code;
    },
  };
}
