/**
 * The controller's view of another member's screen: fit or 1:1, one display at a time, and
 * pointer and keyboard captured while the view has focus (Shift+Esc gives them back). Input
 * goes out only within the grant; the controlled machine checks it again.
 */
import { useEffect, useRef, useState } from 'react';
import type { RemoteInput } from '../../../common/wire/remoteControl';
import { useAppSelector } from '../../app/hooks';
import { useTileMedia } from '../meetings/media/mediaRegistry';
import { currentSession } from '../meetings/meetingRuntime';
import { buttonOf, displayView, isReleaseChord, keyInput, pointToNormalised, wheelNotches } from './controllerInput';
import { ClipboardPanel } from './ClipboardPanel';
import { createMoveSender, hasRawPointerUpdates, type MoveSender } from './pointerMoves';

/** At most one pointer move per 8 ms (125 a second), well inside the host's input rate limit. */
const MOVE_INTERVAL_MS = 8;

type Zoom = 'fit' | 'actual';

export function RemoteViewer({ memberId, name }: { memberId: string; name: string }) {
  const state = useAppSelector((s) => s.remote.controlling[memberId]);
  const media = useTileMedia(memberId);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [chosen, setChosen] = useState<string | null>(null);
  const [captured, setCaptured] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const surface = useRef<HTMLDivElement>(null);
  const keysHeld = useRef(new Set<string>());
  const moves = useRef<MoveSender<RemoteInput> | null>(null);
  const fps = useFrameRate(video, media.screen);
  const videoSize = useVideoSize(video, media.screen);

  const displays = state?.displays ?? [];
  const display = displays.find((d) => d.id === chosen) ?? displays.find((d) => d.primary) ?? displays[0];
  const view = display ? displayView(displays, display.id, videoSize) : null;
  const canPoint = state?.scopes.includes('pointer') ?? false;
  const canType = state?.scopes.includes('keyboard') ?? false;

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    if (el.srcObject !== media.screen) el.srcObject = media.screen;
    if (media.screen) void el.play().catch(() => undefined);
  }, [media.screen]);

  const send = (event: RemoteInput) => currentSession()?.remote.input(memberId, event) ?? false;
  moves.current ??= createMoveSender<RemoteInput>(send, MOVE_INTERVAL_MS);
  useEffect(() => () => moves.current?.cancel(), []);

  // The frame has the display's shape (and its size under 1:1), so it is the picture's box.
  const at = (e: { clientX: number; clientY: number }) => {
    if (!frame.current || !view) return null;
    return pointToNormalised(e.clientX, e.clientY, frame.current.getBoundingClientRect(), view.picture);
  };

  const releaseKeys = () => {
    for (const code of [...keysHeld.current].reverse()) send({ kind: 'key', code, down: false, modifiers: [] });
    keysHeld.current.clear();
  };

  // Wheel events must be cancelled, which React's passive listener cannot do.
  useEffect(() => {
    const el = frame.current;
    if (!el || !canPoint) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { dx, dy } = wheelNotches(e.deltaX, e.deltaY, e.deltaMode);
      if (dx || dy) send({ kind: 'wheel', dx, dy });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  // Moves as the mouse reports them, not at the next frame (see pointerMoves.ts).
  useEffect(() => {
    const el = frame.current;
    if (!el || !canPoint || !hasRawPointerUpdates(el)) return;
    // The DOM typings call it a plain Event; it is a PointerEvent.
    const onRawMove = (e: Event) => {
      movedTo(e as PointerEvent);
    };
    el.addEventListener('pointerrawupdate', onRawMove);
    return () => el.removeEventListener('pointerrawupdate', onRawMove);
  });

  function movedTo(e: { clientX: number; clientY: number }) {
    if (!canPoint || !display) return;
    const p = at(e);
    if (p) moves.current?.move({ kind: 'pointer-move', display: display.id, ...p });
  }

  if (!state) return null;
  const pointer = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!canPoint || !display) return;
    if (e.type === 'pointermove') {
      if (!hasRawPointerUpdates(e.currentTarget)) movedTo(e);
      return;
    }
    const p = at(e);
    if (!p) return;
    const button = buttonOf(e.button);
    if (!button) return;
    e.preventDefault();
    moves.current?.flush();
    if (e.type === 'pointerdown') {
      e.currentTarget.setPointerCapture(e.pointerId);
      surface.current?.focus();
    }
    send({ kind: 'pointer-button', display: display.id, ...p, button, down: e.type === 'pointerdown' });
  };

  const key = (e: React.KeyboardEvent) => {
    if (isReleaseChord(e)) {
      releaseKeys();
      surface.current?.blur();
      return;
    }
    if (!canType) return;
    e.preventDefault();
    if (e.repeat) return; // the remote machine repeats a held key itself
    const input = keyInput(e);
    if (!input) return;
    if (input.down) keysHeld.current.add(input.code);
    else keysHeld.current.delete(input.code);
    send(input);
  };

  const rtt = state.rttMs;
  const quality = rtt === null ? 'unknown' : rtt < 60 ? 'good' : rtt < 150 ? 'fair' : 'poor';
  const controlling = canPoint || canType;
  return (
    <section className="viewer" aria-label={`${name}'s screen, remote control`} data-testid="remote-viewer" data-fps={fps}>
      <div className="viewer__bar" role="toolbar" aria-label="Remote control">
        <strong className="viewer__title">{controlling ? `Controlling ${name}` : `Viewing ${name}'s screen`}</strong>
        {state.reason && !controlling && <span className="muted">{state.reason}</span>}
        <span className={`viewer__latency viewer__latency--${quality}`} data-testid="remote-latency" title="Round trip to the controlled machine">
          {rtt === null ? '… ms' : `${Math.round(rtt)} ms`}
        </span>
        <span className="muted" title="Frames per second received">
          {fps} fps
        </span>
        <div className="segmented" role="group" aria-label="Zoom">
          <button type="button" aria-pressed={zoom === 'fit'} onClick={() => setZoom('fit')}>
            Fit
          </button>
          <button type="button" aria-pressed={zoom === 'actual'} onClick={() => setZoom('actual')}>
            1:1
          </button>
        </div>
        {displays.length > 1 && (
          <label className="viewer__display">
            <span>{view?.crop ? 'Display' : 'Shared display'}</span>
            <select value={display?.id} onChange={(e) => setChosen(e.target.value)}>
              {displays.map((d, i) => (
                <option key={d.id} value={d.id}>
                  {i + 1}: {d.id} ({Math.round(d.bounds.width * d.scaleFactor)}×{Math.round(d.bounds.height * d.scaleFactor)})
                </option>
              ))}
            </select>
          </label>
        )}
        {state.scopes.includes('clipboard') && <ClipboardPanel memberId={memberId} hostText={state.clipboard} />}
        <button type="button" className="button button--danger" onClick={() => currentSession()?.remote.stop(memberId)}>
          Stop
        </button>
      </div>
      <div
        ref={surface}
        className={`viewer__surface viewer__surface--${zoom}${captured ? ' viewer__surface--captured' : ''}`}
        tabIndex={0}
        role="application"
        aria-label={controlling ? `${name}'s screen. Click to control; Shift+Escape releases the keyboard.` : `${name}'s screen`}
        onFocus={() => setCaptured(controlling)}
        onBlur={() => {
          releaseKeys();
          setCaptured(false);
        }}
        onKeyDown={key}
        onKeyUp={key}
      >
        {!media.screen && <p className="viewer__waiting">Waiting for {name}'s screen…</p>}
        <div
          ref={frame}
          className="viewer__frame"
          data-testid="remote-frame"
          hidden={!media.screen}
          style={
            view
              ? {
                  aspectRatio: `${view.picture.width} / ${view.picture.height}`,
                  ['--picture-w' as string]: view.picture.width,
                  ['--picture-h' as string]: view.picture.height,
                  ...(zoom === 'actual' ? { width: `${view.picture.width}px`, height: `${view.picture.height}px` } : {}),
                }
              : undefined
          }
          onPointerMove={pointer}
          onPointerDown={pointer}
          onPointerUp={pointer}
          onContextMenu={(e) => canPoint && e.preventDefault()}
        >
          <video
            ref={video}
            className="viewer__video"
            autoPlay
            playsInline
            muted
            style={
              view?.crop
                ? {
                    width: `${100 / view.crop.width}%`,
                    height: `${100 / view.crop.height}%`,
                    left: `${(-view.crop.x / view.crop.width) * 100}%`,
                    top: `${(-view.crop.y / view.crop.height) * 100}%`,
                  }
                : undefined
            }
          />
        </div>
      </div>
      <p className="viewer__hint muted" aria-live="polite">
        {!controlling
          ? 'View only.'
          : captured
            ? 'Your keyboard and mouse go to the remote machine. Shift+Esc releases the keyboard.'
            : 'Click the screen to control it.'}
      </p>
    </section>
  );
}

/** The video's intrinsic size, which changes when the sender switches source or scales. */
function useVideoSize(video: React.RefObject<HTMLVideoElement | null>, stream: MediaStream | null): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const read = () => setSize((s) => (s.width === el.videoWidth && s.height === el.videoHeight ? s : { width: el.videoWidth, height: el.videoHeight }));
    read();
    el.addEventListener('resize', read);
    el.addEventListener('loadedmetadata', read);
    return () => {
      el.removeEventListener('resize', read);
      el.removeEventListener('loadedmetadata', read);
    };
  }, [video, stream]);
  return size;
}

/** Frames per second the video element presents, counted over the last second. */
function useFrameRate(video: React.RefObject<HTMLVideoElement | null>, stream: MediaStream | null): number {
  const [fps, setFps] = useState(0);
  useEffect(() => {
    const el = video.current;
    if (!el || !stream || !('requestVideoFrameCallback' in el)) return;
    let frames = 0;
    let handle = 0;
    const onFrame = () => {
      frames++;
      handle = el.requestVideoFrameCallback(onFrame);
    };
    handle = el.requestVideoFrameCallback(onFrame);
    const timer = setInterval(() => {
      setFps(frames);
      frames = 0;
    }, 1000);
    return () => {
      el.cancelVideoFrameCallback(handle);
      clearInterval(timer);
    };
  }, [video, stream]);
  return fps;
}
