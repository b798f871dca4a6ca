/**
 * One WebRTC connection to one remote member, built on simple-peer. Besides media and the
 * meeting control channel (simple-peer's own data channel), it opens extra labelled channels
 * as pre-negotiated SCTP streams, so neither side's `ondatachannel` is involved (simple-peer
 * would take any announced channel for its own) and features such as file transfer or remote
 * control can each have theirs.
 */
import SimplePeer from 'simple-peer';
import { MEETING_CHANNEL_LABEL, parseMeetingMessage, type MeetingMessage } from '../../../../common/wire/meeting';
import type { IceServer, SignalPayload } from '../../../../common/wire/signaling';
import { fromWireSignal, toWireSignal } from './signalMapping';

export type PeerLinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

/** Fixed SCTP stream ids for pre-negotiated channels; simple-peer's channel takes a low one. */
export const NEGOTIATED_CHANNEL_IDS = { 'meshwork-file': 100, 'meshwork-remote': 101 } as const;
export type NegotiatedLabel = keyof typeof NEGOTIATED_CHANNEL_IDS;

/** Every link carries the same three media slots, in this order, whether or not they send. */
export type MediaSlot = 'audio' | 'camera' | 'screen';
export type LocalTracks = Record<MediaSlot, MediaStreamTrack | null>;

export interface PeerLinkEvents {
  signal(payload: SignalPayload): void;
  state(state: PeerLinkState, reason: string | null): void;
  track(slot: MediaSlot, track: MediaStreamTrack): void;
  message(message: MeetingMessage): void;
  /** A peer sent something that is not a meeting message: dropped, reported once in a while. */
  badMessage(reason: string): void;
}

export interface PeerLinkOptions {
  remoteId: string;
  initiator: boolean;
  iceServers: IceServer[];
  /** 'relay' forces every path through TURN. */
  icePolicy?: RTCIceTransportPolicy;
  tracks: LocalTracks;
  events: PeerLinkEvents;
}

/** How long ICE may stay "disconnected" before the initiator restarts it. */
const ICE_RESTART_AFTER_MS = 2500;

let nextSerial = 1;

export class PeerLink {
  /** Tells one connection from its rebuilt successor (diagnostics, tests). */
  readonly serial = nextSerial++;
  /** ICE restarts this link has asked for. */
  iceRestarts = 0;
  readonly peer: SimplePeer.Instance;
  readonly pc: RTCPeerConnection;
  private readonly channels = new Map<string, RTCDataChannel>();
  private stateValue: PeerLinkState = 'connecting';
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private tracks: LocalTracks;

  constructor(private readonly options: PeerLinkOptions) {
    this.tracks = { ...options.tracks };
    this.peer = new SimplePeer({
      initiator: options.initiator,
      channelName: MEETING_CHANNEL_LABEL,
      config: {
        iceServers: options.iceServers.map((s) => ({ urls: s.urls, username: s.username, credential: s.credential })),
        iceTransportPolicy: options.icePolicy ?? 'all',
      },
      trickle: true,
    });
    // simple-peer keeps its RTCPeerConnection private; extra channels, stats and ICE restarts need it.
    this.pc = (this.peer as unknown as { _pc: RTCPeerConnection })._pc;
    const { events } = options;
    this.setUpMediaSlots();
    this.peer.on('signal', (data: SimplePeer.SignalData) => {
      const payload = toWireSignal(data);
      if (payload) events.signal(payload);
    });
    this.peer.on('connect', () => this.setState('connected', null));
    this.pc.addEventListener('track', (event) => {
      const slot = this.slotOf(event.transceiver);
      if (slot) events.track(slot, event.track);
    });
    this.peer.on('data', (chunk: unknown) => {
      const text = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk as Uint8Array);
      const parsed = parseMeetingMessage(text);
      if (parsed.ok) events.message(parsed.message);
      else events.badMessage(parsed.error);
    });
    this.peer.on('error', (error: Error & { code?: string }) => {
      if (!this.destroyed) this.setState('failed', describeError(error));
    });
    this.peer.on('close', () => {
      if (this.stateValue !== 'failed') this.setState(this.destroyed ? 'closed' : 'failed', this.destroyed ? null : 'The connection closed');
    });
    this.peer.on('iceStateChange', (ice: RTCIceConnectionState) => this.onIceState(ice));
  }

  get state(): PeerLinkState {
    return this.stateValue;
  }

  get initiator(): boolean {
    return this.options.initiator;
  }

  signal(payload: SignalPayload): void {
    if (this.destroyed) return;
    const incoming = fromWireSignal(payload);
    if (!incoming || incoming.reset) return;
    try {
      this.peer.signal(incoming.data);
    } catch (error) {
      this.setState('failed', describeError(error as Error));
    }
  }

  send(message: MeetingMessage): boolean {
    // Not only once 'connect' fired: the other side may ask (chat history) as soon as the data
    // channel opens, before this side's 'connect', and its request is answered now or never.
    // simple-peer throws while the channel is not open yet.
    if (this.stateValue === 'failed' || this.stateValue === 'closed') return false;
    try {
      this.peer.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  /** A labelled channel both sides open with the same fixed id (no in-band announcement). */
  channel(label: NegotiatedLabel): RTCDataChannel {
    let channel = this.channels.get(label);
    if (!channel || channel.readyState === 'closed' || channel.readyState === 'closing') {
      channel = this.pc.createDataChannel(label, { negotiated: true, id: NEGOTIATED_CHANNEL_IDS[label], ordered: true });
      channel.binaryType = 'arraybuffer';
      this.channels.set(label, channel);
    }
    return channel;
  }

  senders(): RTCRtpSender[] {
    return this.destroyed ? [] : this.pc.getSenders();
  }

  /** Switches what a slot sends (a new device, screen on/off, camera paused): no renegotiation. */
  async setTrack(slot: MediaSlot, track: MediaStreamTrack | null): Promise<void> {
    this.tracks[slot] = track;
    const transceiver = this.transceivers()[slot];
    if (this.destroyed || !transceiver || transceiver.sender.track === track) return;
    await transceiver.sender.replaceTrack(track).catch(() => undefined);
  }

  sender(slot: MediaSlot): RTCRtpSender | null {
    return this.transceivers()[slot]?.sender ?? null;
  }

  /**
   * The initiator lays out audio, camera and screen transceivers before its first offer, so
   * both sides agree on the slots by order. The answerer's transceivers are created by the
   * offer; it attaches its tracks right after setRemoteDescription and before simple-peer
   * writes the answer (hence the wrapper), so its media flows from the first answer on.
   */
  private setUpMediaSlots(): void {
    if (this.options.initiator) {
      this.pc.addTransceiver(this.tracks.audio ?? 'audio', { direction: 'sendrecv' });
      this.pc.addTransceiver(this.tracks.camera ?? 'video', { direction: 'sendrecv' });
      this.pc.addTransceiver(this.tracks.screen ?? 'video', { direction: 'sendrecv' });
      return;
    }
    const setRemote = this.pc.setRemoteDescription.bind(this.pc);
    this.pc.setRemoteDescription = async (description: RTCSessionDescriptionInit) => {
      await setRemote(description);
      const slots = this.transceivers();
      for (const slot of ['audio', 'camera', 'screen'] as const) {
        const transceiver = slots[slot];
        if (!transceiver || transceiver.currentDirection === 'stopped') continue;
        if (transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv';
        if (transceiver.sender.track !== this.tracks[slot]) await transceiver.sender.replaceTrack(this.tracks[slot]);
      }
    };
  }

  private transceivers(): Partial<Record<MediaSlot, RTCRtpTransceiver>> {
    if (this.destroyed) return {};
    const all = this.pc.getTransceivers();
    const audio = all.filter((t) => t.receiver.track.kind === 'audio');
    const video = all.filter((t) => t.receiver.track.kind === 'video');
    return { audio: audio[0], camera: video[0], screen: video[1] };
  }

  private slotOf(transceiver: RTCRtpTransceiver): MediaSlot | null {
    const slots = this.transceivers();
    if (slots.audio === transceiver) return 'audio';
    if (slots.camera === transceiver) return 'camera';
    if (slots.screen === transceiver) return 'screen';
    return null;
  }

  /** New ICE credentials over a renegotiation: the way back after a network change. */
  restartIce(): void {
    if (this.destroyed || !this.options.initiator) return;
    this.iceRestarts++;
    this.pc.restartIce();
    (this.peer as unknown as { negotiate(): void }).negotiate();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    for (const channel of this.channels.values()) channel.close();
    this.peer.destroy();
    this.setState('closed', null);
  }

  private onIceState(ice: RTCIceConnectionState): void {
    if (ice === 'disconnected') {
      this.setState('reconnecting', 'The network path to this member was lost');
      if (this.options.initiator && !this.restartTimer) {
        this.restartTimer = setTimeout(() => {
          this.restartTimer = null;
          if (this.pc.iceConnectionState === 'disconnected') this.restartIce();
        }, ICE_RESTART_AFTER_MS);
      }
    } else if ((ice === 'connected' || ice === 'completed') && this.stateValue === 'reconnecting') {
      this.setState('connected', null);
    }
  }

  private setState(state: PeerLinkState, reason: string | null): void {
    if (this.stateValue === state) return;
    if (this.stateValue === 'closed') return;
    this.stateValue = state;
    this.options.events.state(state, reason);
  }
}

function describeError(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ERR_ICE_CONNECTION_FAILURE':
      return 'No network path to this member (ICE failed)';
    case 'ERR_CONNECTION_FAILURE':
      return 'The connection to this member failed';
    case 'ERR_DATA_CHANNEL':
      return 'The data channel to this member failed';
    default:
      return error.message || 'The connection to this member failed';
  }
}
