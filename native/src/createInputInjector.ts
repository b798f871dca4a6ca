/**
 * Chooses and loads an input backend: nut-js first, robotjs when nut-js fails to load (or
 * when configured). Native modules are imported only here, lazily, after the display probe:
 * importing this file never loads them.
 */
import type { BackendName, ClipboardAccess, DisplaySource, InputBackend, InputInjector } from './inputInjector';
import { probeDisplay } from './displayProbe';
import { NativeInputInjector } from './nativeInputInjector';
import { loadSystemClipboard } from './systemClipboard';
import { X11DisplaySource } from './x11Displays';
import { loadX11Keysyms } from './x11Keymap';

export class InjectorUnavailableError extends Error {
  override readonly name = 'InjectorUnavailableError';
}

export interface CreateInjectorOptions {
  /** 'auto' tries nut-js, then robotjs. */
  backend?: 'auto' | BackendName;
  env?: NodeJS.ProcessEnv;
  /** Electron passes its own screen and clipboard; other hosts get X11/xsel based ones. */
  displays?: DisplaySource;
  clipboard?: ClipboardAccess | null;
  /** For X11 hosts whose desktop is scaled; Electron reports its own per display. */
  scaleFactor?: number;
}

const loaders: Record<BackendName, (env: NodeJS.ProcessEnv) => Promise<InputBackend>> = {
  'nut-js': async () => (await import('./backends/nutBackend')).loadNutBackend(),
  robotjs: async (env) => (await import('./backends/robotBackend')).loadRobotBackend(env.DISPLAY),
};

export async function createInputInjector(options: CreateInjectorOptions = {}): Promise<InputInjector> {
  const probe = await probeDisplay(options.env ?? process.env);
  if (!probe.ok) throw new InjectorUnavailableError(probe.reason);

  const order: BackendName[] = !options.backend || options.backend === 'auto' ? ['nut-js', 'robotjs'] : [options.backend];
  const failures: string[] = [];
  for (const name of order) {
    let backend: InputBackend;
    try {
      backend = await loaders[name](options.env ?? process.env);
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const displays = options.displays ?? new X11DisplaySource(() => backend.screenSize(), options.scaleFactor);
    const clipboard = options.clipboard === undefined ? await loadSystemClipboard().catch(() => null) : options.clipboard;
    const keysyms = probe.display ? await loadX11Keysyms(options.env ?? process.env) : null;
    return new NativeInputInjector(backend, displays, clipboard, keysyms);
  }
  throw new InjectorUnavailableError(`No input backend could be loaded (${failures.join('; ')})`);
}
