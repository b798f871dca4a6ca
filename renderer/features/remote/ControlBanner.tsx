import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { revokeRemote } from './remoteSlice';

/** Always visible while anyone views or controls this machine; one click (or Ctrl+Shift+Esc) ends it. */
export function ControlBanner() {
  const sessions = useAppSelector((s) => s.remote.sessions);
  const dispatch = useAppDispatch();
  const now = useNow(sessions.length > 0);
  if (sessions.length === 0) return null;
  const controlling = sessions.find((s) => s.scopes.includes('pointer') || s.scopes.includes('keyboard'));
  const shown = controlling ?? sessions[0];
  const paused = shown.pausedUntil !== null && shown.pausedUntil > now;
  const minutesLeft = Math.max(0, Math.ceil((shown.expiresAt - now) / 60_000));
  return (
    <div className="banner banner--control" role="alert" aria-live="assertive" data-testid="control-banner">
      <strong>{controlling ? `Controlled by ${shown.peerName}` : `${shown.peerName} can see your screen`}</strong>
      <span className="muted">
        {paused ? ' · paused while you use the machine' : ''} · {minutesLeft} min left
        {sessions.length > 1 ? ` · ${sessions.length - 1} more viewing` : ''}
      </span>
      <button type="button" className="button button--danger" onClick={() => void dispatch(revokeRemote(null))}>
        Stop now <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Esc</kbd>
      </button>
    </div>
  );
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0); // the clock may be stale from before the session began
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active]);
  return now;
}
