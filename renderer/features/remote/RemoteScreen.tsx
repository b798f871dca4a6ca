/**
 * Remote desktop at a glance: whether this machine can be controlled (and why not), who has
 * access right now, and the audit log of every request, grant and end kept in the local store.
 */
import { formatDistanceToNowStrict } from 'date-fns';
import { useEffect, useState } from 'react';
import type { RemoteAuditEntry } from '../../../common/ipc/contract';
import type { RemoteStatus } from './remoteSlice';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { sectionChosen } from '../navigation/navSlice';
import { loadRemoteOverview, passControl, revokeRemote } from './remoteSlice';

const KIND_TEXT: Record<string, string> = {
  request: 'asked',
  grant: 'was granted',
  deny: 'was denied',
  revoke: 'was revoked',
  expire: 'expired',
  stop: 'stopped',
  pass: 'control passed',
  'dropped-input': 'input dropped',
};

export function RemoteScreen() {
  const dispatch = useAppDispatch();
  const sessions = useAppSelector((s) => s.remote.sessions);
  const [status, setStatus] = useState<RemoteStatus | null>(null);
  const [audit, setAudit] = useState<RemoteAuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void dispatch(loadRemoteOverview())
      .unwrap()
      .then(({ status: s, audit: a }) => {
        if (!live) return;
        setStatus(s);
        setAudit(a);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [dispatch, sessions]);

  return (
    <main className="content" aria-labelledby="remote-title">
      <header className="page-header">
        <h1 id="remote-title">Remote desktop</h1>
        <p className="muted">
          Control a member&apos;s computer from a meeting: open the meeting, then <strong>Request control</strong> on their name or shared
          screen. When someone asks for yours, you decide here on this machine, and can stop it any time with Ctrl+Shift+Esc.
        </p>
      </header>
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
      <div className="grid">
        <section className="card" aria-labelledby="remote-status-title" data-testid="remote-status">
          <h2 id="remote-status-title">This machine</h2>
          {!status ? (
            <p className="muted">Checking…</p>
          ) : status.available ? (
            <>
              <p className="status status--ok">
                <span className="dot" aria-hidden="true" /> Can be controlled (input through {status.backend})
              </p>
              <ul className="plain-list">
                {status.displays.map((d, i) => (
                  <li key={d.id}>
                    Display {i + 1}: {d.id} — {Math.round(d.bounds.width * d.scaleFactor)}×{Math.round(d.bounds.height * d.scaleFactor)}
                    {d.scaleFactor !== 1 && ` at ${d.scaleFactor}×`}
                    {d.primary && ' (primary)'}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="status status--bad">
              <span className="dot" aria-hidden="true" /> Cannot be controlled: {status.reason}
            </p>
          )}
          <button type="button" className="button" onClick={() => dispatch(sectionChosen('meetings'))}>
            Go to meetings
          </button>
        </section>

        <section className="card" aria-labelledby="remote-access-title">
          <h2 id="remote-access-title">Who has access now</h2>
          {sessions.length === 0 ? (
            <p className="muted">Nobody.</p>
          ) : (
            <ul className="plain-list">
              {sessions.map((s) => (
                <li key={s.sessionId} className="row">
                  <span>
                    <strong>{s.peerName}</strong> {s.controlling ? 'controls' : 'views'} · until {new Date(s.expiresAt).toLocaleTimeString()}
                  </span>
                  {!s.controlling && s.allowed.some((scope) => scope !== 'view') && (
                    <button type="button" className="button" onClick={() => void dispatch(passControl(s.sessionId))}>
                      Give control
                    </button>
                  )}
                  <button type="button" className="button button--danger" onClick={() => void dispatch(revokeRemote(s.sessionId))}>
                    Stop
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="remote-audit-title">
        <h2 id="remote-audit-title">Audit log</h2>
        {!audit ? (
          <p className="muted">Loading…</p>
        ) : audit.length === 0 ? (
          <p className="muted">No one has asked for access to this machine yet.</p>
        ) : (
          <table className="bucket-table" data-testid="remote-audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Access</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td title={new Date(e.at).toLocaleString()}>{formatDistanceToNowStrict(e.at, { addSuffix: true })}</td>
                  <td>{e.peerName}</td>
                  <td>{KIND_TEXT[e.kind] ?? e.kind}</td>
                  <td>{e.scopes.join(', ')}</td>
                  <td className="muted">{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
