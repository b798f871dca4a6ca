import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { onDeviceChange } from '../media/localMedia';
import { useTileMedia } from '../media/mediaRegistry';
import { SELF_TILE } from '../meetingSession';
import { joinMeeting, parseJoinInput, startPreview, stopPreview, switchDevices } from '../meetingRuntime';
import { meetingsActions as A } from '../meetingsSlice';
import { DevicePickers } from './DevicePickers';
import { VideoTile } from './VideoTile';

interface LobbyProps {
  /** Filled in from a meshwork:// link the app was opened with. */
  pendingLink: { roomId: string; code: string | null } | null;
}

export function Lobby({ pendingLink }: LobbyProps) {
  const dispatch = useAppDispatch();
  const { displayName, phase, error, recentRooms, relayOnly } = useAppSelector((s) => s.meetings);
  const media = useTileMedia(SELF_TILE);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [room, setRoom] = useState(pendingLink?.roomId ?? '');
  const [code, setCode] = useState(pendingLink?.code ?? '');
  const [inputError, setInputError] = useState<string | null>(null);

  useEffect(() => {
    void dispatch(startPreview()).then((r) => setPreviewError(typeof r.payload === 'string' ? r.payload : null));
    const off = onDeviceChange(() => void dispatch(switchDevices()));
    return () => {
      off();
      stopPreview();
    };
  }, [dispatch]);

  const busy = phase === 'joining';
  const join = (event: React.FormEvent) => {
    event.preventDefault();
    const target = parseJoinInput(room, code);
    if ('error' in target) return setInputError(target.error);
    setInputError(null);
    void dispatch(joinMeeting({ kind: 'join', roomId: target.roomId, invite: target.invite }));
  };

  return (
    <main className="content lobby" aria-labelledby="lobby-title">
      <header className="page-header">
        <h1 id="lobby-title">Meetings</h1>
        <p className="muted">Check your camera and microphone, then start a meeting or join one.</p>
      </header>
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
      <div className="lobby__grid">
        <section className="card lobby__preview" aria-label="Camera preview">
          <VideoTile tileId="preview" stream={media.camera} name={displayName || 'You'} muted kind="camera" mirrored />
          {previewError && (
            <p className="banner banner--error" role="alert">
              {previewError}
            </p>
          )}
          <DevicePickers />
        </section>
        <section className="card lobby__join" aria-label="Join or start">
          <label className="field">
            <span>Your name</span>
            <input value={displayName} maxLength={80} onChange={(e) => dispatch(A.displayNameChanged(e.target.value))} autoComplete="name" required />
          </label>
          <label className="field field--check">
            <input type="checkbox" checked={relayOnly} onChange={(e) => dispatch(A.relayOnlyChanged(e.target.checked))} />
            <span>Connect through the relay only (hides your address from the others)</span>
          </label>
          <button type="button" className="button button--primary" disabled={busy || !displayName.trim()} onClick={() => void dispatch(joinMeeting({ kind: 'create' }))}>
            {busy ? 'Joining…' : 'New meeting'}
          </button>
          <form className="lobby__form" onSubmit={join} aria-label="Join a meeting">
            <label className="field">
              <span>Meeting link or room id</span>
              <input value={room} onChange={(e) => setRoom(e.target.value)} placeholder="meshwork://join/… or room id" spellCheck={false} />
            </label>
            <label className="field">
              <span>Invite code</span>
              <input value={code} onChange={(e) => setCode(e.target.value)} spellCheck={false} />
            </label>
            {inputError && (
              <p className="field__error" role="alert">
                {inputError}
              </p>
            )}
            <button type="submit" className="button" disabled={busy || !displayName.trim() || !room.trim()}>
              Join
            </button>
          </form>
          {recentRooms.length > 0 && (
            <div className="lobby__recent">
              <h2 className="section-title">Recent meetings</h2>
              <ul aria-label="Recent meetings">
                {recentRooms.map((r) => (
                  <li key={r}>
                    <button type="button" className="link-button" onClick={() => setRoom(r)}>
                      {r}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </div>
    </main>
  );
}
