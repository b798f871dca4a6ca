#!/usr/bin/env node
// Builds everything `npm start` and the tests need into app/dist. esbuild bundles are cheap and
// always rebuilt; the renderer (Vite) is rebuilt only when its sources changed.
//   node scripts/build.mjs [--only main|server|renderer] [--force]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const dist = path.join(root, 'app', 'dist');
const version = JSON.parse(readFileSync(path.join(root, 'app', 'package.json'), 'utf8')).version;

/** Not bundled: Electron itself, and native addons electron-builder rebuilds for Electron's ABI (app/package.json). */
const external = [
  'electron',
  'electron-updater',
  'better-sqlite3',
  '@nut-tree-fork/nut-js',
  'robotjs',
  // Ships xsel next to its code and finds it by path.
  'clipboardy',
  // Optional speed-ups ws tries to load; absent is fine.
  'bufferutil',
  'utf-8-validate',
  // pg's optional libpq binding, loaded only when asked for (we never do).
  'pg-native',
];

const nodeBundles = {
  main: [
    { entry: 'main/electron/main.ts', out: 'main/electron.cjs' },
    { entry: 'main/preload.ts', out: 'main/preload.cjs' },
    { entry: 'main/host/main.ts', out: 'host/host.cjs' },
  ],
  server: [{ entry: 'signaling-server/src/main.ts', out: 'server/server.cjs' }],
};

async function buildNode(targets) {
  await Promise.all(
    targets.map(({ entry, out }) =>
      build({
        entryPoints: [path.join(root, entry)],
        outfile: path.join(dist, out),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        sourcemap: 'linked',
        external,
        define: { __MESHWORK_VERSION__: JSON.stringify(version) },
        logLevel: 'warning',
      }),
    ),
  );
}

/** The tracker's drizzle-kit migrations, read at start by main (Electron and browser mode). */
function copyMigrations() {
  const out = path.join(dist, 'migrations');
  rmSync(out, { recursive: true, force: true });
  cpSync(path.join(root, 'main', 'store', 'migrations'), out, { recursive: true });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildRenderer(force) {
  const stamp = path.join(dist, 'renderer', '.build-stamp');
  const sources = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'common')));
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return false;
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('renderer build failed');
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const force = args.includes('--force');
const started = Date.now();
try {
  if (!only || only === 'main') {
    await buildNode(nodeBundles.main);
    copyMigrations();
  }
  if (!only || only === 'server') await buildNode(nodeBundles.server);
  const rebuilt = !only || only === 'renderer' ? buildRenderer(force) : false;
  if (!process.env.MESHWORK_QUIET_BUILD) {
    console.log(`build: done in ${Date.now() - started} ms${rebuilt ? ' (renderer rebuilt)' : ''}`);
  }
} catch (error) {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
}
