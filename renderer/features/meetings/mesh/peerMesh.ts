/**
 * The full mesh: one PeerLink per remote member. Negotiation is glare-free because only one
 * side of each pair ever makes offers: the member whose id sorts lower initiates, the other
 * answers (and asks for renegotiation through simple-peer when it adds tracks). A failed link
 * is rebuilt by its initiator, which first tells the other side to drop its half.
 */
import type { MeetingMessage } from '../../../../common/wire/meeting';
import type { IceServer, MemberView, SignalPayload } from '../../../../common/wire/signaling';
import { PeerLink, type LocalTracks, type MediaSlot, type PeerLinkState } from './peerLink';
import { fromWireSignal, RESET_REASON } from './signalMapping';

export interface PeerMeshEvents {
  signal(to: string, payload: SignalPayload): void;
  peerState(memberId: string, state: PeerLinkState, reason: string | null): void;
  track(memberId: string, slot: MediaSlot, track: MediaStreamTrack): void;
  peerGone(memberId: string): void;
  message(memberId: string, message: MeetingMessage): void;
  /** A link is new (or rebuilt): features may set up their channels on it. */
  linkCreated(memberId: string, link: PeerLink): void;
}

export function initiatesTo(selfId: string, remoteId: string): boolean {
  return selfId < remoteId;
}

const REBUILD_DELAY_MS = 1000;

export class PeerMesh {
  private readonly links = new Map<string, PeerLink>();
  private readonly rebuildTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private members = new Set<string>();
  private tracks: LocalTracks = { audio: null, camera: null, screen: null };

  constructor(
    private selfId: string,
    private iceServers: IceServer[],
    private readonly icePolicy: RTCIceTransportPolicy,
    private readonly events: PeerMeshEvents,
  ) {}

  /** What every link sends in one slot, now and for links made later. */
  async setTrack(slot: MediaSlot, track: MediaStreamTrack | null): Promise<void> {
    this.tracks = { ...this.tracks, [slot]: track };
    await Promise.all([...this.links.values()].map((link) => link.setTrack(slot, track)));
  }

  link(memberId: string): PeerLink | undefined {
    return this.links.get(memberId);
  }

  allLinks(): [string, PeerLink][] {
    return [...this.links];
  }

  /** Brings the links in line with who is in the room (online or briefly reconnecting). */
  syncMembers(members: readonly MemberView[]): void {
    this.members = new Set(members.filter((m) => m.memberId !== this.selfId).map((m) => m.memberId));
    for (const id of [...this.links.keys()]) if (!this.members.has(id)) this.drop(id);
    for (const id of this.members) {
      if (!this.links.has(id) && initiatesTo(this.selfId, id)) this.create(id, true);
    }
  }

  onSignal(from: string, payload: SignalPayload): void {
    if (!this.members.has(from)) {
      // Signals can overtake the room.state that introduces their sender; an offer is enough to start.
      if (payload.kind !== 'offer') return;
      this.members.add(from);
    }
    const incoming = fromWireSignal(payload);
    if (!incoming) return;
    let link = this.links.get(from);
    if (incoming.reset) {
      if (link) this.drop(from, false);
      if (!initiatesTo(this.selfId, from)) this.create(from, false);
      return;
    }
    if (!link || link.state === 'failed' || link.state === 'closed') {
      if (initiatesTo(this.selfId, from)) return; // our own rebuild is on its way
      if (payload.kind !== 'offer') return;
      if (link) this.drop(from, false);
      link = this.create(from, false);
    }
    link.signal(payload);
  }

  broadcast(message: MeetingMessage): void {
    for (const link of this.links.values()) link.send(message);
  }

  sendTo(memberId: string, message: MeetingMessage): boolean {
    return this.links.get(memberId)?.send(message) ?? false;
  }

  /** After the signaling seat is resumed, links that lost their path restart ICE. */
  restartStale(): void {
    for (const link of this.links.values()) {
      if (link.state === 'reconnecting') link.restartIce();
    }
  }

  close(): void {
    for (const timer of this.rebuildTimers.values()) clearTimeout(timer);
    this.rebuildTimers.clear();
    for (const id of [...this.links.keys()]) this.drop(id);
  }

  private create(memberId: string, initiator: boolean): PeerLink {
    const link = new PeerLink({
      remoteId: memberId,
      initiator,
      iceServers: this.iceServers,
      icePolicy: this.icePolicy,
      tracks: this.tracks,
      events: {
        signal: (payload) => this.events.signal(memberId, payload),
        state: (state, reason) => {
          if (this.links.get(memberId) !== link) return;
          this.events.peerState(memberId, state, reason);
          if (state === 'failed') this.scheduleRebuild(memberId, link);
        },
        track: (slot, track) => this.events.track(memberId, slot, track),
        message: (message) => this.events.message(memberId, message),
        badMessage: () => undefined,
      },
    });
    this.links.set(memberId, link);
    this.events.peerState(memberId, 'connecting', null);
    this.events.linkCreated(memberId, link);
    return link;
  }

  private scheduleRebuild(memberId: string, failed: PeerLink): void {
    if (!failed.initiator || this.rebuildTimers.has(memberId)) return;
    this.rebuildTimers.set(
      memberId,
      setTimeout(() => {
        this.rebuildTimers.delete(memberId);
        if (this.links.get(memberId) !== failed || !this.members.has(memberId)) return;
        failed.destroy();
        this.links.delete(memberId);
        this.events.signal(memberId, { kind: 'renegotiate', reason: RESET_REASON });
        this.create(memberId, true);
      }, REBUILD_DELAY_MS),
    );
  }

  private drop(memberId: string, gone = true): void {
    const link = this.links.get(memberId);
    this.links.delete(memberId);
    const timer = this.rebuildTimers.get(memberId);
    if (timer) clearTimeout(timer);
    this.rebuildTimers.delete(memberId);
    link?.destroy();
    if (gone) {
      this.members.delete(memberId);
      this.events.peerGone(memberId);
    }
  }
}
