/**
 * Hours per task and day for one week, with row and column totals. Each cell is editable: type
 * 1:30, 1.5 or 90m and the day's entries for that task follow (main's `setDayTotal`); a task
 * with nothing logged yet can be added as a row. A cell whose timer runs only shows its time.
 */
import { useState } from 'react';
import { addDays, format } from 'date-fns';
import { formatDuration, parseDuration } from '../../../../common/tracker/duration';
import type { TimeEntry } from '../../../../common/tracker/schemas';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { taskTitle } from '../shared/format';
import { useNow } from '../shared/useNow';
import { noticeShown, trackerCall } from '../trackerSlice';

const dayKey = (ms: number | Date) => format(ms, 'yyyy-MM-dd');

export function WeeklyTimesheet({ weekStart, entries }: { weekStart: Date; entries: TimeEntry[] }) {
  const dispatch = useAppDispatch();
  const tasks = useAppSelector((s) => s.tracker.tasks);
  const projects = useAppSelector((s) => s.tracker.projects);
  const now = useNow();
  const [added, setAdded] = useState<string[]>([]);
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const cells = new Map<string, number>();
  const running = new Set<string>();
  for (const e of entries) {
    const key = `${e.taskId}|${dayKey(e.startedAt)}`;
    cells.set(key, (cells.get(key) ?? 0) + ((e.endedAt ?? now) - e.startedAt));
    if (e.endedAt === null) running.add(key);
  }
  const taskIds = [...new Set([...entries.map((e) => e.taskId), ...added])];
  const cell = (taskId: string, day: Date) => cells.get(`${taskId}|${dayKey(day)}`) ?? 0;
  const dayTotal = (day: Date) => taskIds.reduce((s, id) => s + cell(id, day), 0);
  const addable = tasks.filter((t) => t.status !== 'done' && !taskIds.includes(t.id));
  const projectName = (projectId: string | undefined) => projects.find((p) => p.id === projectId)?.name;

  const setTotal = (taskId: string, day: Date, minutes: number) =>
    void dispatch(trackerCall((api) => api.tracker.setDayTotal({ taskId, date: dayKey(day), minutes, utcOffsetMinutes: -day.getTimezoneOffset() })));

  return (
    <div className="table-wrap">
      <table className="timesheet" aria-label="Weekly timesheet">
        <thead>
          <tr>
            <th scope="col">Task</th>
            {days.map((d) => (
              <th key={d.toISOString()} scope="col">
                {format(d, 'EEE d')}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {taskIds.length === 0 && (
            <tr>
              <td colSpan={9} className="muted timesheet__empty">
                Nothing logged yet this week. Add a task below and type its hours into a day.
              </td>
            </tr>
          )}
          {taskIds.map((id) => {
            const task = tasks.find((t) => t.id === id);
            const project = projectName(task?.projectId ?? entries.find((e) => e.taskId === id)?.projectId);
            const title = taskTitle(task, project !== undefined);
            return (
              <tr key={id}>
                <th scope="row">
                  {title} {project && <span className="muted">· {project}</span>}
                </th>
                {days.map((d) => (
                  <td key={d.toISOString()}>
                    {running.has(`${id}|${dayKey(d)}`) || !task ? (
                      <span className={cell(id, d) ? undefined : 'muted'} title={task ? 'The timer is running' : undefined}>
                        {cell(id, d) ? formatDuration(cell(id, d)) : '–'}
                      </span>
                    ) : (
                      <TimeCell
                        label={`${title}, ${format(d, 'EEEE d MMMM')}`}
                        ms={cell(id, d)}
                        onSet={(minutes) => setTotal(id, d, minutes)}
                        onInvalid={(text) => dispatch(noticeShown({ kind: 'error', message: `“${text}” is not a length of time: type 1:30, 1.5 or 90m (at most 24 hours).` }))}
                      />
                    )}
                  </td>
                ))}
                <td>
                  <strong>{formatDuration(days.reduce((s, d) => s + cell(id, d), 0))}</strong>
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">
              {addable.length > 0 ? (
                <select className="timesheet__add" aria-label="Add a task to the timesheet" value="" onChange={(e) => e.target.value && setAdded([...added, e.target.value])}>
                  <option value="">+ Add a task…</option>
                  {addable.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.title} · {projectName(t.projectId)}
                    </option>
                  ))}
                </select>
              ) : (
                'Total'
              )}
            </th>
            {days.map((d) => (
              <td key={d.toISOString()}>{formatDuration(dayTotal(d))}</td>
            ))}
            <td data-testid="timesheet-total">
              <strong>{formatDuration(days.reduce((s, d) => s + dayTotal(d), 0))}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** One day of one task: shows h:mm, takes what the user types on Enter or leaving the cell; Escape puts it back. */
function TimeCell({ label, ms, onSet, onInvalid }: { label: string; ms: number; onSet: (minutes: number) => void; onInvalid: (text: string) => void }) {
  const shown = ms ? formatDuration(ms) : '';
  const [text, setText] = useState<string | null>(null);
  const commit = () => {
    if (text === null) return;
    setText(null);
    const minutes = parseDuration(text);
    if (minutes === null) onInvalid(text.slice(0, 20));
    else if (minutes !== Math.round(ms / 60_000)) onSet(minutes);
  };
  return (
    <input
      className="timesheet__cell"
      aria-label={label}
      inputMode="decimal"
      placeholder="–"
      value={text ?? shown}
      onFocus={(e) => {
        setText(shown);
        e.target.select();
      }}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          setText(null);
          // Blur after the reset, so leaving the cell commits nothing.
          requestAnimationFrame(() => (document.activeElement as HTMLElement | null)?.blur());
        }
      }}
    />
  );
}
