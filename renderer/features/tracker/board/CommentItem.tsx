/** One comment in a task's discussion; its author can edit it in place or delete it. */
import { useState } from 'react';
import { format } from 'date-fns';
import type { Comment } from '../../../../common/tracker/schemas';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { trackerCall } from '../trackerSlice';

export function CommentItem({ comment, author }: { comment: Comment; author: string }) {
  const dispatch = useAppDispatch();
  const mine = useAppSelector((s) => s.tracker.me?.id === comment.memberId);
  const [draft, setDraft] = useState<string | null>(null);
  const edited = comment.updatedAt > comment.createdAt;

  return (
    <li aria-label={`Comment by ${author}`}>
      <strong>{author}</strong> <span className="muted">{format(comment.createdAt, 'd MMM HH:mm')}</span>
      {edited && (
        <span className="muted small" title={`Edited ${format(comment.updatedAt, 'd MMM HH:mm')}`}>
          {' '}
          · edited
        </span>
      )}
      {draft === null ? (
        <>
          <p>{comment.body}</p>
          {mine && (
            <div className="row row--tight">
              <button type="button" className="button button--small" onClick={() => setDraft(comment.body)}>
                Edit
              </button>
              <button type="button" className="button button--small button--danger" onClick={() => void dispatch(trackerCall((api) => api.tracker.deleteComment(comment.id)))}>
                Delete
              </button>
            </div>
          )}
        </>
      ) : (
        <form
          className="inline-form"
          aria-label="Edit comment"
          onKeyDown={(e) => {
            // Escape cancels the edit, not the whole task dialog around it.
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation();
            setDraft(null);
          }}
          onSubmit={(e) => {
            e.preventDefault();
            void dispatch(trackerCall((api) => api.tracker.updateComment(comment.id, { body: draft }))).then((r) => r.meta.requestStatus === 'fulfilled' && setDraft(null));
          }}
        >
          <label className="grow">
            <span className="visually-hidden">Comment text</span>
            <input value={draft} onChange={(e) => setDraft(e.target.value)} required autoFocus />
          </label>
          <button type="submit" className="button button--small button--primary">
            Save
          </button>
          <button type="button" className="button button--small" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}
