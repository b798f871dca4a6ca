import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { checkForUpdates, installUpdate } from './updatesSlice';
import type { UpdateStatus } from '../../../common/ipc/contract';

function describe(status: UpdateStatus): string {
  switch (status.state) {
    case 'unsupported':
      return status.reason;
    case 'idle':
      return 'Not checked yet.';
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return `You are up to date (${status.version}).`;
    case 'downloading':
      return `Downloading ${status.version}…`;
    case 'ready':
      return `Version ${status.version} is ready to install.`;
    case 'error':
      return status.message;
  }
}

export function UpdatesCard() {
  const { status, error } = useAppSelector((s) => s.updates);
  const dispatch = useAppDispatch();
  return (
    <section className="card" aria-labelledby="updates-title">
      <h2 id="updates-title">Updates</h2>
      <p className="muted">{describe(status)}</p>
      {status.state === 'downloading' && (
        <progress max={100} value={status.percent} aria-label={`Update download ${Math.round(status.percent)}%`} />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        {status.state === 'ready' ? (
          <button type="button" className="button button--primary" onClick={() => void dispatch(installUpdate())}>
            Restart to install
          </button>
        ) : (
          <button
            type="button"
            className="button"
            disabled={status.state === 'unsupported' || status.state === 'checking' || status.state === 'downloading'}
            onClick={() => void dispatch(checkForUpdates())}
          >
            Check for updates
          </button>
        )}
      </div>
    </section>
  );
}
