/** Always-visible timer: pick a task, start/stop, elapsed time ticking. */
import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { formatClock } from '../shared/format';
import { startTimer, stopTimer } from '../trackerSlice';

export function TimerBar() {
  const dispatch = useAppDispatch();
  const timer = useAppSelector((s) => s.tracker.timer);
  const tasks = useAppSelector((s) => s.tracker.tasks);
  const projects = useAppSelector((s) => s.tracker.projects);
  const [taskId, setTaskId] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const running = timer?.running ?? null;

  useEffect(() => {
    if (!running) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [running]);

  const open = tasks.filter((t) => t.status !== 'done');
  const chosen = taskId || open[0]?.id || '';
  return (
    <section className="timer-bar" aria-label="Timer" data-testid="timer-bar">
      {running ? (
        <>
          <span className="timer-bar__dot" aria-hidden="true" />
          <div className="timer-bar__what">
            <strong>{timer?.taskTitle}</strong>
            <span className="muted"> · {timer?.projectName}</span>
          </div>
          <span className="timer-bar__clock" data-testid="timer-elapsed" aria-live="off">
            {formatClock(now - running.startedAt)}
          </span>
          <button type="button" className="button button--danger" onClick={() => void dispatch(stopTimer())} title="Stop the timer (Alt+S)">
            Stop
          </button>
        </>
      ) : (
        <>
          <label className="timer-bar__what">
            <span className="visually-hidden">Task to time</span>
            <select value={chosen} onChange={(e) => setTaskId(e.target.value)} disabled={open.length === 0} aria-label="Task to time">
              {open.length === 0 && <option value="">Create a task on the board first</option>}
              {projects.map((p) => {
                const own = open.filter((t) => t.projectId === p.id);
                return own.length ? (
                  <optgroup key={p.id} label={p.name}>
                    {own.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.title}
                      </option>
                    ))}
                  </optgroup>
                ) : null;
              })}
            </select>
          </label>
          <span className="timer-bar__clock muted">00:00:00</span>
          <button type="button" className="button button--primary" disabled={!chosen} onClick={() => void dispatch(startTimer({ taskId: chosen }))}>
            Start timer
          </button>
        </>
      )}
    </section>
  );
}
