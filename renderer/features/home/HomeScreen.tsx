import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { UpdatesCard } from '../updates/UpdatesCard';
import { checkServerHealth, loadAppInfo } from './appInfoSlice';

export function HomeScreen() {
  const dispatch = useAppDispatch();
  const { info, health, status, error } = useAppSelector((s) => s.appInfo);

  useEffect(() => {
    void dispatch(loadAppInfo()).then(() => dispatch(checkServerHealth()));
  }, [dispatch]);

  return (
    <main className="content" aria-labelledby="home-title">
      <header className="page-header">
        <h1 id="home-title">Welcome to Meshwork</h1>
        <p className="muted">Meetings, remote desktop and your team&apos;s projects and time, in one place that works offline.</p>
      </header>

      {status === 'failed' && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}

      <div className="grid">
        <section className="card" aria-labelledby="about-title" data-testid="about-card">
          <h2 id="about-title">About this install</h2>
          {info ? (
            <dl className="facts">
              <dt>Version</dt>
              <dd data-testid="app-version">{info.version}</dd>
              <dt>Mode</dt>
              <dd data-testid="app-mode">
                <span className={`badge badge--${info.mode}`}>{info.mode === 'electron' ? 'Desktop' : 'Browser mode'}</span>
              </dd>
              <dt>Platform</dt>
              <dd>{info.platform}</dd>
              <dt>Runtime</dt>
              <dd>
                Node {info.runtime.node}
                {info.runtime.electron && ` · Electron ${info.runtime.electron}`}
              </dd>
            </dl>
          ) : (
            <p className="muted">{status === 'failed' ? 'Unavailable' : 'Loading…'}</p>
          )}
        </section>

        <section className="card" aria-labelledby="server-title" data-testid="server-card">
          <h2 id="server-title">Server</h2>
          {info && (
            <p className="muted">
              {info.embeddedServer ? 'Embedded server on this machine' : 'Configured server'}:{' '}
              <code>{info.serverUrl ?? 'none'}</code>
            </p>
          )}
          <p data-testid="server-status" className={health?.reachable && !health.accessError ? 'status status--ok' : 'status status--bad'}>
            <span className="dot" aria-hidden="true" />
            {health == null
              ? 'Checking…'
              : health.reachable
                ? health.accessError
                  ? `Reachable, but it will not let this install in · server ${health.version}`
                  : `Connected · ${health.latencyMs ?? '?'} ms · server ${health.version}`
                : health.error}
          </p>
          {health?.reachable && health.accessError && (
            <p className="muted" data-testid="server-access-error">
              {health.accessError}. Sync and meetings need the join code this server shows.
            </p>
          )}
          <div className="row">
            <button type="button" className="button" onClick={() => void dispatch(checkServerHealth())}>
              Check again
            </button>
          </div>
        </section>

        <UpdatesCard />

        <section className="card" aria-labelledby="shortcuts-title">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <dl className="facts">
            <dt>
              <kbd>Ctrl</kbd> + <kbd>Shift</kbd> + <kbd>L</kbd>
            </dt>
            <dd>Switch between dark and light themes</dd>
            <dt>
              <kbd>Ctrl</kbd> + <kbd>Shift</kbd> + <kbd>Esc</kbd>
            </dt>
            <dd>Stop anyone viewing or controlling this machine</dd>
          </dl>
        </section>
      </div>
    </main>
  );
}
