/** Edits a project in place on its dashboard card (name, client, colour, status, dates), or deletes it after asking. */
import { useState } from 'react';
import type { Project } from '../../../../common/tracker/schemas';

type ProjectStatus = Project['status'];
import { useAppDispatch } from '../../../app/hooks';
import { ConfirmBar } from '../shared/ConfirmBar';
import { trackerCall } from '../trackerSlice';

const STATUSES: { value: ProjectStatus; label: string }[] = [
  { value: 'planned', label: 'Planned' },
  { value: 'active', label: 'Active' },
  { value: 'on-hold', label: 'On hold' },
  { value: 'done', label: 'Done' },
];

export function ProjectEditor({ project, onDone }: { project: Project; onDone: () => void }) {
  const dispatch = useAppDispatch();
  const [d, setD] = useState({
    name: project.name,
    client: project.client,
    colour: project.colour,
    status: project.status,
    startDate: project.startDate ?? '',
    endDate: project.endDate ?? '',
  });
  const [confirming, setConfirming] = useState(false);

  return (
    <form
      className="stack-form"
      aria-label={`Edit ${project.name}`}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
      onSubmit={(e) => {
        e.preventDefault();
        const patch = { ...d, startDate: d.startDate || null, endDate: d.endDate || null };
        void dispatch(trackerCall((api) => api.tracker.updateProject(project.id, patch))).then((r) => r.meta.requestStatus === 'fulfilled' && onDone());
      }}
    >
      <label>
        <span className="label">Name</span>
        <input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} required maxLength={120} autoFocus />
      </label>
      <div className="row">
        <label>
          <span className="label">Client</span>
          <input value={d.client} onChange={(e) => setD({ ...d, client: e.target.value })} maxLength={120} />
        </label>
        <label className="narrow">
          <span className="label">Colour</span>
          <input type="color" value={d.colour} onChange={(e) => setD({ ...d, colour: e.target.value })} />
        </label>
      </div>
      <label>
        <span className="label">Status</span>
        <select value={d.status} onChange={(e) => setD({ ...d, status: e.target.value as ProjectStatus })}>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          <span className="label">Start</span>
          <input type="date" value={d.startDate} onChange={(e) => setD({ ...d, startDate: e.target.value })} />
        </label>
        <label>
          <span className="label">End</span>
          <input type="date" value={d.endDate} onChange={(e) => setD({ ...d, endDate: e.target.value })} />
        </label>
      </div>
      {confirming ? (
        <ConfirmBar question={`Delete ${project.name}?`} action="Delete project" onConfirm={() => void dispatch(trackerCall((api) => api.tracker.deleteProject(project.id)))} onCancel={() => setConfirming(false)}>
          Delete “{project.name}”? Its tasks leave the board; time logged on it stays in reports.
        </ConfirmBar>
      ) : (
        <div className="row">
          <button type="submit" className="button button--primary">
            Save
          </button>
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
          <button type="button" className="button button--danger push-right" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        </div>
      )}
    </form>
  );
}
