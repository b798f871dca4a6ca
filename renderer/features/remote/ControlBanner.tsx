import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { passControl, revokeRemote } from './remoteSlice';

/**
 * Always visible while anyone views or controls this machine; one click (or Ctrl+Shift+Esc)
 * ends it. With several people granted, one controls at a time and control can be handed on.
 */
export function ControlBanner() {
  const sessions = useAppSelector((s) => s.remote.sessions);
  const error = useAppSelector((s) => s.remote.error);
  const dispatch = useAppDispatch();
  const now = useNow(sessions.length > 0);
  if (sessions.length === 0) return null;
  const controller = sessions.find((s) => s.controlling);
  const shown = controller ?? sessions[0];
  const paused = shown.pausedUntil !== null && shown.pausedUntil > now;
  const minutesLeft = Math.max(0, Math.ceil((shown.expiresAt - now) / 60_000));
  const others = sessions.filter((s) => s !== shown);
  return (
    <div className="banner banner--control" role="alert" aria-live="assertive" data-testid="control-banner">
      <strong>{controller ? `Controlled by ${shown.peerName}` : `${shown.peerName} can see your screen`}</strong>
      <span className="muted">
        {paused ? ' · paused while you use the machine' : ''} · {minutesLeft} min left
      </span>
      {others.map((s) => (
        <span key={s.sessionId} className="banner__session">
          {s.peerName} {s.controlling ? 'controls' : 'views'}
          {!s.controlling && s.allowed.some((scope) => scope !== 'view') && (
            <button type="button" className="button" onClick={() => void dispatch(passControl(s.sessionId))}>
              Give control to {s.peerName}
            </button>
          )}
          <button type="button" className="button" onClick={() => void dispatch(revokeRemote(s.sessionId))} aria-label={`Stop ${s.peerName}'s access`}>
            Stop
          </button>
        </span>
      ))}
      {error && <span className="banner__error">{error}</span>}
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
