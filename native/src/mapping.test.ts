import { describe, expect, it } from 'vitest';
import { normalisedToPhysical } from './coordinates';
import { KEY_CODES, robotKeyName } from './keyCodes';
import { chordForChar, planText } from './textChords';
import { parseXrandrMonitors } from './x11Displays';
import { parseXmodmapKeysyms } from './x11Keymap';

describe('normalisedToPhysical', () => {
  const right = { id: 'B', bounds: { x: 1920, y: 0, width: 1280, height: 720 }, scaleFactor: 2, primary: false };
  it('lands on the shared monitor, scaled', () => {
    expect(normalisedToPhysical(right, 0, 0)).toEqual({ x: 3840, y: 0 });
    expect(normalisedToPhysical(right, 0.5, 0.5)).toEqual({ x: 5120, y: 720 });
  });
  it('clamps to the monitor so a pointer never escapes to its neighbour', () => {
    expect(normalisedToPhysical(right, 1, 1)).toEqual({ x: 6399, y: 1439 });
    expect(normalisedToPhysical(right, -3, 7)).toEqual({ x: 3840, y: 1439 });
  });
});

describe('key tables', () => {
  it('covers letters, digits, symbols, function, navigation, numpad and media keys', () => {
    for (const code of ['KeyQ', 'Digit7', 'Backquote', 'F12', 'F24', 'PageDown', 'Numpad5', 'NumpadEnter', 'AudioVolumeUp', 'MediaPlayPause', 'MetaLeft']) {
      expect(KEY_CODES.get(code), code).toBeDefined();
    }
  });
  it('does not offer robotjs keys it mishandles on X11', () => {
    expect(robotKeyName('CapsLock', 'linux')).toBeUndefined();
    expect(robotKeyName('CapsLock', 'win32')).toBe('capslock');
    expect(robotKeyName('KeyZ', 'linux')).toBe('z');
  });
});

describe('text planning', () => {
  it('keeps Shift for capitals and shifted symbols', () => {
    expect(chordForChar('?')).toEqual({ code: 'Slash', modifiers: ['shift'] });
    expect(chordForChar('/')).toEqual({ code: 'Slash', modifiers: [] });
    expect(chordForChar('Q')).toEqual({ code: 'KeyQ', modifiers: ['shift'] });
  });
  it('pastes what the keyboard cannot type, in order', () => {
    expect(planText('ok ñé!').map((r) => (r.kind === 'paste' ? `paste:${r.text}` : `keys:${r.chords.length}`))).toEqual([
      'keys:3',
      'paste:ñé',
      'keys:1',
    ]);
  });
});

describe('X11 parsers', () => {
  it('reads monitors from xrandr --listmonitors', () => {
    const out = 'Monitors: 2\n 0: +*DP-1 1920/527x1080/296+0+0  DP-1\n 1: +HDMI-1 2560/597x1440/336+1920+0  HDMI-1\n';
    expect(parseXrandrMonitors(out)).toEqual([
      { id: 'DP-1', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: true },
      { id: 'HDMI-1', bounds: { x: 1920, y: 0, width: 2560, height: 1440 }, scaleFactor: 1, primary: false },
    ]);
  });
  it('reads keysyms from xmodmap -pke', () => {
    const keysyms = parseXmodmapKeysyms('keycode  66 = Caps_Lock NoSymbol Caps_Lock\nkeycode 191 =\nkeycode  10 = 1 exclam 1 exclam\n');
    expect([...keysyms].sort()).toEqual(['1', 'Caps_Lock', 'exclam']);
  });
});
