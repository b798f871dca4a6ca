/** Time tracker: a week of your entries (edit, split, delete with undo), manual entries, an editable timesheet grid. */
import { useState } from 'react';
import { addDays, addWeeks, format, startOfWeek } from 'date-fns';
import type { TimeEntry } from '../../../../common/tracker/schemas';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { formatDuration, fromLocalInput, localInput, taskTitle } from '../shared/format';
import { useNow } from '../shared/useNow';
import { useTrackerQuery } from '../shared/useTrackerQuery';
import { noticeShown, startTimer, trackerCall } from '../trackerSlice';
import { ImportEntriesButton } from './ImportEntriesButton';
import { ManualEntryForm } from './ManualEntryForm';
import { WeeklyTimesheet } from './WeeklyTimesheet';

export function TimeScreen() {
  const [weekStart, setWeekStart] = useState(() => startOfWeek(new Date(), { weekStartsOn: 1 }));
  const from = weekStart.getTime();
  const to = addWeeks(weekStart, 1).getTime();
  // This install's member's time only: once installs sync, the table holds the whole team's.
  const memberId = useAppSelector((s) => s.tracker.me?.id);
  const entries = useTrackerQuery(['timeEntries', 'tasks'], (api) => api.tracker.listEntries({ from, to, memberId }), `${from}|${memberId}`);
  const list = entries.data ?? [];
  const now = useNow();

  return (
    <section aria-label="Time tracker">
      <ManualEntryForm />
      <div className="toolbar">
        <button type="button" className="button" onClick={() => setWeekStart(addWeeks(weekStart, -1))} aria-label="Previous week">
          ←
        </button>
        <h2 className="toolbar__title">
          Week of {format(weekStart, 'd MMM yyyy')}
        </h2>
        <button type="button" className="button" onClick={() => setWeekStart(addWeeks(weekStart, 1))} aria-label="Next week">
          →
        </button>
        <button type="button" className="button" onClick={() => setWeekStart(startOfWeek(new Date(), { weekStartsOn: 1 }))}>
          This week
        </button>
        <span className="push-right" />
        <ImportEntriesButton />
      </div>
      <WeeklyTimesheet key={weekStart.toISOString()} weekStart={weekStart} entries={list} />
      <h2>Entries</h2>
      {list.length === 0 && <p className="muted">No time logged this week.</p>}
      {Array.from({ length: 7 }, (_, i) => addDays(weekStart, i)).map((day) => {
        const own = list.filter((e) => format(e.startedAt, 'yyyy-MM-dd') === format(day, 'yyyy-MM-dd'));
        if (own.length === 0) return null;
        return (
          <div key={day.toISOString()} className="day-group">
            <h3>
              {format(day, 'EEEE d MMM')} <span className="muted">· {formatDuration(own.reduce((s, e) => s + ((e.endedAt ?? now) - e.startedAt), 0))}</span>
            </h3>
            <ul className="entry-list">
              {own.map((e) => (
                <EntryRow key={e.id} entry={e} />
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

function EntryRow({ entry }: { entry: TimeEntry }) {
  const dispatch = useAppDispatch();
  const task = useAppSelector((s) => s.tracker.tasks.find((t) => t.id === entry.taskId));
  const project = useAppSelector((s) => s.tracker.projects.find((p) => p.id === entry.projectId));
  const [mode, setMode] = useState<'view' | 'edit' | 'split'>('view');
  const now = useNow();
  const [draft, setDraft] = useState(() => ({ start: localInput(entry.startedAt), end: localInput(entry.endedAt ?? Date.now()), description: entry.description, billable: entry.billable }));
  const [splitAt, setSplitAt] = useState(() => localInput(entry.startedAt + ((entry.endedAt ?? Date.now()) - entry.startedAt) / 2));
  const running = entry.endedAt === null;

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    // The inputs hold whole minutes: a time left as it was is not sent, or its seconds would be
    // cut off (and could then overlap the entry right before).
    const patch = {
      ...(draft.start !== localInput(entry.startedAt) ? { startedAt: fromLocalInput(draft.start) } : {}),
      ...(!running && draft.end !== localInput(entry.endedAt!) ? { endedAt: fromLocalInput(draft.end) } : {}),
      description: draft.description,
      billable: draft.billable,
    };
    const result = await dispatch(trackerCall((api) => api.tracker.updateEntry(entry.id, patch)));
    if (result.meta.requestStatus === 'fulfilled') setMode('view');
  };
  const split = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await dispatch(trackerCall((api) => api.tracker.splitEntry(entry.id, fromLocalInput(splitAt))));
    if (result.meta.requestStatus === 'fulfilled') setMode('view');
  };
  const remove = async () => {
    const result = await dispatch(trackerCall((api) => api.tracker.deleteEntry(entry.id)));
    if (result.meta.requestStatus === 'fulfilled') {
      dispatch(noticeShown({ kind: 'info', message: `Deleted ${formatDuration((entry.endedAt ?? Date.now()) - entry.startedAt)} on "${task?.title ?? 'a task'}".`, undoEntryId: entry.id }));
    }
  };

  return (
    <li className="entry" data-testid="time-entry">
      <div className="entry__main">
        <span className="swatch" style={{ background: project?.colour }} aria-hidden="true" />
        <div className="entry__what">
          <strong>{taskTitle(task, project !== undefined)}</strong> {project && <span className="muted">· {project.name}</span>}
          {entry.description && <div className="muted">{entry.description}</div>}
        </div>
        <span className="entry__when">
          {format(entry.startedAt, 'HH:mm')}–{running ? 'now' : format(entry.endedAt!, 'HH:mm')}
        </span>
        {!entry.billable && <span className="badge">non-billable</span>}
        <span className="entry__duration" data-testid="entry-duration">
          {formatDuration((entry.endedAt ?? now) - entry.startedAt)}
        </span>
        <div className="entry__actions">
          {!running && task && (
            <button
              type="button"
              className="button button--small"
              onClick={() => void dispatch(startTimer({ taskId: entry.taskId, description: entry.description }))}
              aria-label={`Continue ${task.title}`}
              title="Start the timer again on this task, with this description"
            >
              ▶ Continue
            </button>
          )}
          <button type="button" className="button button--small" onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')} aria-expanded={mode === 'edit'}>
            Edit
          </button>
          <button type="button" className="button button--small" onClick={() => setMode(mode === 'split' ? 'view' : 'split')} aria-expanded={mode === 'split'}>
            Split
          </button>
          <button type="button" className="button button--small button--danger" onClick={() => void remove()} disabled={running} title={running ? 'Stop the timer first' : undefined}>
            Delete
          </button>
        </div>
      </div>
      {mode === 'edit' && (
        <form className="inline-form" onSubmit={(e) => void save(e)} aria-label="Edit entry">
          <label>
            <span className="label">Start</span>
            <input type="datetime-local" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} required />
          </label>
          {!running && (
            <label>
              <span className="label">End</span>
              <input type="datetime-local" value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} required />
            </label>
          )}
          <label className="grow">
            <span className="label">Description</span>
            <input value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} maxLength={2000} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={draft.billable} onChange={(e) => setDraft({ ...draft, billable: e.target.checked })} />
            Billable
          </label>
          <button type="submit" className="button button--primary">
            Save
          </button>
        </form>
      )}
      {mode === 'split' && (
        <form className="inline-form" onSubmit={(e) => void split(e)} aria-label="Split entry">
          <label>
            <span className="label">Split at</span>
            <input type="datetime-local" value={splitAt} onChange={(e) => setSplitAt(e.target.value)} required />
          </label>
          <button type="submit" className="button button--primary">
            Split in two
          </button>
        </form>
      )}
    </li>
  );
}
