/** robotjs 0.9: the fallback when nut-js cannot load. Loaded only after a display is known to exist. */
import type { InputBackend } from '../inputInjector';
import { robotKeyName } from '../keyCodes';

interface Robot {
  moveMouse(x: number, y: number): void;
  mouseToggle(state: 'down' | 'up', button: string): void;
  scrollMouse(x: number, y: number): void;
  keyToggle(key: string, state: 'down' | 'up', modifiers?: string[]): void;
  getScreenSize(): { width: number; height: number };
  setKeyboardDelay(ms: number): void;
  setMouseDelay(ms: number): void;
  setXDisplayName?(name: string): void;
}

export async function loadRobotBackend(display = process.env.DISPLAY): Promise<InputBackend> {
  // robotjs is CommonJS: under ESM its exports arrive as the default export.
  const loaded = (await import('robotjs')) as unknown as { default?: Robot } & Robot;
  const robot = loaded.default ?? loaded;
  // robotjs tries ":0.0" before $DISPLAY: with another X server on :0 it would drive that one.
  if (process.platform === 'linux' && display) robot.setXDisplayName?.(display);
  robot.setKeyboardDelay(0);
  robot.setMouseDelay(0);
  const keyFor = (code: string) => {
    const name = robotKeyName(code);
    if (!name) throw new Error(`robotjs cannot press ${code}`);
    return name;
  };

  return {
    name: 'robotjs',
    screenSize: async () => robot.getScreenSize(),
    move: async (to) => robot.moveMouse(to.x, to.y),
    button: async (button, down) => robot.mouseToggle(down ? 'down' : 'up', button),
    // robotjs: positive y scrolls up, and on X11 positive x is button 6 (scroll left).
    // Our convention is positive = down / right.
    scroll: async (dx, dy) => robot.scrollMouse(process.platform === 'linux' ? -dx : dx, -dy),
    key: async (code, down) => robot.keyToggle(keyFor(code), down ? 'down' : 'up'),
    supports: (code) => Boolean(robotKeyName(code)),
  };
}
