/**
 * Browser mode's idle source: main cannot ask the OS how long the user has been away, so the
 * page reports how long it has seen no keyboard, pointer or wheel input (Electron uses
 * powerMonitor instead and ignores these reports).
 */
import type { MeshworkApi } from '../../../../common/ipc/contract';

export function startActivityReporting(api: MeshworkApi, everyMs = 30_000): () => void {
  let lastInput = Date.now();
  let reportedIdle = false;
  const report = () => {
    const idleSeconds = Math.floor((Date.now() - lastInput) / 1000);
    reportedIdle = idleSeconds > 0;
    void api.timer.reportIdle(idleSeconds).catch(() => {});
  };
  const onInput = () => {
    lastInput = Date.now();
    // Coming back after a reported idle stretch: say so at once, so the question comes now.
    if (reportedIdle) report();
  };
  const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
  for (const e of events) window.addEventListener(e, onInput, { passive: true });
  const timer = setInterval(report, everyMs);
  return () => {
    clearInterval(timer);
    for (const e of events) window.removeEventListener(e, onInput);
  };
}
