import { useEffect, useRef, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { useTileMedia } from '../media/mediaRegistry';
import { SELF_TILE } from '../meetingSession';
import { currentSession, devicesChanged, leaveMeeting } from '../meetingRuntime';
import { onDeviceChange } from '../media/localMedia';
import { meetingsActions as A, type MeetingsState } from '../meetingsSlice';
import { CallRecorder } from '../recording/callRecorder';
import { ChatPanel } from './ChatPanel';
import { DevicePickers } from './DevicePickers';
import { ParticipantList } from './ParticipantList';
import { describePeer } from './peerStatus';
import { TransferPanel } from './TransferPanel';
import { VideoTile } from './VideoTile';
import { useCallShortcuts } from './useCallShortcuts';
import { RemoteViewer } from '../../remote/RemoteViewer';
import { RequestControl } from '../../remote/RequestControl';

type Panel = 'people' | 'chat' | 'files' | 'settings';

export function CallView() {
  const dispatch = useAppDispatch();
  const m = useAppSelector((s) => s.meetings);
  const [panel, setPanel] = useState<Panel>('people');
  const [copied, setCopied] = useState(false);
  const recorder = useRef<CallRecorder | null>(null);
  useCallShortcuts();

  useEffect(() => onDeviceChange(() => void dispatch(devicesChanged())), [dispatch]);

  useEffect(() => {
    if (panel === 'chat') dispatch(A.chatRead());
  }, [panel, m.chat.length, dispatch]);

  const session = currentSession();
  const pendingOffers = m.transfers.filter((t) => t.status === 'offered' || t.status === 'conflict').length;

  const toggleRecording = async () => {
    if (!session) return;
    if (recorder.current) {
      const r = recorder.current;
      recorder.current = null;
      session.announceRecording(false);
      dispatch(A.localChanged({ recording: false }));
      try {
        const saved = await r.stop();
        dispatch(A.recordingSaved(saved.path));
        dispatch(A.noticeShown(`Recording saved: ${saved.path}`));
      } catch (error) {
        dispatch(A.noticeShown(`Recording failed: ${error instanceof Error ? error.message : String(error)}`));
      }
      return;
    }
    const r = new CallRecorder(session.api, () => session.streamsForRecording());
    try {
      await r.start(m.roomId ?? 'call');
      recorder.current = r;
      session.announceRecording(true);
      dispatch(A.localChanged({ recording: true }));
    } catch (error) {
      dispatch(A.noticeShown(`Could not start recording: ${error instanceof Error ? error.message : String(error)}`));
    }
  };

  const copyInvite = async () => {
    if (!m.invite) return;
    await navigator.clipboard?.writeText(m.invite.link).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  const othersRecording = m.members.filter((x) => m.peers[x.memberId]?.recording).map((x) => x.displayName);

  return (
    <main className="call" aria-labelledby="call-title">
      <header className="call__header">
        <div>
          <h1 id="call-title" className="call__title">
            Meeting <code data-testid="room-id">{m.roomId}</code>
          </h1>
          {m.recordingPath && (
            <p className="muted call__invite">
              Last recording: <code data-testid="recording-path">{m.recordingPath}</code>
            </p>
          )}
          {m.invite && (
            <p className="muted call__invite">
              Invite: <code data-testid="invite-link">{m.invite.link}</code>{' '}
              <button type="button" className="link-button" onClick={() => void copyInvite()}>
                {copied ? 'Copied' : 'Copy link'}
              </button>
            </p>
          )}
        </div>
        {(m.local.recording || othersRecording.length > 0) && (
          <div className="recording-indicator" role="status" data-testid="recording-indicator">
            <span className="recording-indicator__dot" aria-hidden="true" /> Recording
            {othersRecording.length > 0 && ` by ${[...(m.local.recording ? ['you'] : []), ...othersRecording].join(', ')}`}
          </div>
        )}
      </header>
      <SignalingBanner signaling={m.signaling} />
      {m.local.videoCapped && (
        <div className="banner" role="status">
          More than {m.videoCap} people: cameras are paused to keep the call smooth. Audio and screen sharing continue.
        </div>
      )}
      <div className="call__body">
        <Stage />
        <aside className="call__side" aria-label="Meeting panels">
          <div className="tabs" role="tablist" aria-label="Panels">
            {(
              [
                ['people', `People (${m.members.length})`],
                ['chat', `Chat${m.chatUnread ? ` (${m.chatUnread})` : ''}`],
                ['files', `Files${pendingOffers ? ` (${pendingOffers})` : ''}`],
                ['settings', 'Devices'],
              ] as const
            ).map(([id, label]) => (
              <button key={id} type="button" role="tab" aria-selected={panel === id} aria-controls={`panel-${id}`} className={`tab${panel === id ? ' tab--active' : ''}`} onClick={() => setPanel(id)}>
                {label}
              </button>
            ))}
          </div>
          <div id={`panel-${panel}`} role="tabpanel" className="call__panel">
            {panel === 'people' && <ParticipantList />}
            {panel === 'chat' && <ChatPanel />}
            {panel === 'files' && <TransferPanel />}
            {panel === 'settings' && (
              <>
                <DevicePickers />
                <label className="field">
                  <span>Video cap (cameras pause above this many people)</span>
                  <input
                    type="number"
                    min={1}
                    max={6}
                    value={m.videoCap}
                    onChange={(e) => {
                      dispatch(A.videoCapChanged(Number(e.target.value)));
                      session?.setVideoCap(Number(e.target.value));
                    }}
                  />
                </label>
              </>
            )}
          </div>
        </aside>
      </div>
      <div className="call__controls" role="toolbar" aria-label="Call controls">
        <button type="button" className={`control${m.local.audio ? '' : ' control--off'}`} aria-pressed={!m.local.audio} onClick={() => void session?.setMuted(m.local.audio)} title="Mute (M); hold Space to talk while muted">
          {m.local.audio ? 'Mute' : 'Unmute'}
        </button>
        <button type="button" className={`control${m.local.video ? '' : ' control--off'}`} aria-pressed={!m.local.video} onClick={() => void session?.setCamera(!m.local.video)} title="Camera (V)">
          {m.local.video ? 'Stop camera' : 'Start camera'}
        </button>
        <button
          type="button"
          className={`control${m.local.screen ? ' control--on' : ''}`}
          aria-pressed={m.local.screen}
          onClick={() => void (m.local.screen ? session?.stopScreenShare() : session?.startScreenShare().catch((e: Error) => dispatch(A.noticeShown(`Screen sharing did not start: ${e.message}`))))}
        >
          {m.local.screen ? 'Stop sharing' : 'Share screen'}
        </button>
        <button type="button" className={`control${m.local.handRaised ? ' control--on' : ''}`} aria-pressed={m.local.handRaised} onClick={() => void session?.setHandRaised(!m.local.handRaised)} title="Raise hand (H)">
          {m.local.handRaised ? 'Lower hand' : 'Raise hand'}
        </button>
        <button type="button" className={`control${m.local.recording ? ' control--rec' : ''}`} aria-pressed={m.local.recording} onClick={() => void toggleRecording()}>
          {m.local.recording ? 'Stop recording' : 'Record'}
        </button>
        <button type="button" className="control" onClick={() => dispatch(A.viewChanged(m.view === 'grid' ? 'speaker' : 'grid'))}>
          {m.view === 'grid' ? 'Speaker view' : 'Grid view'}
        </button>
        <button type="button" className="control control--leave" onClick={() => void (recorder.current ? toggleRecording() : Promise.resolve()).then(() => dispatch(leaveMeeting()))}>
          Leave
        </button>
      </div>
      <Notices />
    </main>
  );
}

function SignalingBanner({ signaling }: { signaling: MeetingsState['signaling'] }) {
  if (signaling.state === 'connected' || signaling.state === 'idle') return null;
  const text =
    signaling.state === 'reconnecting'
      ? `Reconnecting to the meeting server: ${signaling.reason ?? 'connection lost'}. Your calls continue.`
      : signaling.state === 'closed'
        ? `Disconnected from the meeting server: ${signaling.reason ?? ''}`
        : 'Connecting…';
  return (
    <div className={`banner${signaling.state === 'closed' ? ' banner--error' : ''}`} role="status" data-testid="signaling-banner">
      {text}
    </div>
  );
}

function Notices() {
  const dispatch = useAppDispatch();
  const notices = useAppSelector((s) => s.meetings.notices);
  useEffect(() => {
    if (notices.length === 0) return;
    const first = notices[0]!;
    const timer = setTimeout(() => dispatch(A.noticeDismissed(first.id)), 6000);
    return () => clearTimeout(timer);
  }, [notices, dispatch]);
  return (
    <div className="notices" role="log" aria-live="polite" aria-label="Meeting notices">
      {notices.map((n) => (
        <div key={n.id} className="notice">
          {n.text}
        </div>
      ))}
    </div>
  );
}

function Stage() {
  const dispatch = useAppDispatch();
  const { members, selfId, peers, activeSpeaker, pinned, view, local, displayName } = useAppSelector((s) => s.meetings);
  const controlling = useAppSelector((s) => s.remote.controlling);
  const self = useTileMedia(SELF_TILE);
  const tiles: { key: string; node: (pinned: boolean) => React.ReactNode }[] = [];
  const sharers: string[] = [];

  if (local.screen) sharers.push(`${SELF_TILE}:screen`);
  const viewing = (memberId: string) => controlling[memberId]?.phase === 'granted';
  for (const member of members) {
    if (member.memberId !== selfId && (member.presence.screen || viewing(member.memberId))) sharers.push(`${member.memberId}:screen`);
  }
  // A screen we were given access to takes the stage until we pin something else.
  const viewed = members.find((m) => m.memberId !== selfId && viewing(m.memberId));
  // Speaker view always has someone on the stage: the last one heard, or before anyone has
  // been (everyone muted, a quiet start) the first of the others.
  const others = members.filter((m) => m.memberId !== selfId);
  const speaker = others.find((m) => m.memberId === activeSpeaker)?.memberId ?? others[0]?.memberId ?? null;
  const pin = pinned ?? (viewed ? `${viewed.memberId}:screen` : null) ?? sharers[0] ?? (view === 'speaker' ? speaker : null);

  tiles.push({
    key: SELF_TILE,
    node: (isPinned) => (
      <VideoTile
        tileId={SELF_TILE}
        stream={local.video ? self.camera : null}
        name={`${displayName} (you)`}
        muted
        mirrored
        kind="camera"
        pinned={isPinned}
        badges={!local.audio && <span className="tile__badge">Muted</span>}
      />
    ),
  });
  if (local.screen) {
    tiles.push({
      key: `${SELF_TILE}:screen`,
      // A whole display is not previewed: the preview would sit on the display it shows, a
      // picture of itself within itself that changes with every frame, so the sharer's page
      // would redraw a full-size video and the encoder would re-send the whole nest each time
      // the pointer moves (costly while the screen is remote-controlled).
      node: (isPinned) => (
        <VideoTile
          tileId={`${SELF_TILE}-screen`}
          stream={local.screenWholeDisplay ? null : self.screen}
          name="You"
          muted
          kind="screen"
          pinned={isPinned}
          placeholder={local.screenWholeDisplay ? <p className="tile__placeholder">You are sharing your whole screen</p> : undefined}
          onPin={() => dispatch(A.pinChanged(isPinned ? null : `${SELF_TILE}:screen`))}
        />
      ),
    });
  }
  for (const member of members) {
    if (member.memberId === selfId) continue;
    const peer = peers[member.memberId];
    tiles.push({
      key: member.memberId,
      node: (isPinned) => <RemoteTile memberId={member.memberId} name={member.displayName} audioOn={member.presence.audio} videoOn={member.presence.video} hand={member.presence.handRaised} peer={peer} active={activeSpeaker === member.memberId} pinned={isPinned} />,
    });
    if (viewing(member.memberId)) {
      tiles.push({ key: `${member.memberId}:screen`, node: () => <RemoteViewer memberId={member.memberId} name={member.displayName} /> });
    } else if (member.presence.screen) {
      tiles.push({
        key: `${member.memberId}:screen`,
        node: (isPinned) => <RemoteScreenTile memberId={member.memberId} name={member.displayName} pinned={isPinned} />,
      });
    }
  }

  const main = pin ? tiles.find((t) => t.key === pin) : undefined;
  const rest = main ? tiles.filter((t) => t !== main) : tiles;
  return (
    <section className={`stage${main ? ' stage--pinned' : ''}`} aria-label="Participants' video" data-testid="stage" data-view={view}>
      {main && <div className="stage__main">{main.node(true)}</div>}
      <div className={`stage__grid stage__grid--${Math.min(rest.length, 6)}`}>
        {rest.map((t) => (
          <div key={t.key} className="stage__cell">
            {t.node(false)}
          </div>
        ))}
      </div>
    </section>
  );
}

function RemoteTile(props: { memberId: string; name: string; audioOn: boolean; videoOn: boolean; hand: boolean; peer: MeetingsState['peers'][string] | undefined; active: boolean; pinned: boolean }) {
  const dispatch = useAppDispatch();
  const media = useTileMedia(props.memberId);
  const { peer } = props;
  const q = peer?.quality;
  const state = peer?.state ?? 'connecting';
  return (
    <VideoTile
      tileId={props.memberId}
      stream={media.camera}
      name={props.name}
      muted={false}
      kind="camera"
      videoOn={props.videoOn}
      active={props.active}
      pinned={props.pinned}
      onPin={() => dispatch(A.pinChanged(props.pinned ? null : props.memberId))}
      badges={
        <>
          {!props.audioOn && <span className="tile__badge">Muted</span>}
          {props.hand && <span className="tile__badge tile__badge--hand">Hand raised</span>}
        </>
      }
      status={state !== 'connected' ? <span className={`tile__state tile__state--${state}`}>{describePeer(peer)}</span> : q ? <span className="tile__quality">{describePeer(peer)}</span> : null}
      data={{ state, 'frames-decoded': q?.framesDecoded ?? 0, 'audio-energy': q?.audioEnergy ?? 0, rtt: q?.rttMs ?? undefined, path: q?.path ?? undefined }}
    />
  );
}

function RemoteScreenTile({ memberId, name, pinned }: { memberId: string; name: string; pinned: boolean }) {
  const dispatch = useAppDispatch();
  const media = useTileMedia(memberId);
  return (
    <VideoTile
      tileId={`${memberId}-screen`}
      stream={media.screen}
      name={name}
      muted
      kind="screen"
      pinned={pinned}
      onPin={() => dispatch(A.pinChanged(pinned ? null : `${memberId}:screen`))}
      badges={<RequestControl memberId={memberId} name={name} />}
    />
  );
}
