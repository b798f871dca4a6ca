/** Asked when the user comes back from idle time while a timer ran: keep, discard or split it. */
import { useEffect, useRef } from 'react';
import { format } from 'date-fns';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { formatDuration } from '../shared/format';
import { resolveIdle } from '../trackerSlice';

export function IdleDialog() {
  const dispatch = useAppDispatch();
  const idle = useAppSelector((s) => s.tracker.idle);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (idle && !dialog.open) dialog.showModal();
    if (!idle && dialog.open) dialog.close();
  }, [idle]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="idle-title" onCancel={(e) => e.preventDefault()}>
      {idle && (
        <>
          <h2 id="idle-title">You were away for {formatDuration(idle.returnedAt - idle.idleStart)}</h2>
          <p className="muted">
            From {format(idle.idleStart, 'HH:mm')} to {format(idle.returnedAt, 'HH:mm')} the timer kept running. What should happen to that time?
          </p>
          <div className="row">
            <button type="button" className="button" onClick={() => void dispatch(resolveIdle('keep'))}>
              Keep it
            </button>
            <button type="button" className="button" onClick={() => void dispatch(resolveIdle('split'))}>
              Split it off
            </button>
            <button type="button" className="button button--danger" onClick={() => void dispatch(resolveIdle('discard'))}>
              Discard it
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
