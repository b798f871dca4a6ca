import { useEffect, useRef, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { answerScreenPick } from './screenPickerSlice';

/**
 * The desktop shell's "what do you want to share?": screens and windows as thumbnails, system
 * audio where the OS offers it. Main accepts only a source it offered.
 */
export function ScreenPickerDialog() {
  const request = useAppSelector((s) => s.screenPicker.request);
  const dispatch = useAppDispatch();
  const dialog = useRef<HTMLDialogElement>(null);
  const [kind, setKind] = useState<'screen' | 'window'>('screen');
  const [selected, setSelected] = useState<string | null>(null);
  const [audio, setAudio] = useState(false);

  useEffect(() => {
    if (request && !dialog.current?.open) {
      setSelected(request.sources.find((s) => s.kind === 'screen')?.id ?? request.sources[0]?.id ?? null);
      setKind(request.sources.some((s) => s.kind === 'screen') ? 'screen' : 'window');
      dialog.current?.showModal();
    }
    if (!request && dialog.current?.open) dialog.current.close();
  }, [request]);

  if (!request) return <dialog ref={dialog} />;
  const answer = (sourceId: string | null) => void dispatch(answerScreenPick({ requestId: request.requestId, sourceId, audio }));
  const shown = request.sources.filter((s) => s.kind === kind);
  return (
    <dialog ref={dialog} className="modal modal--wide" aria-labelledby="screen-picker-title" onCancel={(e) => (e.preventDefault(), answer(null))}>
      <h2 id="screen-picker-title">Share your screen</h2>
      <p className="muted">Everyone in the meeting sees it until you stop sharing.</p>
      <div className="segmented" role="tablist" aria-label="Source kind">
        {(['screen', 'window'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={kind === k} aria-pressed={kind === k} onClick={() => setKind(k)}>
            {k === 'screen' ? 'Screens' : 'Windows'}
          </button>
        ))}
      </div>
      <ul className="source-grid" aria-label={kind === 'screen' ? 'Screens' : 'Windows'}>
        {shown.map((s) => (
          <li key={s.id}>
            <button type="button" className={`source${selected === s.id ? ' source--selected' : ''}`} aria-pressed={selected === s.id} onClick={() => setSelected(s.id)} onDoubleClick={() => answer(s.id)}>
              <img src={s.thumbnail} alt="" />
              <span>{s.name}</span>
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="muted">Nothing to share here.</li>}
      </ul>
      {request.audioAvailable && (
        <label className="check">
          <input type="checkbox" checked={audio} onChange={(e) => setAudio(e.target.checked)} /> Share system audio
        </label>
      )}
      <div className="row">
        <button type="button" className="button button--primary" disabled={!selected} onClick={() => answer(selected)}>
          Share
        </button>
        <button type="button" className="button" onClick={() => answer(null)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
