/**
 * The controller's side of input capture: where on the remote screen a pointer event lands,
 * and which keyboard events become remote key presses. Pure functions, so the geometry
 * (letterboxing under "fit", scrolling under 1:1) is tested without a browser.
 */
import type { RemoteInput } from '../../../common/wire/remoteControl';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Maps a point in the viewer element to normalised coordinates on the remote picture.
 * `picture` is the intrinsic video size. Under 'fit' the picture is letterboxed (object-fit:
 * contain); under 'actual' it is drawn 1:1 from the element's top-left, offset by scrolling.
 * Returns null for points on the letterbox bars or beyond the picture.
 */
export function pointToNormalised(
  clientX: number,
  clientY: number,
  element: Box,
  picture: { width: number; height: number },
  mode: 'fit' | 'actual',
  scroll: { left: number; top: number } = { left: 0, top: 0 },
): { x: number; y: number } | null {
  if (picture.width <= 0 || picture.height <= 0) return null;
  let x: number;
  let y: number;
  if (mode === 'fit') {
    const scale = Math.min(element.width / picture.width, element.height / picture.height);
    const drawnW = picture.width * scale;
    const drawnH = picture.height * scale;
    x = (clientX - element.left - (element.width - drawnW) / 2) / drawnW;
    y = (clientY - element.top - (element.height - drawnH) / 2) / drawnH;
  } else {
    x = (clientX - element.left + scroll.left) / picture.width;
    y = (clientY - element.top + scroll.top) / picture.height;
  }
  if (x < 0 || y < 0 || x > 1 || y > 1) return null;
  return { x, y };
}

const BUTTONS = ['left', 'middle', 'right'] as const;

export function buttonOf(domButton: number): (typeof BUTTONS)[number] | null {
  return BUTTONS[domButton] ?? null;
}

/** Browser wheel deltas (pixels or lines) to whole notches, at most 10 per event. */
export function wheelNotches(deltaX: number, deltaY: number, deltaMode: number): { dx: number; dy: number } {
  const perNotch = deltaMode === 1 ? 3 : deltaMode === 2 ? 1 : 100;
  const clamp = (v: number) => Math.max(-10, Math.min(10, Math.round(v / perNotch) || Math.sign(v)));
  return { dx: deltaX === 0 ? 0 : clamp(deltaX), dy: deltaY === 0 ? 0 : clamp(deltaY) };
}

/** Shift+Escape gives the keyboard back to this machine; plain Escape goes to the remote. */
export function isReleaseChord(event: { code: string; shiftKey: boolean; type: string }): boolean {
  return event.type === 'keydown' && event.code === 'Escape' && event.shiftKey;
}

export function keyInput(event: { code: string; type: string }): Extract<RemoteInput, { kind: 'key' }> | null {
  if (!/^[A-Za-z0-9]{1,32}$/.test(event.code)) return null;
  if (event.type !== 'keydown' && event.type !== 'keyup') return null;
  return { kind: 'key', code: event.code, down: event.type === 'keydown', modifiers: [] };
}
