/** Hours per task and day for one week, with row and column totals. */
import { addDays, format } from 'date-fns';
import type { TimeEntry } from '../../../../common/tracker/schemas';
import { useAppSelector } from '../../../app/hooks';
import { formatDuration } from '../shared/format';
import { useNow } from '../shared/useNow';

export function WeeklyTimesheet({ weekStart, entries }: { weekStart: Date; entries: TimeEntry[] }) {
  const tasks = useAppSelector((s) => s.tracker.tasks);
  const projects = useAppSelector((s) => s.tracker.projects);
  const now = useNow();
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const dayKey = (ms: number | Date) => format(ms, 'yyyy-MM-dd');
  const cells = new Map<string, number>();
  for (const e of entries) {
    const key = `${e.taskId}|${dayKey(e.startedAt)}`;
    cells.set(key, (cells.get(key) ?? 0) + ((e.endedAt ?? now) - e.startedAt));
  }
  const taskIds = [...new Set(entries.map((e) => e.taskId))];
  const cell = (taskId: string, day: Date) => cells.get(`${taskId}|${dayKey(day)}`) ?? 0;
  const dayTotal = (day: Date) => taskIds.reduce((s, id) => s + cell(id, day), 0);

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
              <td colSpan={9} className="muted">
                Nothing logged yet this week.
              </td>
            </tr>
          )}
          {taskIds.map((id) => {
            const task = tasks.find((t) => t.id === id);
            const project = projects.find((p) => p.id === task?.projectId);
            return (
              <tr key={id}>
                <th scope="row">
                  {task?.title ?? 'Deleted task'} <span className="muted">· {project?.name}</span>
                </th>
                {days.map((d) => (
                  <td key={d.toISOString()} className={cell(id, d) ? undefined : 'muted'}>
                    {cell(id, d) ? formatDuration(cell(id, d)) : '–'}
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
            <th scope="row">Total</th>
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
