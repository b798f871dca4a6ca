/**
 * Is there an X display we can reach? Both native input libraries crash the whole process
 * (SIGSEGV) when they load without one, so this runs before either is imported.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';

export type DisplayProbe = { ok: true; display: string | null } | { ok: false; reason: string };

export async function probeDisplay(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  timeoutMs = 1500,
): Promise<DisplayProbe> {
  // Windows and macOS always have a desktop session when a user runs the app.
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return { ok: true, display: null };
  const display = env.DISPLAY?.trim();
  if (!display) {
    return {
      ok: false,
      reason: env.WAYLAND_DISPLAY
        ? 'Remote control needs an X11 display (XWayland); this Wayland session has none (DISPLAY is not set)'
        : 'No display is available for remote control (DISPLAY is not set)',
    };
  }
  const match = /^(?<host>[^:]*):(?<number>\d+)(?:\.\d+)?$/.exec(display);
  if (!match?.groups) return { ok: false, reason: `DISPLAY="${display}" is not a valid X display name` };
  const { host, number } = match.groups;
  const local = host === '' || host === 'unix';
  const socketPath = `/tmp/.X11-unix/X${number}`;
  if (local && !existsSync(socketPath)) {
    return { ok: false, reason: `No X server is running on display ${display} (${socketPath} is missing)` };
  }
  const reachable = await canConnect(
    local ? { path: socketPath } : { host, port: 6000 + Number(number) },
    timeoutMs,
  );
  return reachable ? { ok: true, display } : { ok: false, reason: `The X server on display ${display} does not answer` };
}

function canConnect(target: net.NetConnectOpts, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(target);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
