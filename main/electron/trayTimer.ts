/**
 * Electron glue for the tray timer: shows the current task and elapsed time, start/stop and
 * recent tasks in its menu, and turns reminder/idle events into a notification or the window.
 * All timer logic lives in TimerService (main/services); this file only draws it.
 */
import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { RemoteSession } from '../../common/ipc/contract';
import type { TimerStatus } from '../../common/tracker/views';
import type { Logger } from '../log';
import type { MainServices } from '../services/mainServices';

function elapsed(status: TimerStatus, now: number): string {
  if (!status.running) return '';
  const s = Math.max(0, Math.floor((now - status.running.startedAt) / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** A 16x16 dot drawn in memory, so the tray needs no image file: green while timing, red while controlled. */
function dotIcon(running: boolean, controlled = false): Electron.NativeImage {
  const size = 16;
  const pixels = Buffer.alloc(size * size * 4);
  const [r, g, b] = controlled ? [255, 107, 107] : running ? [62, 207, 142] : [154, 163, 178];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 36;
      pixels.set(inside ? [b, g, r, 255] : [0, 0, 0, 0], (y * size + x) * 4); // BGRA
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: size, height: size });
}

export function startTrayTimer(services: MainServices, showWindow: () => void, log: Logger): () => void {
  const { timer, meId } = services.tracker;
  const tray = new Tray(dotIcon(false));
  let status = timer.status(meId());
  // Remote control shows here too, so it stays visible when the window is hidden.
  let remote: RemoteSession[] = services.remote.sessions();

  const act = (fn: () => unknown) => () => {
    try {
      fn();
    } catch (error) {
      log.warn({ err: error }, 'tray timer action failed');
    }
  };

  const render = () => {
    const now = Date.now();
    const label = status.running ? `${status.taskTitle} — ${elapsed(status, now)}` : 'No timer running';
    const controlled = remote.length > 0 ? `Controlled by ${remote.map((r) => r.peerName).join(', ')} · ` : '';
    tray.setToolTip(`Meshwork: ${controlled}${label}`);
    if (process.platform === 'darwin') tray.setTitle(status.running ? elapsed(status, now) : '');
  };

  const rebuildMenu = () => {
    const recent = timer.recentTasks(meId());
    const items: MenuItemConstructorOptions[] = [
      ...(remote.length > 0
        ? ([
            { label: `Controlled by ${remote.map((r) => r.peerName).join(', ')}`, enabled: false },
            { label: 'Stop remote control now', click: act(() => void services.remote.revoke(null)) },
            { type: 'separator' },
          ] satisfies MenuItemConstructorOptions[])
        : []),
      { label: status.running ? `${status.projectName}: ${status.taskTitle}` : 'No timer running', enabled: false },
      status.running
        ? { label: 'Stop timer', click: act(() => timer.stop(meId())) }
        : { label: recent[0] ? `Start "${recent[0].title}"` : 'Start a timer from the app', enabled: Boolean(recent[0]), click: act(() => recent[0] && timer.start(meId(), recent[0].taskId)) },
      {
        label: 'Recent tasks',
        enabled: recent.length > 0,
        submenu: recent.map((task) => ({ label: `${task.projectName}: ${task.title}`, click: act(() => timer.start(meId(), task.taskId)) })),
      },
      { type: 'separator' },
      { label: 'Open Meshwork', click: showWindow },
      { role: 'quit' },
    ];
    tray.setContextMenu(Menu.buildFromTemplate(items));
    tray.setImage(dotIcon(Boolean(status.running), remote.length > 0));
    render();
  };

  const removeSink = services.events.addSink((event, payload) => {
    if (event === 'remote.sessions') {
      remote = payload as RemoteSession[];
      rebuildMenu();
    } else if (event === 'timer.status') {
      status = payload as TimerStatus;
      rebuildMenu();
    } else if (event === 'timer.reminder' && Notification.isSupported()) {
      const note = new Notification({ title: 'Meshwork', body: (payload as { message: string }).message });
      note.on('click', showWindow);
      note.show();
    } else if (event === 'timer.idle') {
      // The keep/discard/split question is asked in the window.
      showWindow();
    }
  });
  tray.on('click', showWindow);
  rebuildMenu();
  const tick = setInterval(render, 1000);
  return () => {
    clearInterval(tick);
    removeSink();
    tray.destroy();
  };
}
