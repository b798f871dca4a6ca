import { useEffect, useRef, useState } from 'react';
import type { RemoteScope } from '../../../common/wire/remoteControl';
import { useAppSelector } from '../../app/hooks';
import { currentSession } from '../meetings/meetingRuntime';

const CHOICES: Array<[RemoteScope, string]> = [
  ['pointer', 'Mouse'],
  ['keyboard', 'Keyboard'],
  ['clipboard', 'Clipboard'],
];

/** Asks a member for access to their machine; their own app decides and shows who asked. */
export function RequestControl({ memberId, name }: { memberId: string; name: string }) {
  const state = useAppSelector((s) => s.remote.controlling[memberId]);
  const [open, setOpen] = useState(false);
  const [scopes, setScopes] = useState<RemoteScope[]>(['pointer', 'keyboard']);
  const [minutes, setMinutes] = useState(15);
  const [note, setNote] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);

  // A modal dialog sits in the top layer: no side panel or video tile can clip or cover it.
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);

  if (state?.phase === 'granted') return null;
  if (state?.phase === 'requesting') {
    return (
      <span className="tag" role="status">
        Waiting for {name} to answer…
      </span>
    );
  }
  const ask = (e: React.FormEvent) => {
    e.preventDefault();
    currentSession()?.remote.request(memberId, scopes.length ? scopes : ['view'], minutes * 60, note.trim() || undefined);
    setOpen(false);
  };
  const toggle = (scope: RemoteScope) => setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]));
  return (
    <span className="request-control">
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Request control
      </button>
      {state && (state.phase === 'denied' || state.phase === 'revoked' || state.phase === 'ended') && state.reason && (
        <span className="muted" role="status">
          {' '}
          {state.reason}
        </span>
      )}
      <dialog ref={dialog} className="modal" aria-label={`Ask ${name} for control`} onClose={() => setOpen(false)}>
        <form onSubmit={ask} aria-label={`Ask ${name} for control`}>
          <fieldset>
            <legend>Ask {name} for</legend>
            {CHOICES.map(([scope, label]) => (
              <label key={scope} className="check">
                <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} /> {label}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>For</span>
            <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {[5, 15, 30, 60].map((m) => (
                <option key={m} value={m}>
                  {m} minutes
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Why (shown to {name})</span>
            <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="row">
            <button type="submit" className="button button--primary">
              Ask
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </span>
  );
}
