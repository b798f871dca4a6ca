#!/usr/bin/env node
// Runs a TypeScript benchmark against the real sources: esbuild bundles it (native addons stay
// external, loaded from node_modules) into a temp file, then Node runs that.
//   node bench/run.mjs bench/storeBench.ts [args...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const [entry, ...args] = process.argv.slice(2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-'));
const outfile = path.join(dir, 'bench.cjs');
try {
  await build({ entryPoints: [path.resolve(root, entry)], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3'], logLevel: 'warning' });
  const result = spawnSync(process.execPath, [outfile, ...args], {
    stdio: 'inherit',
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules'), MESHWORK_ROOT: root },
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
