import { useEffect, useState } from 'react';
import { useAppDispatch } from '../../../app/hooks';
import { chooseReceiveFolder, receiveSettings, setReceiveFolder } from '../meetingRuntime';

/**
 * The receive folder. The desktop app asks main for its native folder dialog; browser mode has
 * none, so the person types a path and main checks it (absolute, an existing writable folder).
 */
export function ReceiveFolderSetting() {
  const dispatch = useAppDispatch();
  const [folder, setFolder] = useState<string | null>(null);
  const [canPick, setCanPick] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void dispatch(receiveSettings())
      .unwrap()
      .then((s) => {
        setFolder(s.folder);
        setDraft(s.folder);
        setCanPick(s.canPickFolder);
      })
      .catch(() => undefined);
  }, [dispatch]);

  const apply = (result: Promise<{ folder: string } | null>) =>
    void result.then(
      (s) => {
        if (s) {
          setFolder(s.folder);
          setDraft(s.folder);
        }
        setError(null);
      },
      (e: Error) => setError(e.message),
    );

  return (
    <div className="transfers__folder" data-testid="receive-folder">
      <span className="muted">
        Received files are saved in <code data-testid="receive-folder-path">{folder ?? '…'}</code>
      </span>
      {canPick ? (
        <button type="button" className="button" onClick={() => apply(dispatch(chooseReceiveFolder()).unwrap())}>
          Change folder…
        </button>
      ) : (
        <form
          className="transfers__folder-form"
          onSubmit={(e) => {
            e.preventDefault();
            apply(dispatch(setReceiveFolder(draft.trim())).unwrap());
          }}
        >
          <label className="visually-hidden" htmlFor="receive-folder-input">
            Receive folder
          </label>
          <input id="receive-folder-input" value={draft} onChange={(e) => setDraft(e.target.value)} spellCheck={false} />
          <button type="submit" className="button" disabled={!draft.trim() || draft.trim() === folder}>
            Use folder
          </button>
        </form>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
