import { useAppSelector } from '../../app/hooks';

const MESSAGES = {
  connecting: 'Connecting to the Meshwork host…',
  reconnecting: 'Lost the connection to the Meshwork host. Reconnecting…',
  unauthorized: 'The Meshwork host refused this page. Open the link Meshwork printed when it started.',
} as const;

export function HostConnectionBanner() {
  const state = useAppSelector((s) => s.hostConnection.state);
  if (state === 'direct' || state === 'open') return null;
  return (
    <div className={`banner banner--${state === 'unauthorized' ? 'error' : 'warning'}`} role="status" aria-live="polite">
      {MESSAGES[state]}
    </div>
  );
}
