/** A task in full: edit its fields, assignees, comments, and the time logged on it. */
import { useEffect, useRef, useState } from 'react';
import { format } from 'date-fns';
import { TASK_STATUS_LABELS } from '../../../../common/tracker/schemas';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { formatDuration } from '../shared/format';
import { toggled } from '../shared/toggled';
import { useNow } from '../shared/useNow';
import { useTrackerQuery } from '../shared/useTrackerQuery';
import { startTimer, trackerCall } from '../trackerSlice';
import { CommentItem } from './CommentItem';

export function TaskDetail({ taskId, onClose }: { taskId: string; onClose: () => void }) {
  const dispatch = useAppDispatch();
  const task = useAppSelector((s) => s.tracker.tasks.find((t) => t.id === taskId));
  const members = useAppSelector((s) => s.tracker.members);
  const ref = useRef<HTMLDialogElement>(null);
  const now = useNow();
  const [draft, setDraft] = useState(() => ({
    title: task?.title ?? '',
    description: task?.description ?? '',
    dueDate: task?.dueDate ?? '',
    estimate: task?.estimateMinutes != null ? String(task.estimateMinutes / 60) : '',
    assigneeIds: task?.assigneeIds ?? [],
  }));
  const [comment, setComment] = useState('');
  const comments = useTrackerQuery(['comments'], (api) => api.tracker.listComments(taskId), taskId);
  const entries = useTrackerQuery(['timeEntries'], (api) => api.tracker.listEntries({ from: Date.UTC(2000, 0, 1), to: Date.UTC(2099, 0, 1), taskId }), taskId);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  if (!task) return null;
  const memberName = (id: string) => members.find((m) => m.id === id)?.name ?? 'Someone';
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const patch = {
      title: draft.title,
      description: draft.description,
      dueDate: draft.dueDate || null,
      estimateMinutes: draft.estimate ? Math.round(Number(draft.estimate) * 60) : null,
      assigneeIds: draft.assigneeIds,
    };
    const result = await dispatch(trackerCall((api) => api.tracker.updateTask(taskId, patch)));
    if (result.meta.requestStatus === 'fulfilled') onClose();
  };
  const total = (entries.data ?? []).reduce((sum, e) => sum + ((e.endedAt ?? now) - e.startedAt), 0);

  return (
    <dialog ref={ref} className="dialog dialog--wide" aria-labelledby="task-detail-title" onClose={onClose}>
      <form onSubmit={(e) => void save(e)}>
        <h2 id="task-detail-title">{task.title}</h2>
        <p className="muted">{TASK_STATUS_LABELS[task.status]}</p>
        <div className="form-grid">
          <label>
            <span className="label">Title</span>
            <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} required maxLength={200} />
          </label>
          <label>
            <span className="label">Due date</span>
            <input type="date" value={draft.dueDate} onChange={(e) => setDraft({ ...draft, dueDate: e.target.value })} />
          </label>
          <label>
            <span className="label">Estimate (hours)</span>
            <input type="number" min="0" step="0.25" value={draft.estimate} onChange={(e) => setDraft({ ...draft, estimate: e.target.value })} />
          </label>
          <label className="span-all">
            <span className="label">Description</span>
            <textarea rows={4} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
          </label>
          <fieldset className="span-all">
            <legend className="label">Assignees</legend>
            {members.map((m) => (
              <label key={m.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.assigneeIds.includes(m.id)}
                  onChange={() => setDraft({ ...draft, assigneeIds: toggled(draft.assigneeIds, m.id) })}
                />
                {m.name}
              </label>
            ))}
          </fieldset>
        </div>
        <div className="row">
          <button type="submit" className="button button--primary">
            Save
          </button>
          <button type="button" className="button" onClick={() => void dispatch(startTimer({ taskId })).then(onClose)}>
            Start timer
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="button button--danger push-right"
            onClick={() => void dispatch(trackerCall((api) => api.tracker.deleteTask(taskId))).then(onClose)}
          >
            Delete task
          </button>
        </div>
      </form>

      <div className="detail-columns">
        <section aria-labelledby="comments-title">
          <h3 id="comments-title">Comments</h3>
          <ul className="comment-list">
            {(comments.data ?? []).map((c) => (
              <CommentItem key={c.id} comment={c} author={memberName(c.memberId)} />
            ))}
            {comments.data?.length === 0 && <li className="muted">No comments yet.</li>}
          </ul>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void dispatch(trackerCall((api) => api.tracker.addComment({ taskId, body: comment }))).then((r) => r.meta.requestStatus === 'fulfilled' && setComment(''));
            }}
          >
            <label className="grow">
              <span className="visually-hidden">Comment</span>
              <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Write a comment" required />
            </label>
            <button type="submit" className="button">
              Comment
            </button>
          </form>
        </section>
        <section aria-labelledby="task-time-title">
          <h3 id="task-time-title">Time logged · {formatDuration(total)}</h3>
          <ul className="entry-mini-list">
            {(entries.data ?? []).map((e) => (
              <li key={e.id}>
                {format(e.startedAt, 'EEE d MMM, HH:mm')}–{e.endedAt ? format(e.endedAt, 'HH:mm') : 'running'} · {memberName(e.memberId)}
                <span className="push-right">{formatDuration((e.endedAt ?? now) - e.startedAt)}</span>
              </li>
            ))}
            {entries.data?.length === 0 && <li className="muted">No time logged yet.</li>}
          </ul>
        </section>
      </div>
    </dialog>
  );
}
