import { useEffect, useRef } from 'react';
import type { RemoteScope } from '../../../common/wire/remoteControl';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { answerConsent } from './remoteSlice';

const SCOPE_TEXT: Record<RemoteScope, string> = {
  view: 'See your screen',
  pointer: 'Move and click your mouse',
  keyboard: 'Type on your keyboard',
  clipboard: 'Read and write your clipboard',
};

/**
 * Browser mode's consent prompt. It is this machine's own page (served by the local host),
 * answering main's question; remote peers cannot reach it. Electron uses a native dialog.
 */
export function ConsentDialog() {
  const request = useAppSelector((s) => s.remote.consent[0]);
  const dispatch = useAppDispatch();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (request && !dialog.current?.open) dialog.current?.showModal();
    if (!request && dialog.current?.open) dialog.current.close();
  }, [request]);

  if (!request) return <dialog ref={dialog} />;
  const minutes = Math.round(request.durationSeconds / 60);
  const answer = (allow: boolean, scopes: RemoteScope[] = request.scopes) =>
    void dispatch(
      allow
        ? answerConsent({ requestId: request.requestId, allow: true, scopes, durationSeconds: request.durationSeconds })
        : answerConsent({ requestId: request.requestId, allow: false }),
    );
  return (
    <dialog ref={dialog} className="modal" aria-labelledby="consent-title" onCancel={(e) => (e.preventDefault(), answer(false))}>
      <h2 id="consent-title">{request.peerName} asks for remote access</h2>
      <ul className="scope-list">
        {request.scopes.map((scope) => (
          <li key={scope}>{SCOPE_TEXT[scope]}</li>
        ))}
      </ul>
      {request.note && <blockquote>{request.note}</blockquote>}
      <p className="muted">
        For up to {minutes} minute{minutes === 1 ? '' : 's'}. Stop it any time with the banner or Ctrl+Shift+Esc; using your own mouse or
        keyboard pauses it.
      </p>
      <div className="row">
        <button type="button" className="button button--primary" onClick={() => answer(true)}>
          Allow
        </button>
        {request.scopes.length > 1 && (
          <button type="button" className="button" onClick={() => answer(true, ['view'])}>
            View only
          </button>
        )}
        <button type="button" className="button" onClick={() => answer(false)} autoFocus>
          Deny
        </button>
      </div>
    </dialog>
  );
}
