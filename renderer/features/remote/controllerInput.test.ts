import { describe, expect, it } from 'vitest';
import { isReleaseChord, keyInput, pointToNormalised, wheelNotches } from './controllerInput';

const element = { left: 100, top: 50, width: 800, height: 600 };
const wide = { width: 1920, height: 1080 }; // letterboxed top and bottom in an 800x600 box

describe('pointToNormalised', () => {
  it('maps through the letterbox under fit', () => {
    // 800 / 1920 = 0.4167 scale -> drawn 800 x 450, bars of 75 px above and below.
    expect(pointToNormalised(100, 125, element, wide, 'fit')).toEqual({ x: 0, y: 0 });
    expect(pointToNormalised(500, 350, element, wide, 'fit')).toEqual({ x: 0.5, y: 0.5 });
    expect(pointToNormalised(900, 575, element, wide, 'fit')).toEqual({ x: 1, y: 1 });
  });

  it('ignores points on the bars', () => {
    expect(pointToNormalised(500, 60, element, wide, 'fit')).toBeNull();
    expect(pointToNormalised(500, 640, element, wide, 'fit')).toBeNull();
  });

  it('maps 1:1 with scrolling', () => {
    expect(pointToNormalised(100, 50, element, wide, 'actual', { left: 960, top: 540 })).toEqual({ x: 0.5, y: 0.5 });
    expect(pointToNormalised(899, 649, element, wide, 'actual', { left: 1120, top: 480 })).toEqual({ x: 1919 / 1920, y: 1079 / 1080 });
  });

  it('refuses an empty picture', () => {
    expect(pointToNormalised(1, 1, element, { width: 0, height: 0 }, 'fit')).toBeNull();
  });
});

describe('keyboard capture', () => {
  it('turns key events into raw key presses', () => {
    expect(keyInput({ code: 'KeyA', type: 'keydown' })).toEqual({ kind: 'key', code: 'KeyA', down: true, modifiers: [] });
    expect(keyInput({ code: 'ShiftLeft', type: 'keyup' })).toMatchObject({ down: false });
    expect(keyInput({ code: '', type: 'keydown' })).toBeNull();
  });

  it('releases capture on Shift+Escape only', () => {
    expect(isReleaseChord({ code: 'Escape', shiftKey: true, type: 'keydown' })).toBe(true);
    expect(isReleaseChord({ code: 'Escape', shiftKey: false, type: 'keydown' })).toBe(false);
  });
});

describe('wheelNotches', () => {
  it('turns pixel and line deltas into notches, keeping small scrolls', () => {
    expect(wheelNotches(0, 300, 0)).toEqual({ dx: 0, dy: 3 });
    expect(wheelNotches(0, -3, 1)).toEqual({ dx: 0, dy: -1 });
    expect(wheelNotches(20, 0, 0)).toEqual({ dx: 1, dy: 0 });
    expect(wheelNotches(0, 99999, 0)).toEqual({ dx: 0, dy: 10 });
  });
});
