/** nut-js (the public @nut-tree-fork build). Loaded only after a display is known to exist. */
import type * as Nut from '@nut-tree-fork/nut-js';
import type { InputBackend, PointerButton } from '../inputInjector';
import { KEY_CODES, nutKeyName } from '../keyCodes';

type NutModule = typeof Nut;

export async function loadNutBackend(): Promise<InputBackend> {
  const nut: NutModule = await import('@nut-tree-fork/nut-js');
  const { mouse, keyboard, screen, Button, Key, Point } = nut;
  // Remote input must land as sent: no simulated travel or typing delays.
  mouse.config.autoDelayMs = 0;
  mouse.config.mouseSpeed = Number.MAX_SAFE_INTEGER;
  keyboard.config.autoDelayMs = 0;

  const buttons: Record<PointerButton, (typeof Button)[keyof typeof Button]> = {
    left: Button.LEFT,
    middle: Button.MIDDLE,
    right: Button.RIGHT,
  };
  const keyFor = (code: string) => {
    const name = nutKeyName(code);
    const key = name === undefined ? undefined : (Key as unknown as Record<string, number>)[name];
    if (key === undefined) throw new Error(`nut-js cannot press ${code}`);
    return key as (typeof Key)[keyof typeof Key];
  };

  return {
    name: 'nut-js',
    screenSize: async () => ({ width: await screen.width(), height: await screen.height() }),
    move: async (to) => {
      await mouse.setPosition(new Point(to.x, to.y));
    },
    button: async (button, down) => {
      if (down) await mouse.pressButton(buttons[button]);
      else await mouse.releaseButton(buttons[button]);
    },
    scroll: async (dx, dy) => {
      if (dy > 0) await mouse.scrollDown(dy);
      if (dy < 0) await mouse.scrollUp(-dy);
      // On X11 libnut's horizontal directions are swapped (its "right" is button 6, scroll left).
      const right = process.platform === 'linux' ? -dx : dx;
      if (right > 0) await mouse.scrollRight(right);
      if (right < 0) await mouse.scrollLeft(-right);
    },
    key: async (code, down) => {
      const key = keyFor(code);
      if (down) await keyboard.pressKey(key);
      else await keyboard.releaseKey(key);
    },
    supports: (code) => {
      const name = nutKeyName(code);
      return KEY_CODES.has(code) && name !== undefined && name in Key;
    },
  };
}
