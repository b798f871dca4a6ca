/**
 * Real injection on a private Xvfb display, checked from outside: the pointer position by
 * xdotool, buttons and keys by an xev window that logs what the X server delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXvfb, type XDisplay } from '../../testing/xvfb';
import { openXevWindow, pointerLocation, type XEvent, type XevWindow } from '../../testing/xevWindow';
import { createInputInjector } from './createInputInjector';
import { normalisedToPhysical } from './coordinates';
import type { BackendName, InputInjector } from './inputInjector';
import { UnsupportedKeyError } from './nativeInputInjector';

let x: XDisplay;
let xev: XevWindow;

beforeAll(async () => {
  x = await startXvfb('1280x800x24');
  // The native libraries open the display named in the environment when they load.
  process.env.DISPLAY = x.display;
  xev = await openXevWindow(x.display);
});

afterAll(async () => {
  xev?.stop();
  await x?.stop();
});

const keyPresses = (events: XEvent[]) => events.filter((e) => e.type === 'KeyPress').map((e) => e.keysym);

describe.each<BackendName>(['nut-js', 'robotjs'])('%s backend on Xvfb', (backend) => {
  let injector: InputInjector;

  beforeAll(async () => {
    injector = await createInputInjector({ backend, clipboard: null });
    expect(injector.backend).toBe(backend);
  });

  it('moves the pointer to the exact pixel', async () => {
    for (const point of [{ x: 0, y: 0 }, { x: 640, y: 400 }, { x: 1279, y: 799 }, { x: 17, y: 733 }]) {
      await injector.movePointer(point);
      expect(await pointerLocation(x.display)).toEqual(point);
    }
  });

  it('maps normalised coordinates through the display at scale factors 1 and 2', async () => {
    const [screen] = await injector.displays();
    expect(screen.bounds).toMatchObject({ width: 1280, height: 800 });
    const atScale2 = { ...screen, bounds: { x: 0, y: 0, width: 640, height: 400 }, scaleFactor: 2 };
    for (const display of [screen, atScale2]) {
      await injector.movePointer(normalisedToPhysical(display, 0.25, 0.75));
      expect(await pointerLocation(x.display)).toEqual({ x: 320, y: 600 });
    }
  });

  it('clicks and double-clicks where the pointer is', async () => {
    await injector.movePointer({ x: 200, y: 150 });
    xev.clear();
    await injector.click('left');
    await injector.click('right');
    await injector.click('left', 2);
    const events = await xev.waitFor((es) => es.filter((e) => e.type === 'ButtonRelease').length >= 4);
    const presses = events.filter((e) => e.type === 'ButtonPress');
    expect(presses.map((e) => e.button)).toEqual([1, 3, 1, 1]);
    expect(presses.every((e) => e.rootX === 200 && e.rootY === 150)).toBe(true);
  });

  it('drags with the button held from start to end', async () => {
    xev.clear();
    await injector.drag({ x: 100, y: 100 }, { x: 500, y: 300 });
    const events = await xev.waitFor((es) => es.some((e) => e.type === 'ButtonRelease'));
    const press = events.find((e) => e.type === 'ButtonPress')!;
    const release = events.find((e) => e.type === 'ButtonRelease')!;
    expect([press.rootX, press.rootY, release.rootX, release.rootY]).toEqual([100, 100, 500, 300]);
    // Motion while held carries Button1Mask (0x100) in its state.
    expect(events.some((e) => e.type === 'MotionNotify' && (e.state & 0x100) !== 0)).toBe(true);
  });

  it('scrolls down, up, left and right', async () => {
    xev.clear();
    await injector.scroll(0, 2);
    await injector.scroll(0, -1);
    await injector.scroll(1, 0);
    await injector.scroll(-1, 0);
    const events = await xev.waitFor((es) => es.filter((e) => e.type === 'ButtonPress').length >= 5);
    expect(events.filter((e) => e.type === 'ButtonPress').map((e) => e.button)).toEqual([5, 5, 4, 7, 6]);
  });

  it('presses keys with their modifiers, keeping Shift on symbols', async () => {
    await injector.movePointer({ x: 640, y: 400 });
    xev.clear();
    await injector.keyTap({ code: 'KeyA', modifiers: [] });
    await injector.keyTap({ code: 'KeyA', modifiers: ['shift'] });
    await injector.keyTap({ code: 'Digit1', modifiers: ['shift'] });
    await injector.keyTap({ code: 'F5', modifiers: [] });
    await injector.keyTap({ code: 'ArrowLeft', modifiers: [] });
    // robotjs has no numpad keys on X11; nut-js does.
    const last = backend === 'nut-js' ? { code: 'NumpadAdd', keysym: 'KP_Add' } : { code: 'End', keysym: 'End' };
    await injector.keyTap({ code: last.code, modifiers: [] });
    const events = await xev.waitFor((es) => keyPresses(es).includes(last.keysym));
    expect(keyPresses(events)).toEqual(['a', 'Shift_L', 'A', 'Shift_L', 'exclam', 'F5', 'Left', last.keysym]);
    const exclam = events.find((e) => e.keysym === 'exclam')!;
    expect(exclam.state & 0x1).toBe(1);
  });

  it('types text as key chords, symbols included', async () => {
    xev.clear();
    await injector.typeText('Hi {x}!');
    const shiftCount = (es: XEvent[], type: string) => es.filter((e) => e.keysym === 'Shift_L' && e.type === type).length;
    // Done when "!" was typed and every Shift pressed was released again (no stuck modifiers).
    const events = await xev.waitFor(
      (es) => keyPresses(es).includes('exclam') && shiftCount(es, 'KeyRelease') === shiftCount(es, 'KeyPress'),
    );
    const typed = keyPresses(events).filter((k) => k !== 'Shift_L');
    expect(typed).toEqual(['H', 'i', 'space', 'braceleft', 'x', 'braceright', 'exclam']);
    expect(shiftCount(events, 'KeyPress')).toBe(4);
  });

  it('refuses characters it can only paste when it has no clipboard', async () => {
    await expect(injector.typeText('é')).rejects.toBeInstanceOf(UnsupportedKeyError);
  });

  it('refuses unknown key codes, and keys the X keymap lacks, without crashing', async () => {
    await expect(injector.keyTap({ code: 'NotAKey', modifiers: [] })).rejects.toThrow(/cannot press NotAKey/);
    // Xvfb's keymap stops at F12: pressing F13 through XTest would end the process with an X error.
    await expect(injector.keyTap({ code: 'F13', modifiers: [] })).rejects.toThrow(/X keymap has no key for F13/);
    await injector.movePointer({ x: 1, y: 1 });
    expect(await pointerLocation(x.display)).toEqual({ x: 1, y: 1 });
  });
});

describe('key table against the real libraries', () => {
  it('names only keys nut-js has', async () => {
    const { Key } = await import('@nut-tree-fork/nut-js');
    const { KEY_CODES } = await import('./keyCodes');
    const missing = [...KEY_CODES.values()].map((k) => k.nut).filter((name) => !(name in Key));
    expect(missing).toEqual([]);
  });
});

describe('clipboard fallback', () => {
  it('pastes characters the keyboard cannot type and restores the clipboard', async () => {
    const injector = await createInputInjector({ backend: 'nut-js' });
    const { loadSystemClipboard } = await import('./systemClipboard');
    const clipboard = await loadSystemClipboard();
    await clipboard.writeText('keep me');
    xev.clear();
    await injector.typeText('é');
    const events = await xev.waitFor((es) => keyPresses(es).includes('v'));
    const paste = events.find((e) => e.type === 'KeyPress' && e.keysym === 'v')!;
    expect(paste.state & 0x4).toBe(0x4); // Control held
    expect(await clipboard.readText()).toBe('keep me');
  });
});
