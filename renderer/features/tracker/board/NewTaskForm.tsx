/** One-line task creation above the board (Alt+N focuses it). */
import { useEffect, useRef, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { trackerCall } from '../trackerSlice';

export function NewTaskForm({ defaultProjectId }: { defaultProjectId: string | null }) {
  const dispatch = useAppDispatch();
  const projects = useAppSelector((s) => s.tracker.projects);
  const [title, setTitle] = useState('');
  const [projectId, setProjectId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [estimate, setEstimate] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const chosen = defaultProjectId ?? (projectId || projects[0]?.id || '');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.code === 'KeyN') {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (projects.length === 0) return <p className="muted">Create a project on the dashboard first; its tasks appear here.</p>;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const estimateMinutes = estimate ? Math.round(Number(estimate) * 60) : null;
    const result = await dispatch(trackerCall((api) => api.tracker.createTask({ projectId: chosen, title, dueDate: dueDate || null, estimateMinutes })));
    if (result.meta.requestStatus === 'fulfilled') {
      setTitle('');
      setDueDate('');
      setEstimate('');
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="New task">
      <label className="grow">
        <span className="label">New task</span>
        <input ref={input} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What needs doing? (Alt+N)" required maxLength={200} />
      </label>
      {!defaultProjectId && (
        <label>
          <span className="label">Project</span>
          <select value={chosen} onChange={(e) => setProjectId(e.target.value)} aria-label="Project of the new task">
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span className="label">Due</span>
        <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </label>
      <label>
        <span className="label">Estimate (h)</span>
        <input type="number" min="0" step="0.25" value={estimate} onChange={(e) => setEstimate(e.target.value)} className="narrow" />
      </label>
      <button type="submit" className="button button--primary">
        Add task
      </button>
    </form>
  );
}
