import type { DisplayInfo, Point } from './inputInjector';

/**
 * Maps a normalised position (0..1 across the shared display) to the physical desktop pixel
 * the backends address: logical bounds times the display's scale factor, clamped inside it.
 */
export function normalisedToPhysical(display: DisplayInfo, nx: number, ny: number): Point {
  const { x, y, width, height } = display.bounds;
  const s = display.scaleFactor;
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const px = Math.round((x + clamp(nx, 0, 1) * width) * s);
  const py = Math.round((y + clamp(ny, 0, 1) * height) * s);
  return {
    x: clamp(px, Math.round(x * s), Math.round((x + width) * s) - 1),
    y: clamp(py, Math.round(y * s), Math.round((y + height) * s) - 1),
  };
}
