/**
 * Builds run at once (two `npm start`, a test starting two installs) while an app started
 * earlier reads app/dist: neither build fails, and a reader never sees a file missing or half
 * written. Runs the real build script into a directory of its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const sourceMigrations = path.join(root, 'main', 'store', 'migrations');

function build(dist: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only', 'main'], {
      cwd: root,
      env: { ...process.env, MESHWORK_DIST: dist, MESHWORK_QUIET_BUILD: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** What a starting app reads: every migration, whole; and the host bundle, whole. */
function readAsAnApp(dist: string): string | null {
  for (const name of readdirSync(sourceMigrations).filter((n) => n.endsWith('.sql'))) {
    let built: Buffer;
    try {
      built = readFileSync(path.join(dist, 'migrations', name));
    } catch {
      return `migrations/${name} missing`;
    }
    if (!built.equals(readFileSync(path.join(sourceMigrations, name)))) return `migrations/${name} differs`;
  }
  const host = readFileSync(path.join(dist, 'host', 'host.cjs'), 'utf8');
  return host.includes('//# sourceMappingURL=host.cjs.map') ? null : 'host/host.cjs is incomplete';
}

describe('scripts/build.mjs', () => {
  it('lets builds overlap while an app reads what they write', { timeout: 120_000 }, async () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'meshwork-build-'));
    expect((await build(dist)).code).toBe(0);
    expect(readAsAnApp(dist)).toBeNull();
    for (let round = 0; round < 3; round++) {
      let running = true;
      const both = Promise.all([build(dist), build(dist)]).finally(() => (running = false));
      const seen = new Set<string>();
      let reads = 0;
      while (running) {
        const problem = readAsAnApp(dist);
        if (problem) seen.add(problem);
        reads++;
        await new Promise((r) => setTimeout(r, 2));
      }
      const results = await both;
      for (const r of results) expect(r.code, r.output).toBe(0);
      expect([...seen]).toEqual([]);
      expect(reads).toBeGreaterThan(5);
    }
    expect(readdirSync(path.join(dist, 'host')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
