/** What the meeting UI shows. Live objects (sockets, peer connections, streams) stay outside. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { mergeChatHistory, type ChatEntry } from '../../../common/wire/chat';
import type { MemberView } from '../../../common/wire/signaling';
import type { SignalingState } from './signaling/signalingClient';
import type { PeerLinkState } from './mesh/peerLink';
import type { DeviceLists } from './media/localMedia';

export interface PeerQuality {
  rttMs: number | null;
  lossPct: number | null;
  inKbps: number | null;
  outKbps: number | null;
  framesDecoded: number;
  audioEnergy: number;
  audioLevel: number;
  /** How the selected path leaves this machine: host, srflx (via NAT), prflx or relay (TURN). */
  path: string | null;
}

export interface PeerView {
  state: PeerLinkState;
  reason: string | null;
  quality: PeerQuality | null;
  recording: boolean;
}

export type TransferDirection = 'send' | 'receive';
export type TransferStatus = 'preparing' | 'offered' | 'waiting' | 'conflict' | 'sending' | 'receiving' | 'verifying' | 'paused' | 'done' | 'failed' | 'cancelled' | 'declined';

export interface TransferView {
  key: string;
  transferId: string;
  direction: TransferDirection;
  peerId: string;
  peerName: string;
  name: string;
  size: number;
  bytes: number;
  bytesPerSecond: number;
  status: TransferStatus;
  error: string | null;
  path: string | null;
}

export interface Notice {
  id: number;
  text: string;
}

export type MeetingPhase = 'lobby' | 'joining' | 'in-call' | 'ended';

export interface MeetingsState {
  phase: MeetingPhase;
  error: string | null;
  displayName: string;
  roomId: string | null;
  selfId: string | null;
  invite: { code: string; link: string } | null;
  signaling: { state: SignalingState; reason: string | null };
  members: MemberView[];
  peers: Record<string, PeerView>;
  activeSpeaker: string | null;
  pinned: string | null;
  view: 'grid' | 'speaker';
  chat: ChatEntry[];
  chatUnread: number;
  notices: Notice[];
  local: {
    audio: boolean;
    video: boolean;
    screen: boolean;
    /** The share is a whole display (not a window or tab): its live preview would show itself. */
    screenWholeDisplay: boolean;
    handRaised: boolean;
    recording: boolean;
    videoCapped: boolean;
  };
  devices: DeviceLists & { cameraId: string | null; micId: string | null };
  transfers: TransferView[];
  recordingPath: string | null;
  /** Above this many members, cameras pause and the call carries audio and screen shares. */
  videoCap: number;
  /** Connect only through the TURN relay: peers never learn this machine's addresses. */
  relayOnly: boolean;
  recentRooms: string[];
  /** A meshwork:// link that opened the app, waiting in the lobby. */
  pendingLink: { roomId: string; code: string | null } | null;
}

const NAME_KEY = 'meshwork.displayName';
const RECENT_KEY = 'meshwork.recentRooms';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function initialRecent(): string[] {
  try {
    const parsed: unknown = JSON.parse(stored(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((r): r is string => typeof r === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(r)).slice(0, 10) : [];
  } catch {
    return [];
  }
}

export const initialMeetingsState = (): MeetingsState => ({
  phase: 'lobby',
  error: null,
  displayName: stored(NAME_KEY) ?? '',
  roomId: null,
  selfId: null,
  invite: null,
  signaling: { state: 'idle', reason: null },
  members: [],
  peers: {},
  activeSpeaker: null,
  pinned: null,
  view: 'grid',
  chat: [],
  chatUnread: 0,
  notices: [],
  local: { audio: true, video: true, screen: false, screenWholeDisplay: false, handRaised: false, recording: false, videoCapped: false },
  devices: { cameras: [], mics: [], cameraId: null, micId: null },
  transfers: [],
  recordingPath: null,
  videoCap: 4,
  relayOnly: false,
  recentRooms: initialRecent(),
  pendingLink: null,
});

let noticeId = 0;

const meetingsSlice = createSlice({
  name: 'meetings',
  initialState: initialMeetingsState,
  reducers: {
    joinLinkOpened(state, action: PayloadAction<{ roomId: string; code: string | null }>) {
      state.pendingLink = action.payload;
    },
    displayNameChanged(state, action: PayloadAction<string>) {
      state.displayName = action.payload;
      try {
        localStorage.setItem(NAME_KEY, action.payload);
      } catch {
        // private mode: the name is just not remembered
      }
    },
    devicesListed(state, action: PayloadAction<DeviceLists>) {
      state.devices.cameras = action.payload.cameras;
      state.devices.mics = action.payload.mics;
      if (state.devices.cameraId && !action.payload.cameras.some((c) => c.id === state.devices.cameraId)) state.devices.cameraId = null;
      if (state.devices.micId && !action.payload.mics.some((c) => c.id === state.devices.micId)) state.devices.micId = null;
    },
    deviceChosen(state, action: PayloadAction<{ kind: 'camera' | 'mic'; id: string | null }>) {
      if (action.payload.kind === 'camera') state.devices.cameraId = action.payload.id;
      else state.devices.micId = action.payload.id;
    },
    relayOnlyChanged(state, action: PayloadAction<boolean>) {
      state.relayOnly = action.payload;
    },
    videoCapChanged(state, action: PayloadAction<number>) {
      state.videoCap = Math.max(1, Math.min(6, Math.round(action.payload)));
    },
    joining(state) {
      state.phase = 'joining';
      state.error = null;
    },
    joinFailed(state, action: PayloadAction<string>) {
      state.phase = 'lobby';
      state.error = action.payload;
    },
    joined(state, action: PayloadAction<{ roomId: string; selfId: string; members: MemberView[] }>) {
      state.phase = 'in-call';
      state.roomId = action.payload.roomId;
      state.selfId = action.payload.selfId;
      state.members = action.payload.members;
      state.error = null;
      state.recentRooms = [action.payload.roomId, ...state.recentRooms.filter((r) => r !== action.payload.roomId)].slice(0, 10);
      try {
        localStorage.setItem(RECENT_KEY, JSON.stringify(state.recentRooms));
      } catch {
        // not remembered
      }
    },
    inviteReady(state, action: PayloadAction<{ code: string; link: string }>) {
      state.invite = action.payload;
    },
    signalingChanged(state, action: PayloadAction<{ state: SignalingState; reason: string | null }>) {
      state.signaling = action.payload;
    },
    roomChanged(state, action: PayloadAction<{ members: MemberView[]; selfId: string }>) {
      const before = new Map(state.members.map((m) => [m.memberId, m]));
      const after = new Map(action.payload.members.map((m) => [m.memberId, m]));
      for (const m of action.payload.members) {
        if (!before.has(m.memberId) && m.memberId !== action.payload.selfId) pushNotice(state, `${m.displayName} joined`);
      }
      for (const m of state.members) if (!after.has(m.memberId)) pushNotice(state, `${m.displayName} left`);
      state.members = action.payload.members;
      state.selfId = action.payload.selfId;
      for (const id of Object.keys(state.peers)) if (!after.has(id)) delete state.peers[id];
      if (state.pinned && !after.has(state.pinned) && state.pinned !== `${action.payload.selfId}:screen`) state.pinned = null;
    },
    peerStateChanged(state, action: PayloadAction<{ memberId: string; state: PeerLinkState; reason: string | null }>) {
      const { memberId } = action.payload;
      const peer = (state.peers[memberId] ??= { state: 'connecting', reason: null, quality: null, recording: false });
      peer.state = action.payload.state;
      peer.reason = action.payload.reason;
    },
    peerQualityMeasured(state, action: PayloadAction<{ memberId: string; quality: PeerQuality }[]>) {
      let loudest: { id: string; level: number } | null = null;
      for (const { memberId, quality } of action.payload) {
        const peer = state.peers[memberId];
        if (!peer) continue;
        peer.quality = quality;
        if (quality.audioLevel > 0.02 && (!loudest || quality.audioLevel > loudest.level)) loudest = { id: memberId, level: quality.audioLevel };
      }
      if (loudest) state.activeSpeaker = loudest.id;
    },
    peerRecording(state, action: PayloadAction<{ memberId: string; recording: boolean }>) {
      const peer = state.peers[action.payload.memberId];
      if (!peer || peer.recording === action.payload.recording) return;
      peer.recording = action.payload.recording;
      const name = state.members.find((m) => m.memberId === action.payload.memberId)?.displayName ?? 'Someone';
      pushNotice(state, `${name} ${action.payload.recording ? 'started' : 'stopped'} recording`);
    },
    localChanged(state, action: PayloadAction<Partial<MeetingsState['local']>>) {
      Object.assign(state.local, action.payload);
    },
    recordingSaved(state, action: PayloadAction<string | null>) {
      state.recordingPath = action.payload;
    },
    viewChanged(state, action: PayloadAction<'grid' | 'speaker'>) {
      state.view = action.payload;
    },
    pinChanged(state, action: PayloadAction<string | null>) {
      state.pinned = action.payload;
    },
    chatReceived(state, action: PayloadAction<{ messages: ChatEntry[]; unread: boolean }>) {
      const before = state.chat.length;
      state.chat = mergeChatHistory(state.chat, action.payload.messages);
      if (action.payload.unread) state.chatUnread += Math.max(0, state.chat.length - before);
    },
    chatRead(state) {
      state.chatUnread = 0;
    },
    noticeShown(state, action: PayloadAction<string>) {
      pushNotice(state, action.payload);
    },
    noticeDismissed(state, action: PayloadAction<number>) {
      state.notices = state.notices.filter((n) => n.id !== action.payload);
    },
    transferUpserted(state, action: PayloadAction<TransferView>) {
      const i = state.transfers.findIndex((t) => t.key === action.payload.key);
      if (i >= 0) state.transfers[i] = action.payload;
      else state.transfers.push(action.payload);
    },
    transferPatched(state, action: PayloadAction<{ key: string } & Partial<TransferView>>) {
      const t = state.transfers.find((x) => x.key === action.payload.key);
      if (t) Object.assign(t, action.payload);
    },
    left(state, action: PayloadAction<string | null>) {
      const keep = { displayName: state.displayName, devices: state.devices, recentRooms: state.recentRooms, videoCap: state.videoCap, relayOnly: state.relayOnly };
      Object.assign(state, initialMeetingsState(), keep);
      state.error = action.payload;
    },
  },
});

function pushNotice(state: MeetingsState, text: string) {
  state.notices.push({ id: ++noticeId, text });
  if (state.notices.length > 5) state.notices.shift();
}

export const meetingsActions = meetingsSlice.actions;
export const meetingsReducer = meetingsSlice.reducer;
