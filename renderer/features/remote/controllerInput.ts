/**
 * The controller's side of input capture: where on the remote screen a pointer event lands,
 * and which keyboard events become remote key presses. Pure functions, so the geometry
 * (letterboxing under "fit", one display cropped out of several) is tested without a browser.
 */
import type { DisplayDescriptor, RemoteInput } from '../../../common/wire/remoteControl';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Maps a point to normalised coordinates on the remote picture drawn letterboxed (object-fit:
 * contain) in `element`, the video element's box as `getBoundingClientRect` reports it. Under
 * 1:1 the element is the picture's own size inside a scrolled container, so the same mapping
 * holds (its box already moved with the scroll). `picture` gives the aspect ratio. Returns
 * null for points on the letterbox bars or beyond the picture.
 */
export function pointToNormalised(clientX: number, clientY: number, element: Box, picture: { width: number; height: number }): { x: number; y: number } | null {
  if (picture.width <= 0 || picture.height <= 0 || element.width <= 0 || element.height <= 0) return null;
  const scale = Math.min(element.width / picture.width, element.height / picture.height);
  const drawnW = picture.width * scale;
  const drawnH = picture.height * scale;
  const x = (clientX - element.left - (element.width - drawnW) / 2) / drawnW;
  const y = (clientY - element.top - (element.height - drawnH) / 2) / drawnH;
  if (x < 0 || y < 0 || x > 1 || y > 1) return null;
  return { x, y };
}

/**
 * What the shared picture shows of the chosen display. A capture of the whole desktop shows
 * every display side by side (their union): then crop to the chosen one, given as fractions of
 * the picture so they hold at whatever resolution the video arrives. A capture of one
 * monitor (what Chromium offers on a multi-monitor X11 desktop) shows only that display: no
 * crop, and the person says which display it is. Either way `picture` is the display's size in
 * physical pixels: its aspect ratio, and the 1:1 size.
 */
export function displayView(
  displays: readonly DisplayDescriptor[],
  displayId: string,
  video: { width: number; height: number },
): { crop: Crop | null; picture: { width: number; height: number } } | null {
  const display = displays.find((d) => d.id === displayId);
  if (!display) return null;
  const rect = (d: DisplayDescriptor) => ({
    left: d.bounds.x * d.scaleFactor,
    top: d.bounds.y * d.scaleFactor,
    right: (d.bounds.x + d.bounds.width) * d.scaleFactor,
    bottom: (d.bounds.y + d.bounds.height) * d.scaleFactor,
  });
  const r = rect(display);
  const picture = { width: r.right - r.left, height: r.bottom - r.top };
  if (displays.length < 2) return { crop: null, picture };
  const all = displays.map(rect);
  const union = {
    left: Math.min(...all.map((a) => a.left)),
    top: Math.min(...all.map((a) => a.top)),
    right: Math.max(...all.map((a) => a.right)),
    bottom: Math.max(...all.map((a) => a.bottom)),
  };
  const w = union.right - union.left;
  const h = union.bottom - union.top;
  const spansAll = video.height > 0 && Math.abs(video.width / video.height - w / h) < 0.02 * (w / h);
  if (!spansAll) return { crop: null, picture };
  return { crop: { x: (r.left - union.left) / w, y: (r.top - union.top) / h, width: picture.width / w, height: picture.height / h }, picture };
}

/** A part of the picture, in fractions of its width and height. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
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
