/** Project dashboard: progress, hours logged against estimate, overdue tasks; new projects. */
import { useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { boardOpened, TRACKER_VIEWS } from '../../navigation/navSlice';
import { hours, isoDay } from '../shared/format';
import { useTrackerQuery } from '../shared/useTrackerQuery';
import { trackerCall } from '../trackerSlice';
import { ProjectEditor } from './ProjectEditor';

export function DashboardScreen() {
  const dispatch = useAppDispatch();
  const projects = useAppSelector((s) => s.tracker.projects);
  const today = isoDay(new Date());
  const summaries = useTrackerQuery(['projects', 'tasks', 'timeEntries'], (api) => api.tracker.dashboard(today), today);
  const [editing, setEditing] = useState<string | null>(null);
  // Finished projects step aside until asked for; the one being edited stays in view.
  const [showDone, setShowDone] = useState(false);
  const doneCount = projects.filter((p) => p.status === 'done').length;
  const shown = projects.filter((p) => showDone || p.status !== 'done' || p.id === editing);

  return (
    <section aria-label="Project dashboard">
      <NewProjectForm />
      {projects.length === 0 && <p className="muted">No projects yet. Create one above to start planning and tracking time.</p>}
      <div className="grid">
        {shown.map((project) => {
          const s = summaries.data?.find((x) => x.projectId === project.id);
          const progress = s && s.taskCount > 0 ? Math.round((s.doneCount / s.taskCount) * 100) : 0;
          const logged = hours(s?.loggedMs ?? 0);
          const estimate = hours((s?.estimateMinutes ?? 0) * 60_000);
          return (
            <article key={project.id} className="card project-card" data-testid="project-card" aria-labelledby={`project-${project.id}`}>
              <header className="project-card__header">
                <span className="swatch" style={{ background: project.colour }} aria-hidden="true" />
                <h2 id={`project-${project.id}`}>{project.name}</h2>
                <span className={`badge badge--${project.status}`}>{project.status}</span>
              </header>
              {editing === project.id ? (
                <ProjectEditor project={project} onDone={() => setEditing(null)} />
              ) : (
                <>
                  {project.client && <p className="muted">{project.client}</p>}
                  <dl className="facts">
                    <dt>Progress</dt>
                    <dd>
                      <progress max={100} value={progress} aria-label={`${progress}% of tasks done`} /> {s?.doneCount ?? 0}/{s?.taskCount ?? 0} tasks
                    </dd>
                    <dt>Hours</dt>
                    {s?.hoursCounting ? (
                      <dd data-testid="project-hours" className="muted" aria-busy="true">
                        Counting… a sync is loading time entries
                      </dd>
                    ) : (
                      <dd data-testid="project-hours" className={estimate > 0 && logged > estimate ? 'error' : undefined}>
                        {logged} h logged{estimate > 0 ? ` of ${estimate} h estimated` : ''}
                      </dd>
                    )}
                    {(project.startDate || project.endDate) && (
                      <>
                        <dt>Dates</dt>
                        <dd>
                          {project.startDate ?? '…'} → {project.endDate ?? '…'}
                        </dd>
                      </>
                    )}
                  </dl>
                  {s && s.overdueTasks.length > 0 && (
                    <div className="overdue-list">
                      <h3>Overdue</h3>
                      <ul>
                        {s.overdueTasks.map((t) => (
                          <li key={t.id}>
                            {t.title} <span className="overdue">due {t.dueDate}</span>
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                  <div className="row">
                    <button type="button" className="button" onClick={() => dispatch(boardOpened(project.id))}>
                      Open board
                    </button>
                    <button type="button" className="button" onClick={() => setEditing(project.id)} aria-label={`Edit ${project.name}`}>
                      Edit
                    </button>
                  </div>
                </>
              )}
            </article>
          );
        })}
      </div>
      {doneCount > 0 && (
        <p>
          <button type="button" className="link-button" onClick={() => setShowDone(!showDone)} aria-expanded={showDone}>
            {showDone ? 'Hide done projects' : `Show ${doneCount} done ${doneCount === 1 ? 'project' : 'projects'}`}
          </button>
        </p>
      )}
      <section className="card shortcuts" aria-labelledby="tracker-shortcuts-title">
        <h2 id="tracker-shortcuts-title">Keyboard shortcuts</h2>
        <dl className="facts">
          <dt>
            <kbd>Alt</kbd> + <kbd>1</kbd>…<kbd>6</kbd>
          </dt>
          <dd>{TRACKER_VIEWS.map((v) => v.label).join(', ')}</dd>
          <dt>
            <kbd>Alt</kbd> + <kbd>N</kbd>
          </dt>
          <dd>New task (on the board)</dd>
          <dt>
            <kbd>Alt</kbd> + <kbd>S</kbd>
          </dt>
          <dd>Stop the running timer</dd>
          <dt>
            <kbd>Space</kbd>, arrows, <kbd>Space</kbd>
          </dt>
          <dd>Pick up a focused card, move it, drop it</dd>
          <dt>
            <kbd>O</kbd>
          </dt>
          <dd>Open the focused card</dd>
        </dl>
      </section>
    </section>
  );
}

const COLOURS = ['#5b8cff', '#3ecf8e', '#f5b942', '#ff6b6b', '#b57bff', '#22b8cf'];

function NewProjectForm() {
  const dispatch = useAppDispatch();
  const count = useAppSelector((s) => s.tracker.projects.length);
  const [draft, setDraft] = useState({ name: '', client: '', colour: '', startDate: '', endDate: '' });
  const colour = draft.colour || COLOURS[count % COLOURS.length]!;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const input = { name: draft.name, client: draft.client, colour, startDate: draft.startDate || null, endDate: draft.endDate || null };
    const result = await dispatch(trackerCall((api) => api.tracker.createProject(input)));
    if (result.meta.requestStatus === 'fulfilled') setDraft({ name: '', client: '', colour: '', startDate: '', endDate: '' });
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="New project">
      <label className="grow">
        <span className="label">New project</span>
        <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="Project name" required maxLength={120} />
      </label>
      <label>
        <span className="label">Client</span>
        <input value={draft.client} onChange={(e) => setDraft({ ...draft, client: e.target.value })} maxLength={120} />
      </label>
      <label>
        <span className="label">Colour</span>
        <input type="color" value={colour} onChange={(e) => setDraft({ ...draft, colour: e.target.value })} />
      </label>
      <label>
        <span className="label">Start</span>
        <input type="date" value={draft.startDate} onChange={(e) => setDraft({ ...draft, startDate: e.target.value })} />
      </label>
      <label>
        <span className="label">End</span>
        <input type="date" value={draft.endDate} onChange={(e) => setDraft({ ...draft, endDate: e.target.value })} />
      </label>
      <button type="submit" className="button button--primary">
        Create project
      </button>
    </form>
  );
}
