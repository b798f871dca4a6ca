/**
 * Test support: a real X window (xev) covering the display that logs every pointer and key
 * event it receives, so tests check injected input from outside the app.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface XEvent {
  type: string;
  /** Pointer position on the root window when the event happened. */
  rootX: number;
  rootY: number;
  state: number;
  button?: number;
  keysym?: string;
}

export interface XevWindow {
  events: () => XEvent[];
  clear: () => void;
  /** Resolves once `predicate` matches the events seen so far. */
  waitFor: (predicate: (events: XEvent[]) => boolean, timeoutMs?: number) => Promise<XEvent[]>;
  /**
   * Gives the window X input focus, as a window manager would on a click (Xvfb has none, and
   * another client, a browser say, may hold the focus).
   */
  focus: () => Promise<void>;
  stop: () => void;
}

export async function openXevWindow(display: string, geometry = '1280x800+0+0'): Promise<XevWindow> {
  if (!existsSync('/usr/bin/xev')) throw new Error('xev is not installed: run `scripts/setup --test` (Debian package "x11-utils").');
  const child = spawn('xev', ['-display', display, '-geometry', geometry, '-event', 'keyboard', '-event', 'button', '-event', 'mouse', '-event', 'structure'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // xev flushes each event as a whole block, so the text seen so far always ends on a complete event.
  let text = '';
  let parsed: XEvent[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    parsed = text
      .split(/\n(?=\w+ event,)/)
      .map(parseBlock)
      .filter((e): e is XEvent => e !== null);
  });

  const window: XevWindow = {
    events: () => parsed,
    clear: () => {
      text = '';
      parsed = [];
    },
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          if (predicate(parsed)) return resolve(parsed);
          if (Date.now() - started > timeoutMs) {
            return reject(new Error(`expected X events did not arrive; saw: ${parsed.map(describe).join(', ') || 'none'}`));
          }
          setTimeout(tick, 20);
        };
        tick();
      }),
    focus: async () => {
      const { execFile } = await import('node:child_process');
      await new Promise<void>((resolve, reject) =>
        execFile('xdotool', ['search', '--sync', '--name', '^Event Tester$', 'windowfocus', '--sync'], { env: { ...process.env, DISPLAY: display }, timeout: 5000 }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    },
    stop: () => child.kill('SIGTERM'),
  };
  await window.waitFor((events) => events.some((e) => e.type === 'MapNotify'), 10_000);
  return window;
}

function parseBlock(block: string): XEvent | null {
  const type = /^(\w+) event,/m.exec(block)?.[1];
  if (!type) return null;
  const root = /root:\((-?\d+),(-?\d+)\)/.exec(block);
  const state = /state 0x([0-9a-f]+)/.exec(block);
  const button = /button (\d+)/.exec(block);
  const keysym = /\(keysym 0x[0-9a-f]+, ([^)]+)\)/.exec(block);
  return {
    type,
    rootX: root ? Number(root[1]) : NaN,
    rootY: root ? Number(root[2]) : NaN,
    state: state ? parseInt(state[1], 16) : 0,
    ...(button ? { button: Number(button[1]) } : {}),
    ...(keysym ? { keysym: keysym[1] } : {}),
  };
}

export function describe(e: XEvent): string {
  return `${e.type}${e.button ? `(${e.button})` : ''}${e.keysym ? `(${e.keysym})` : ''}@${e.rootX},${e.rootY}`;
}

/** The X pointer position as xdotool reads it, independent of any library under test. */
export async function pointerLocation(display: string): Promise<{ x: number; y: number }> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile('xdotool', ['getmouselocation'], { env: { ...process.env, DISPLAY: display } }, (error, stdout) => {
      if (error) return reject(error);
      const m = /x:(\d+) y:(\d+)/.exec(stdout);
      if (!m) return reject(new Error(`unexpected xdotool output: ${stdout}`));
      resolve({ x: Number(m[1]), y: Number(m[2]) });
    });
  });
}
