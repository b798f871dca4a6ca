#!/usr/bin/env node
// Runs a TypeScript benchmark: bundles it with esbuild (as the app's own code is) and runs it
// with Node.   node bench/run.mjs bench/<name>.bench.ts
// The bundle is written under node_modules/.cache so its dependencies resolve from the repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node bench/run.mjs bench/<name>.bench.ts');
  process.exit(2);
}
const root = path.resolve(new URL('..', import.meta.url).pathname);
const outDir = path.join(root, 'node_modules', '.cache', 'meshwork-bench');
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.cjs`);
await build({
  entryPoints: [path.resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(3)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
