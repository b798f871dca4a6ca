/**
 * One meeting, from join to leave: the signaling client, the peer mesh, the local media, the
 * chat and the features riding on the mesh. It owns the live objects and reports what the UI
 * needs through Redux actions.
 */
import { formatJoinLink } from '../../../common/links';
import type { MeshworkApi } from '../../../common/ipc/contract';
import { toChatMessage, type ChatEntry, type ChatMessage } from '../../../common/wire/chat';
import { entriesFromHistory, entryFromLiveMessage, type KnownMember } from './chat/chatProvenance';
import type { MeetingMessage } from '../../../common/wire/meeting';
import type { MemberView, RoomView } from '../../../common/wire/signaling';
import type { AppDispatch } from '../../app/store';
import { mediaRegistry } from './media/mediaRegistry';
import { PeerMesh } from './mesh/peerMesh';
import type { MediaSlot, PeerLink } from './mesh/peerLink';
import { measurePeer, videoBudget, type StatsSample } from './mesh/peerStats';
import { meetingsActions as A } from './meetingsSlice';
import { SignalingClient } from './signaling/signalingClient';
import { FileTransfers } from './transfer/fileTransfers';
import { MeetingRemote } from '../remote/meetingRemote';
import { remoteActions } from '../remote/remoteSlice';
import type { RemoteSession } from '../../../common/ipc/contract';

export type JoinTarget = { kind: 'create' } | { kind: 'join'; roomId: string; invite: string | null };

export interface MeetingSessionOptions {
  api: MeshworkApi;
  dispatch: AppDispatch;
  displayName: string;
  /** The camera/microphone stream from the lobby (may be null: joining without devices). */
  localStream: MediaStream | null;
  videoCap: number;
  /** Relay-only ICE (TURN): hides this machine's addresses from the other members. */
  relayOnly?: boolean;
  getChat: () => ChatEntry[];
  /** The call ended, whoever ended it (the person, the server, a failed resume). */
  onEnded?: () => void;
}

export const SELF_TILE = 'self';
/** A shared screen is mostly still; a controlled one must follow the pointer. */
const SCREEN_FPS = 15;
const CONTROLLED_SCREEN_FPS = 30;

export class MeetingSession {
  private signaling: SignalingClient | null = null;
  private mesh: PeerMesh | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private readonly samples = new Map<string, StatsSample>();
  private readonly remoteStreams = new Map<string, { camera: MediaStream; screen: MediaStream }>();
  private members: MemberView[] = [];
  private selfId: string | null = null;
  private roomId: string | null = null;
  private localStream: MediaStream | null;
  private screenStream: MediaStream | null = null;
  private cameraOn = true;
  private handRaised = false;
  private videoCapped = false;
  private left = false;
  readonly transfers: FileTransfers;
  readonly remote: MeetingRemote;
  private stopWatchingRemote: (() => void) | null = null;
  /** The screen share was started because someone was granted access, not by the person. */
  private sharingForRemote = false;

  constructor(private readonly options: MeetingSessionOptions) {
    this.localStream = options.localStream;
    this.remote = new MeetingRemote({ api: options.api, dispatch: options.dispatch, nameOf: (id) => this.nameOf(id) });
    this.transfers = new FileTransfers({
      api: options.api,
      dispatch: options.dispatch,
      send: (to, message) => this.mesh?.sendTo(to, message) ?? false,
      link: (id) => this.mesh?.link(id),
      nameOf: (id) => this.nameOf(id),
    });
  }

  private nameOf(memberId: string): string {
    return this.members.find((m) => m.memberId === memberId)?.displayName ?? memberId;
  }

  get api(): MeshworkApi {
    return this.options.api;
  }

  get room(): string | null {
    return this.roomId;
  }

  async start(target: JoinTarget): Promise<void> {
    const { api, dispatch, displayName } = this.options;
    const userId = clientId();
    const first = await api.meetings.token(displayName, userId);
    let token: string | null = first.accessToken;
    const signaling = new SignalingClient({
      serverUrl: first.serverUrl,
      // The first hello uses the token fetched above; reconnects ask main for a fresh one.
      getToken: async () => {
        if (token) {
          const t = token;
          token = null;
          return t;
        }
        return (await api.meetings.token(displayName, userId)).accessToken;
      },
      events: {
        state: (state, reason) => dispatch(A.signalingChanged({ state, reason })),
        room: (room) => this.onRoom(room),
        signal: (from, signal) => this.mesh?.onSignal(from, signal),
        resumed: (room) => {
          this.onRoom(room);
          this.mesh?.restartStale();
        },
        left: (reason) => void this.leave(`You left the meeting: ${reason}`),
      },
    });
    this.signaling = signaling;
    await signaling.connect();
    const iceServers = await signaling.iceServers();
    const room = target.kind === 'create' ? await signaling.createRoom() : await signaling.joinRoom(target.roomId, target.invite);
    const seat = signaling.seat!;
    this.selfId = seat.memberId;
    this.roomId = room.roomId;
    if (this.options.relayOnly && !iceServers.some((s) => s.urls.some((u) => /^turns?:/.test(u)))) {
      throw new Error('Relay-only needs a TURN server, and the signaling server offers none');
    }
    this.mesh = new PeerMesh(seat.memberId, iceServers, this.options.relayOnly ? 'relay' : 'all', {
      signal: (to, payload) => signaling.signal(to, payload),
      peerState: (memberId, state, reason) => {
        dispatch(A.peerStateChanged({ memberId, state, reason }));
        if (state === 'connected') this.onPeerConnected(memberId);
        if (state === 'failed') this.transfers.peerDisconnected(memberId);
      },
      track: (memberId, slot, track) => this.onRemoteTrack(memberId, slot, track),
      peerGone: (memberId) => this.onPeerGone(memberId),
      message: (memberId, message) => this.onMessage(memberId, message),
      linkCreated: (memberId, link) => this.onLinkCreated(memberId, link),
    });
    await this.mesh.setTrack('audio', this.localStream?.getAudioTracks()[0] ?? null);
    await this.mesh.setTrack('camera', this.localStream?.getVideoTracks()[0] ?? null);
    mediaRegistry.set(SELF_TILE, 'camera', this.localStream);
    this.cameraOn = (this.localStream?.getVideoTracks().length ?? 0) > 0;
    dispatch(A.localChanged({ audio: (this.localStream?.getAudioTracks().length ?? 0) > 0, video: this.cameraOn }));
    const history = await api.meetings.chatHistory(room.roomId).catch(() => []);
    dispatch(A.chatReceived({ messages: history, unread: false }));
    dispatch(A.joined({ roomId: room.roomId, selfId: seat.memberId, members: room.members }));
    this.onRoom(room);
    void this.publishPresence();
    this.statsTimer = setInterval(() => void this.measure(), 1000);
    this.stopWatchingRemote = api.on('remote.sessions', (sessions) => void this.onRemoteSessions(sessions));
    void this.makeInvite();
    this.exposeDebugHooks();
  }

  /**
   * Tests (and people chasing a bug) can cut one peer connection to watch the call recover.
   * Only when debugging was switched on for this origin (`localStorage['meshwork.debug']`).
   */
  private exposeDebugHooks(): void {
    let enabled = false;
    try {
      enabled = localStorage.getItem('meshwork.debug') === '1';
    } catch {
      enabled = false;
    }
    if (!enabled) return;
    (window as unknown as { meshworkDebug: unknown }).meshworkDebug = {
      dropPeer: (memberId: string) => this.mesh?.link(memberId)?.peer.destroy(new Error('Dropped for debugging')),
      selfId: () => this.selfId,
      /** Sends a raw frame on a member's remote-control channel, past our own controller's checks. */
      remoteSend: (memberId: string, frame: unknown) => this.remote.rawChannel(memberId)?.send(JSON.stringify(frame)),
      remoteState: (memberId: string) => this.remote.state(memberId),
      /** Which connection carries a member's link now, and how often it restarted ICE. */
      linkInfo: (memberId: string) => {
        const link = this.mesh?.link(memberId);
        return link ? { serial: link.serial, iceRestarts: link.iceRestarts, state: link.state, ice: link.pc.iceConnectionState, initiator: link.initiator } : null;
      },
      /** What each link's camera sender is allowed (bandwidth adaptation). */
      cameraEncodings: () =>
        Object.fromEntries(
          (this.mesh?.allLinks() ?? []).map(([id, link]) => {
            const sender = link.sender('camera');
            const encoding = sender?.getParameters().encodings?.[0];
            return [id, { sending: Boolean(sender?.track), maxBitrate: encoding?.maxBitrate ?? null, scale: encoding?.scaleResolutionDownBy ?? null }];
          }),
        ),
    };
  }

  private async makeInvite(): Promise<void> {
    try {
      const invite = await this.signaling!.invite();
      const link = formatJoinLink({ room: this.roomId!, code: invite.code, server: null });
      this.options.dispatch(A.inviteReady({ code: invite.code, link }));
    } catch {
      // Guests may not invite; the room id alone is then shown.
    }
  }

  private onRoom(room: RoomView): void {
    if (!this.selfId || this.left) return;
    this.members = room.members;
    this.options.dispatch(A.roomChanged({ members: room.members, selfId: this.selfId }));
    this.mesh?.syncMembers(room.members);
    void this.adaptBandwidth();
  }

  private onLinkCreated(memberId: string, link: PeerLink): void {
    this.transfers.attach(memberId, link);
    this.remote.attach(memberId, link);
  }

  /**
   * Someone in this meeting was granted access to this machine: they need to see the screen,
   * smoothly. Share it if it is not shared yet (the browser may want a click: then say so).
   */
  private async onRemoteSessions(sessions: RemoteSession[]): Promise<void> {
    const here = sessions.filter((s) => this.members.some((m) => m.memberId === s.peerId));
    if (here.length === 0) {
      // A share that began only for remote control ends with it; one the person began stays.
      if (this.sharingForRemote) await this.stopScreenShare();
      else await this.screenStream?.getVideoTracks()[0]?.applyConstraints({ frameRate: { ideal: SCREEN_FPS } }).catch(() => undefined);
      return;
    }
    if (!this.screenStream) {
      try {
        await this.startScreenShare();
        this.sharingForRemote = true;
      } catch {
        this.options.dispatch(A.noticeShown(`Share your screen so ${here.map((s) => s.peerName).join(', ')} can see it`));
      }
    }
    await this.screenStream?.getVideoTracks()[0]?.applyConstraints({ frameRate: { ideal: CONTROLLED_SCREEN_FPS } }).catch(() => undefined);
  }

  private onPeerConnected(memberId: string): void {
    // Ask what was said before we came; answers merge by message id.
    this.mesh?.sendTo(memberId, { type: 'chat.history.request' });
    if (this.recordingActive) this.mesh?.sendTo(memberId, { type: 'recording', recording: true });
    this.transfers.peerConnected(memberId);
    void this.adaptBandwidth();
  }

  private onRemoteTrack(memberId: string, slot: MediaSlot, track: MediaStreamTrack): void {
    let streams = this.remoteStreams.get(memberId);
    if (!streams) this.remoteStreams.set(memberId, (streams = { camera: new MediaStream(), screen: new MediaStream() }));
    const stream = slot === 'screen' ? streams.screen : streams.camera;
    for (const old of stream.getTracks()) if (old.kind === track.kind && old !== track) stream.removeTrack(old);
    if (!stream.getTracks().includes(track)) stream.addTrack(track);
    // A new MediaStream object makes the tile's <video> pick up the changed track list.
    const fresh = new MediaStream(stream.getTracks());
    if (slot === 'screen') streams.screen = fresh;
    else streams.camera = fresh;
    mediaRegistry.set(memberId, slot === 'screen' ? 'screen' : 'camera', fresh);
  }

  private onPeerGone(memberId: string): void {
    this.remoteStreams.delete(memberId);
    this.samples.delete(memberId);
    mediaRegistry.remove(memberId);
    this.transfers.peerGone(memberId);
    this.remote.detach(memberId);
  }

  /** A member as the signaling server describes them (the name comes from their token). */
  private known(memberId: string): KnownMember {
    return { memberId, name: this.members.find((m) => m.memberId === memberId)?.displayName ?? 'Unknown member' };
  }

  private onMessage(memberId: string, message: MeetingMessage): void {
    const { dispatch, api } = this.options;
    switch (message.type) {
      case 'chat.message': {
        // The author is the member whose connection carried it, never what the message claims.
        const entry = entryFromLiveMessage(message.message, this.known(memberId));
        if (!entry) return;
        dispatch(A.chatReceived({ messages: [entry], unread: true }));
        if (this.roomId) void api.meetings.chatAppend(this.roomId, [entry]).catch(() => undefined);
        return;
      }
      case 'chat.history.request':
        for (const page of pageChatHistory(this.options.getChat().map(toChatMessage))) this.mesh?.sendTo(memberId, { type: 'chat.history', messages: page });
        return;
      case 'chat.history': {
        // History is the relayer's word: what others said is kept as "history from <relayer>".
        const entries = entriesFromHistory(message.messages, this.known(memberId), this.selfId);
        if (entries.length === 0) return;
        dispatch(A.chatReceived({ messages: entries, unread: false }));
        if (this.roomId) void api.meetings.chatAppend(this.roomId, entries).catch(() => undefined);
        return;
      }
      case 'recording':
        dispatch(A.peerRecording({ memberId, recording: message.recording }));
        return;
      default:
        this.transfers.onControl(memberId, message);
    }
  }

  sendChat(text: string): void {
    const trimmed = text.trim();
    if (!trimmed || !this.selfId || !this.roomId) return;
    const message: ChatMessage = {
      id: randomId(20),
      from: this.selfId,
      fromName: this.options.displayName,
      text: trimmed.slice(0, 4000),
      sentAt: Date.now(),
    };
    const entry: ChatEntry = { ...message, via: null };
    this.options.dispatch(A.chatReceived({ messages: [entry], unread: false }));
    this.mesh?.broadcast({ type: 'chat.message', message });
    void this.options.api.meetings.chatAppend(this.roomId, [entry]).catch(() => undefined);
  }

  async setMuted(muted: boolean): Promise<void> {
    for (const track of this.localStream?.getAudioTracks() ?? []) track.enabled = !muted;
    this.options.dispatch(A.localChanged({ audio: !muted }));
    await this.publishPresence();
  }

  async setCamera(on: boolean): Promise<void> {
    this.cameraOn = on;
    for (const track of this.localStream?.getVideoTracks() ?? []) track.enabled = on;
    this.options.dispatch(A.localChanged({ video: on }));
    await this.applyVideoCap();
    await this.publishPresence();
  }

  async setHandRaised(raised: boolean): Promise<void> {
    this.handRaised = raised;
    this.options.dispatch(A.localChanged({ handRaised: raised }));
    await this.publishPresence();
  }

  hasEndedLocalTrack(): boolean {
    return this.localStream?.getTracks().some((t) => t.readyState === 'ended') ?? false;
  }

  /** A new camera or microphone (picked in the call, or the old one unplugged). */
  async replaceLocalStream(stream: MediaStream): Promise<void> {
    const old = this.localStream;
    this.localStream = stream;
    const audio = stream.getAudioTracks()[0] ?? null;
    const video = stream.getVideoTracks()[0] ?? null;
    if (audio && old) audio.enabled = old.getAudioTracks()[0]?.enabled ?? true;
    if (video) video.enabled = this.cameraOn;
    await this.mesh?.setTrack('audio', audio);
    await this.applyVideoCap();
    mediaRegistry.set(SELF_TILE, 'camera', stream);
    for (const track of old?.getTracks() ?? []) if (!stream.getTracks().includes(track)) track.stop();
  }

  async startScreenShare(): Promise<void> {
    if (this.screenStream) return;
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: SCREEN_FPS } }, audio: false });
    this.screenStream = stream;
    const track = stream.getVideoTracks()[0]!;
    track.contentHint = 'detail';
    track.addEventListener('ended', () => void this.stopScreenShare());
    await this.mesh?.setTrack('screen', track);
    mediaRegistry.set(SELF_TILE, 'screen', stream);
    this.options.dispatch(A.localChanged({ screen: true, screenWholeDisplay: track.getSettings().displaySurface === 'monitor' }));
    await this.publishPresence();
  }

  async stopScreenShare(): Promise<void> {
    const stream = this.screenStream;
    if (!stream) return;
    this.screenStream = null;
    this.sharingForRemote = false;
    for (const track of stream.getTracks()) track.stop();
    await this.mesh?.setTrack('screen', null);
    mediaRegistry.set(SELF_TILE, 'screen', null);
    this.options.dispatch(A.localChanged({ screen: false, screenWholeDisplay: false }));
    await this.publishPresence();
  }

  private recordingActive = false;

  /** Tells every member that this member records (or stopped); late joiners are told on connect. */
  announceRecording(recording: boolean): void {
    this.recordingActive = recording;
    this.mesh?.broadcast({ type: 'recording', recording });
  }

  /** Everything a recording composites: every tile's media. */
  streamsForRecording(): MediaStream[] {
    const streams: MediaStream[] = [];
    if (this.localStream) streams.push(this.localStream);
    if (this.screenStream) streams.push(this.screenStream);
    for (const s of this.remoteStreams.values()) streams.push(s.camera, s.screen);
    return streams;
  }

  setVideoCap(cap: number): void {
    if (!Number.isFinite(cap)) return;
    this.options.videoCap = Math.max(1, Math.min(6, Math.round(cap)));
    void this.applyVideoCap();
  }

  async leave(reason: string | null = null): Promise<void> {
    if (this.left) return;
    this.left = true;
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.transfers.dispose();
    this.stopWatchingRemote?.();
    this.remote.dispose();
    this.options.dispatch(remoteActions.controllersCleared());
    this.mesh?.close();
    await this.signaling?.leave().catch(() => undefined);
    this.signaling?.close();
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
    for (const track of this.screenStream?.getTracks() ?? []) track.stop();
    mediaRegistry.clear();
    this.options.dispatch(A.left(reason));
    this.options.onEnded?.();
  }

  /**
   * Always the whole presence: the server parses `room.presence` with a partial schema whose
   * defaults fill the missing fields, so sending one field would reset the others.
   */
  private async publishPresence(): Promise<void> {
    const audio = this.localStream?.getAudioTracks().some((t) => t.enabled && t.readyState === 'live') ?? false;
    const video = this.cameraOn && !this.videoCapped && (this.localStream?.getVideoTracks().length ?? 0) > 0;
    await this.signaling?.presence({ audio, video, screen: this.screenStream !== null, handRaised: this.handRaised }).catch(() => undefined);
  }

  /** Above the video cap the camera stops sending: audio and screen shares carry the call. */
  private async applyVideoCap(): Promise<void> {
    const capped = this.members.length > this.options.videoCap;
    if (capped !== this.videoCapped) {
      this.videoCapped = capped;
      this.options.dispatch(A.localChanged({ videoCapped: capped }));
      this.options.dispatch(
        A.noticeShown(capped ? `Cameras paused: more than ${this.options.videoCap} people (audio and screen sharing continue)` : 'Cameras back on'),
      );
      void this.publishPresence();
    }
    const camera = this.localStream?.getVideoTracks()[0] ?? null;
    await this.mesh?.setTrack('camera', capped ? null : camera);
  }

  /** Each extra peer is another upload: lower the per-peer bitrate and resolution as the mesh grows. */
  private async adaptBandwidth(): Promise<void> {
    await this.applyVideoCap();
    const links = this.mesh?.allLinks() ?? [];
    const budget = videoBudget(links.length);
    for (const [, link] of links) {
      const sender = link.sender('camera');
      if (!sender) continue;
      const params = sender.getParameters();
      if (!params.encodings?.length) continue;
      const encoding = params.encodings[0]!;
      if (encoding.maxBitrate === budget.maxBitrate && encoding.scaleResolutionDownBy === budget.scaleResolutionDownBy) continue;
      encoding.maxBitrate = budget.maxBitrate;
      encoding.scaleResolutionDownBy = budget.scaleResolutionDownBy;
      await sender.setParameters(params).catch(() => undefined);
    }
  }

  private async measure(): Promise<void> {
    const links = this.mesh?.allLinks() ?? [];
    const results = await Promise.all(
      links.map(async ([memberId, link]) => {
        if (link.state === 'closed' || link.state === 'failed') return null;
        try {
          const { quality, sample } = await measurePeer(link.pc, this.samples.get(memberId) ?? null);
          this.samples.set(memberId, sample);
          return { memberId, quality };
        } catch {
          return null;
        }
      }),
    );
    if (!this.left) this.options.dispatch(A.peerQualityMeasured(results.filter((r) => r !== null)));
  }
}

/** Data-channel messages must stay small (Chromium closes a channel on one over 256 KiB). */
const HISTORY_PAGE_BYTES = 48 * 1024;

export function pageChatHistory(messages: readonly ChatMessage[]): ChatMessage[][] {
  const pages: ChatMessage[][] = [];
  let page: ChatMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = JSON.stringify(message).length * 3;
    if (page.length > 0 && bytes + size > HISTORY_PAGE_BYTES) {
      pages.push(page);
      page = [];
      bytes = 0;
    }
    page.push(message);
    bytes += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** A stable id for this tab, so a reconnect can resume the same seat. */
function clientId(): string {
  const key = 'meshwork.clientId';
  let id = sessionStorage.getItem(key);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = `u-${randomId(16)}`;
    sessionStorage.setItem(key, id);
  }
  return id;
}

export function randomId(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
