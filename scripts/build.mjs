#!/usr/bin/env node
// Builds everything `npm start` and the tests need into app/dist. esbuild bundles are cheap and
// always rebuilt; the renderer (Vite) is rebuilt only when its sources changed.
// Several builds may run at once (two `npm start`, or a test starting two installs), while
// apps started earlier read what is there: files are replaced only when their bytes change, by
// renaming a finished temp file over them, and Vite builds take turns under a lock.
//   node scripts/build.mjs [--only main|server|workers|renderer[,...]] [--force]
// MESHWORK_DIST writes somewhere other than app/dist (the build's own test).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const dist = process.env.MESHWORK_DIST ? path.resolve(process.env.MESHWORK_DIST) : path.join(root, 'app', 'dist');
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
  server: [
    { entry: 'signaling-server/src/main.ts', out: 'server/server.cjs' },
    // The SQLite sync store's thread (signaling-server/src/sync/workerSyncStore.ts), found beside server.cjs.
    { entry: 'signaling-server/src/sync/sqliteStoreWorker.ts', out: 'server/sqliteStore.worker.cjs' },
  ],
  // Worker threads of main (the sync client's page reader): built with main, or alone for the tests.
  workers: [{ entry: 'main/sync/syncPagesWorker.ts', out: 'main/syncPages.worker.cjs' }],
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
        write: false,
      }).then((result) => {
        for (const file of result.outputFiles) writeIfChanged(file.path, file.contents);
      }),
    ),
  );
}

/** Replaces `file` only if its bytes differ, and never leaves it half written. */
function writeIfChanged(file, bytes) {
  if (existsSync(file) && Buffer.compare(readFileSync(file), bytes) === 0) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}

/** The tracker's drizzle-kit migrations, read at start by main (Electron and browser mode). */
function copyMigrations(from = path.join(root, 'main', 'store', 'migrations'), to = path.join(dist, 'migrations')) {
  const names = new Set(readdirSync(from));
  for (const name of names) {
    const source = path.join(from, name);
    if (statSync(source).isDirectory()) copyMigrations(source, path.join(to, name));
    else writeIfChanged(path.join(to, name), readFileSync(source));
  }
  for (const name of readdirSync(to)) {
    if (!names.has(name) && !name.endsWith('.tmp')) rmSync(path.join(to, name), { recursive: true, force: true });
  }
}

/** Runs `work` while holding a lock directory; another build waits for its turn. */
async function withLock(lock, work) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock, { recursive: false });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A build killed while holding the lock leaves it behind; none takes ten minutes.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
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
  mkdirSync(dist, { recursive: true });
  // Checked again under the lock: a build that held it may just have brought the renderer up to date.
  return withLock(path.join(dist, '.renderer-build.lock'), () => buildRendererNow(force));
}

function buildRendererNow(force) {
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
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const wanted = (part) => !only || only.includes(part);
const force = args.includes('--force');
const started = Date.now();
try {
  if (wanted('main')) {
    await buildNode(nodeBundles.main);
    copyMigrations();
  }
  if (wanted('server')) await buildNode(nodeBundles.server);
  if (wanted('main') || wanted('workers')) await buildNode(nodeBundles.workers);
  const rebuilt = wanted('renderer') ? await buildRenderer(force) : false;
  if (!process.env.MESHWORK_QUIET_BUILD) {
    console.log(`build: done in ${Date.now() - started} ms${rebuilt ? ' (renderer rebuilt)' : ''}`);
  }
} catch (error) {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
}
