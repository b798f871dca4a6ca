import { describe, expect, it } from 'vitest';
import { displayView, isReleaseChord, keyInput, pointToNormalised, wheelNotches } from './controllerInput';

const element = { left: 100, top: 50, width: 800, height: 600 };
const wide = { width: 1920, height: 1080 }; // letterboxed top and bottom in an 800x600 box

describe('pointToNormalised', () => {
  it('maps through the letterbox under fit', () => {
    // 800 / 1920 = 0.4167 scale -> drawn 800 x 450, bars of 75 px above and below.
    expect(pointToNormalised(100, 125, element, wide)).toEqual({ x: 0, y: 0 });
    expect(pointToNormalised(500, 350, element, wide)).toEqual({ x: 0.5, y: 0.5 });
    expect(pointToNormalised(900, 575, element, wide)).toEqual({ x: 1, y: 1 });
  });

  it('ignores points on the bars', () => {
    expect(pointToNormalised(500, 60, element, wide)).toBeNull();
    expect(pointToNormalised(500, 640, element, wide)).toBeNull();
  });

  it('maps 1:1, where the element is the picture (its box moves as the container scrolls)', () => {
    const scrolled = { left: -860, top: -490, width: 1920, height: 1080 };
    expect(pointToNormalised(100, 50, scrolled, wide)).toEqual({ x: 0.5, y: 0.5 });
  });

  it('refuses an empty picture', () => {
    expect(pointToNormalised(1, 1, element, { width: 0, height: 0 })).toBeNull();
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

describe('displayView', () => {
  const left = { id: 'left', bounds: { x: 0, y: 0, width: 640, height: 800 }, scaleFactor: 1, primary: true };
  const right = { id: 'right', bounds: { x: 640, y: 0, width: 640, height: 800 }, scaleFactor: 1, primary: false };

  it('crops one display out of a picture of the whole desktop', () => {
    expect(displayView([left, right], 'right', { width: 1280, height: 800 })).toEqual({ crop: { x: 0.5, y: 0, width: 0.5, height: 1 }, picture: { width: 640, height: 800 } });
    // The encoder may scale the picture down; fractions still hold.
    expect(displayView([left, right], 'left', { width: 960, height: 600 })).toEqual({ crop: { x: 0, y: 0, width: 0.5, height: 1 }, picture: { width: 640, height: 800 } });
  });

  it('does not crop a picture of one monitor', () => {
    expect(displayView([left, right], 'right', { width: 576, height: 720 })).toEqual({ crop: null, picture: { width: 640, height: 800 } });
  });

  it('measures in physical pixels whatever the scale factor', () => {
    const scaled = { id: 'screen', bounds: { x: 0, y: 0, width: 640, height: 400 }, scaleFactor: 2, primary: true };
    expect(displayView([scaled], 'screen', { width: 1280, height: 800 })).toEqual({ crop: null, picture: { width: 1280, height: 800 } });
    expect(displayView([scaled], 'other', { width: 1280, height: 800 })).toBeNull();
  });
});
