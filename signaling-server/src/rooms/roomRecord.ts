/**
 * What the store keeps per room, and the pure rules over it. Everything here is plain data
 * (JSON-safe) so the in-memory and Redis stores hold exactly the same thing.
 */
import type { MemberPresence, MemberView, RoomRole, RoomView } from '../../../common/wire/signaling';

export type RoomAccess =
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'invite' }
  | { kind: 'password'; salt: string; hash: string };

export interface MemberRecord {
  memberId: string;
  userId: string;
  displayName: string;
  role: RoomRole;
  /** Which server instance and which connection on it hold the seat now. */
  instanceId: string;
  sessionId: string;
  connection: 'online' | 'reconnecting';
  /** When the connection dropped (ms), while reconnecting. */
  droppedAt: number | null;
  /** sha256 of the resume token handed to the member at join. */
  resumeHash: string;
  presence: MemberPresence;
  joinedAt: number;
}

export interface InviteRecord {
  hash: string;
  role: 'participant' | 'guest';
  expiresAt: number;
}

export interface RoomRecord {
  roomId: string;
  access: RoomAccess;
  locked: boolean;
  capacity: number;
  createdAt: number;
  members: Record<string, MemberRecord>;
  invites: InviteRecord[];
  /** User ids kicked from this room: they may not come back. */
  banned: string[];
}

export const DEFAULT_PRESENCE: MemberPresence = { status: 'active', audio: false, video: false, screen: false, handRaised: false };

const ROLE_RANK: Record<RoomRole, number> = { host: 3, moderator: 2, participant: 1, guest: 0 };

export function roomView(room: RoomRecord): RoomView {
  return {
    roomId: room.roomId,
    access: room.access.kind,
    workspaceId: room.access.kind === 'workspace' ? room.access.workspaceId : null,
    locked: room.locked,
    capacity: room.capacity,
    members: Object.values(room.members)
      .sort((a, b) => a.joinedAt - b.joinedAt || a.memberId.localeCompare(b.memberId))
      .map(memberView),
  };
}

function memberView(m: MemberRecord): MemberView {
  return {
    memberId: m.memberId,
    userId: m.userId,
    displayName: m.displayName,
    role: m.role,
    connection: m.connection,
    presence: m.presence,
    joinedAt: m.joinedAt,
  };
}

export function memberCount(room: RoomRecord): number {
  return Object.keys(room.members).length;
}

export function hasHost(room: RoomRecord): boolean {
  return Object.values(room.members).some((m) => m.role === 'host');
}

/**
 * After the host left for good, the longest-present member of the highest role (online first)
 * becomes host, so a room is never without one while anyone is in it.
 */
export function promoteHostIfNeeded(room: RoomRecord): void {
  if (hasHost(room)) return;
  const candidates = Object.values(room.members).sort(
    (a, b) =>
      Number(b.connection === 'online') - Number(a.connection === 'online') ||
      ROLE_RANK[b.role] - ROLE_RANK[a.role] ||
      a.joinedAt - b.joinedAt,
  );
  if (candidates[0]) candidates[0].role = 'host';
}

/** May `actor` kick `target`? The host anyone else; a moderator only participants and guests. */
export function mayKick(actor: RoomRole, target: RoomRole): boolean {
  if (actor === 'host') return target !== 'host';
  if (actor === 'moderator') return target === 'participant' || target === 'guest';
  return false;
}

export function mayModerate(role: RoomRole): boolean {
  return role === 'host' || role === 'moderator';
}
