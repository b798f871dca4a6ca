/**
 * Monitors of an X11 desktop from `xrandr --listmonitors` (one line per monitor, e.g.
 * " 0: +*DP-1 1920/527x1080/296+0+0  DP-1"). X11 addresses physical pixels, so the
 * scale factor is 1 unless the caller knows better.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DisplayInfo, DisplaySource } from './inputInjector';

const run = promisify(execFile);
const MONITOR_LINE = /^\s*\d+:\s+\+?(\*?)(\S+)\s+(\d+)\/\d+x(\d+)\/\d+\+(-?\d+)\+(-?\d+)/;

export function parseXrandrMonitors(output: string, scaleFactor = 1): DisplayInfo[] {
  const displays: DisplayInfo[] = [];
  for (const line of output.split('\n')) {
    const m = MONITOR_LINE.exec(line);
    if (!m) continue;
    const [, star, name, w, h, x, y] = m;
    displays.push({
      id: name,
      bounds: { x: Number(x) / scaleFactor, y: Number(y) / scaleFactor, width: Number(w) / scaleFactor, height: Number(h) / scaleFactor },
      scaleFactor,
      primary: star === '*',
    });
  }
  if (displays.length > 0 && !displays.some((d) => d.primary)) displays[0].primary = true;
  return displays;
}

export class X11DisplaySource implements DisplaySource {
  constructor(
    private readonly fallbackSize: () => Promise<{ width: number; height: number }>,
    private readonly scaleFactor = 1,
  ) {}

  async displays(): Promise<DisplayInfo[]> {
    try {
      const { stdout } = await run('xrandr', ['--listmonitors'], { timeout: 3000 });
      const parsed = parseXrandrMonitors(stdout, this.scaleFactor);
      if (parsed.length > 0) return parsed;
    } catch {
      // xrandr missing or RandR unsupported: fall back to the whole screen as one display.
    }
    const { width, height } = await this.fallbackSize();
    const s = this.scaleFactor;
    return [{ id: 'screen', bounds: { x: 0, y: 0, width: width / s, height: height / s }, scaleFactor: s, primary: true }];
  }
}
