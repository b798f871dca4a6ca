import { useEffect, useRef } from 'react';

interface VideoTileProps {
  tileId: string;
  stream: MediaStream | null;
  name: string;
  muted: boolean;
  kind: 'camera' | 'screen';
  badges?: React.ReactNode;
  status?: React.ReactNode;
  active?: boolean;
  pinned?: boolean;
  mirrored?: boolean;
  /** False when the sender says its camera is off: a receiver's track exists but carries nothing. */
  videoOn?: boolean;
  onPin?: () => void;
  /** Shown instead of the initial when there is no picture. */
  placeholder?: React.ReactNode;
  data?: Record<string, string | number | undefined>;
}

/** One person's camera or one shared screen. Local tiles are muted so we never hear ourselves. */
export function VideoTile({ tileId, stream, name, muted, kind, badges, status, active, pinned, mirrored, videoOn = true, onPin, placeholder, data }: VideoTileProps) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream) void el.play().catch(() => undefined);
  }, [stream]);
  const hasVideo = videoOn && Boolean(stream?.getVideoTracks().length);
  const dataAttrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <figure
      className={`tile tile--${kind}${active ? ' tile--active' : ''}${pinned ? ' tile--pinned' : ''}`}
      data-testid={`tile-${tileId}`}
      aria-label={kind === 'screen' ? `${name}'s screen` : name}
      {...dataAttrs}
    >
      <video ref={video} autoPlay playsInline muted={muted} className={mirrored ? 'tile__video tile__video--mirrored' : 'tile__video'} hidden={!hasVideo} />
      {!hasVideo &&
        (placeholder ?? (
          <div className="tile__avatar" aria-hidden="true">
            {name.slice(0, 1).toUpperCase()}
          </div>
        ))}
      <figcaption className="tile__caption">
        <span className="tile__name">{kind === 'screen' ? `${name} — screen` : name}</span>
        {badges}
      </figcaption>
      {status && <div className="tile__status">{status}</div>}
      {onPin && (
        <button type="button" className="tile__pin" onClick={onPin} aria-pressed={pinned} aria-label={pinned ? `Unpin ${name}` : `Pin ${name}`}>
          {pinned ? 'Unpin' : 'Pin'}
        </button>
      )}
    </figure>
  );
}
