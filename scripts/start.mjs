#!/usr/bin/env node
// `npm start`: build what is stale, then launch Electron, or browser mode where Electron's
// binary is missing (or MESHWORK_MODE=browser). Ctrl-C stops everything this started.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { locateElectron } from './electronBinary.mjs';

const root = path.resolve(new URL('..', import.meta.url).pathname);

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const forceBrowser = process.env.MESHWORK_MODE === 'browser' || process.argv.includes('--browser');
const electron = forceBrowser ? null : locateElectron();

// Interactive runs want the URL, not every info log line; MESHWORK_LOG_LEVEL overrides.
const env = { ...process.env, MESHWORK_LOG_LEVEL: process.env.MESHWORK_LOG_LEVEL ?? 'warn' };
let child;
if (electron?.path) {
  child = spawn(electron.path, [path.join(root, 'app'), ...process.argv.slice(2)], { stdio: 'inherit', env });
} else {
  if (electron) console.log(`Electron cannot start: ${electron.reason}. Starting browser mode instead.`);
  child = spawn(process.execPath, [path.join(root, 'app', 'dist', 'host', 'host.cjs')], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env,
  });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
