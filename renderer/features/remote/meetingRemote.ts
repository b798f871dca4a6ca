/**
 * Remote control inside a meeting: one `meshwork-remote` data channel per peer link carries
 * both directions at once. Frames a peer sends as a controller (request, input, ping, stop)
 * go to main through the host bridge; frames it sends as a controlled machine (grant, deny,
 * revoke, …) go to our controller session for that peer.
 */
import type { MeshworkApi } from '../../../common/ipc/contract';
import { HostFrameSchema, type RemoteInput, type RemoteScope } from '../../../common/wire/remoteControl';
import type { AppDispatch } from '../../app/store';
import type { PeerLink } from '../meetings/mesh/peerLink';
import { ControllerSession, type ControllerState, type FrameChannel } from './controllerSession';
import { bridgeRemoteChannel } from './hostBridge';
import { remoteActions } from './remoteSlice';

const HOST_FRAME_TYPES: ReadonlySet<string> = new Set(HostFrameSchema.options.map((o) => o.shape.type.value));

interface PeerRemote {
  channel: RTCDataChannel;
  controller: ControllerSession | null;
  bridge: ReturnType<typeof bridgeRemoteChannel> | null;
}

export interface MeetingRemoteOptions {
  api: MeshworkApi;
  dispatch: AppDispatch;
  /** The display name the signaling server knows for a member. */
  nameOf: (memberId: string) => string;
}

export class MeetingRemote {
  private readonly peers = new Map<string, PeerRemote>();

  constructor(private readonly options: MeetingRemoteOptions) {}

  /** A new link to a member (first connect, or a replacement after it failed). */
  attach(memberId: string, link: PeerLink): void {
    this.detach(memberId, false);
    const channel = link.channel('meshwork-remote');
    const peer: PeerRemote = { channel, controller: null, bridge: null };
    this.peers.set(memberId, peer);
    channel.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string' && this.peers.get(memberId) === peer) this.onFrame(memberId, peer, event.data);
    });
    channel.addEventListener('close', () => {
      if (this.peers.get(memberId) === peer) this.detach(memberId, true);
    });
  }

  /** The member left (or the link closed): end both directions; main forgets their grants. */
  detach(memberId: string, gone = true): void {
    const peer = this.peers.get(memberId);
    if (!peer) return;
    this.peers.delete(memberId);
    peer.bridge?.close();
    peer.controller?.dispose();
    if (gone && peer.controller && peer.controller.current.phase !== 'idle') {
      this.options.dispatch(remoteActions.controllerChanged({ peerId: memberId, state: { ...peer.controller.current, phase: 'ended', reason: 'The member left', sessionId: null, scopes: [] } }));
    }
  }

  request(memberId: string, scopes: RemoteScope[], durationSeconds: number, note?: string): void {
    this.controllerFor(memberId)?.request(scopes, durationSeconds, note);
  }

  input(memberId: string, event: RemoteInput): boolean {
    return this.peers.get(memberId)?.controller?.input(event) ?? false;
  }

  stop(memberId: string): void {
    this.peers.get(memberId)?.controller?.stop();
  }

  state(memberId: string): ControllerState | null {
    return this.peers.get(memberId)?.controller?.current ?? null;
  }

  /** For tests that must reach the host's checks without our own controller's. */
  rawChannel(memberId: string): FrameChannel | null {
    const peer = this.peers.get(memberId);
    return peer ? { send: (text) => safeSend(peer.channel, text) } : null;
  }

  dispose(): void {
    for (const memberId of [...this.peers.keys()]) this.detach(memberId, true);
  }

  private controllerFor(memberId: string): ControllerSession | null {
    const peer = this.peers.get(memberId);
    if (!peer) return null;
    peer.controller ??= new ControllerSession({ send: (text) => safeSend(peer.channel, text) }, (state) =>
      this.options.dispatch(remoteActions.controllerChanged({ peerId: memberId, state })),
    );
    return peer.controller;
  }

  private onFrame(memberId: string, peer: PeerRemote, text: string): void {
    if (HOST_FRAME_TYPES.has(frameType(text))) {
      peer.controller?.receive(text);
      return;
    }
    peer.bridge ??= bridgeRemoteChannel(this.options.api, { id: memberId, name: this.options.nameOf(memberId) }, { send: (t) => safeSend(peer.channel, t) });
    peer.bridge.receive(text);
  }
}

/** The frame's `type` without trusting anything else in it (each side parses with its schema). */
function frameType(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : '';
  } catch {
    return '';
  }
}

function safeSend(channel: RTCDataChannel, text: string): void {
  if (channel.readyState !== 'open') return;
  try {
    channel.send(text);
  } catch {
    // The channel closed between the check and the send: the link's state change reports it.
  }
}
