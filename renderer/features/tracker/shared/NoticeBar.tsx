/** The tracker's one line of feedback: errors from main in plain words, and "Undo" after a delete. */
import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { noticeDismissed, reminderDismissed, trackerCall } from '../trackerSlice';

export function NoticeBar() {
  const dispatch = useAppDispatch();
  const notice = useAppSelector((s) => s.tracker.notice);
  const reminder = useAppSelector((s) => s.tracker.reminder);

  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const timer = setTimeout(() => dispatch(noticeDismissed()), 10_000);
    return () => clearTimeout(timer);
  }, [dispatch, notice]);

  return (
    <>
      {reminder && (
        <div className="notice notice--info" role="status">
          <span>{reminder}</span>
          <button type="button" className="button button--small" onClick={() => dispatch(reminderDismissed())}>
            Dismiss
          </button>
        </div>
      )}
      {notice && (
        <div className={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="tracker-notice">
          <span>{notice.message}</span>
          {notice.undoEntryId && (
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                const id = notice.undoEntryId!;
                dispatch(noticeDismissed());
                void dispatch(trackerCall((api) => api.tracker.restoreEntry(id)));
              }}
            >
              Undo
            </button>
          )}
          <button type="button" className="icon-button icon-button--small" aria-label="Dismiss" onClick={() => dispatch(noticeDismissed())}>
            ×
          </button>
        </div>
      )}
    </>
  );
}
