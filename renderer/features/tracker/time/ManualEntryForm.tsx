/** Log time after the fact: task, date, from–to, description, billable. */
import { useState } from 'react';
import { format } from 'date-fns';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { trackerCall } from '../trackerSlice';

export function ManualEntryForm() {
  const dispatch = useAppDispatch();
  const tasks = useAppSelector((s) => s.tracker.tasks);
  const projects = useAppSelector((s) => s.tracker.projects);
  const [draft, setDraft] = useState({ taskId: '', date: format(new Date(), 'yyyy-MM-dd'), start: '09:00', end: '10:00', description: '', billable: true });
  const taskId = draft.taskId || tasks[0]?.id || '';
  if (tasks.length === 0) return <p className="muted">Create a task on the board to log time against it.</p>;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const input = {
      taskId,
      startedAt: new Date(`${draft.date}T${draft.start}`).getTime(),
      endedAt: new Date(`${draft.date}T${draft.end}`).getTime(),
      description: draft.description,
      billable: draft.billable,
    };
    const result = await dispatch(trackerCall((api) => api.tracker.createEntry(input)));
    if (result.meta.requestStatus === 'fulfilled') setDraft({ ...draft, description: '' });
  };

  return (
    <form className="inline-form card" onSubmit={(e) => void submit(e)} aria-label="Add time manually">
      <label>
        <span className="label">Task</span>
        <select value={taskId} onChange={(e) => setDraft({ ...draft, taskId: e.target.value })} aria-label="Task for the manual entry">
          {projects.map((p) => (
            <optgroup key={p.id} label={p.name}>
              {tasks
                .filter((t) => t.projectId === p.id)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        <span className="label">Date</span>
        <input type="date" value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} required aria-label="Entry date" />
      </label>
      <label>
        <span className="label">From</span>
        <input type="time" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} required aria-label="Entry start" />
      </label>
      <label>
        <span className="label">To</span>
        <input type="time" value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} required aria-label="Entry end" />
      </label>
      <label className="grow">
        <span className="label">Description</span>
        <input value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} maxLength={2000} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={draft.billable} onChange={(e) => setDraft({ ...draft, billable: e.target.checked })} />
        Billable
      </label>
      <button type="submit" className="button button--primary">
        Add entry
      </button>
    </form>
  );
}
