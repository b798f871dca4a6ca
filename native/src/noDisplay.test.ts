import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeDisplay } from './displayProbe';

describe('without a reachable display', () => {
  it.each([
    [{}, /DISPLAY is not set/],
    [{ WAYLAND_DISPLAY: 'wayland-0' }, /X11 display \(XWayland\)/],
    [{ DISPLAY: ':987' }, /No X server is running on display :987/],
    [{ DISPLAY: 'garbage' }, /not a valid X display name/],
  ])('probe %j gives a clear reason', async (env, reason) => {
    const probe = await probeDisplay(env as NodeJS.ProcessEnv, 'linux');
    expect(probe.ok).toBe(false);
    expect(!probe.ok && probe.reason).toMatch(reason);
  });

  it('treats macOS and Windows sessions as having a display', async () => {
    expect((await probeDisplay({}, 'darwin')).ok).toBe(true);
  });

  it('returns an error instead of crashing the process (native modules never load)', () => {
    // A separate process: if a native module loaded without a display it would die with SIGSEGV.
    const script = `
      import { createInputInjector } from './native/src/createInputInjector.ts';
      try { await createInputInjector(); console.log('UNEXPECTED'); }
      catch (e) { console.log(e.name + ': ' + e.message); }
      const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache)
        .filter((k) => /nut-js|libnut|robotjs/.test(k));
      console.log('native modules loaded: ' + loaded.length);
    `;
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('InjectorUnavailableError: No display is available for remote control');
    expect(result.stdout).toContain('native modules loaded: 0');
  });
});
