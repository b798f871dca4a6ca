/**
 * Rooms: who may enter, who holds which seat and role, moderation, and the relay between seats.
 * Every change is one atomic store update, then a `room.state` to each member over the bus, so
 * the same code runs on one process (memory backend) or many (Redis backend).
 */
import type { Logger } from 'pino';
import type { AccessRequest, MemberPresence, RoomRole, RoomView, ServerFrame, SignalPayload } from '../../../common/wire/signaling';
import type { WorkspaceGrant } from '../../../common/wire/auth';
import type { ClusterBackend, Envelope } from '../cluster/types';
import type { PasswordAttempts } from '../limits/passwordAttempts';
import { RoomError } from './roomErrors';
import {
  DEFAULT_PRESENCE,
  mayKick,
  mayModerate,
  memberCount,
  promoteHostIfNeeded,
  roomView,
  type MemberRecord,
  type RoomAccess,
  type RoomRecord,
} from './roomRecord';
import { hashPassword, randomId, sameHash, sha256, verifyPassword } from './secrets';

export interface Actor {
  userId: string;
  displayName: string;
  workspaces: WorkspaceGrant[];
  sessionId: string;
  ip: string;
}

/** The seat a session holds; every room action names it, and it must still match the store. */
export interface Seat {
  roomId: string;
  memberId: string;
  sessionId: string;
}

export interface Joined {
  room: RoomView;
  memberId: string;
  role: RoomRole;
  resumeToken: string;
  resumed: boolean;
}

export interface RoomServiceOptions {
  backend: ClusterBackend;
  log: Logger;
  defaultCapacity: number;
  maxCapacity: number;
  seatGraceMs: number;
  passwordAttempts: PasswordAttempts;
  /** Whether this instance still has a socket for the session (catches seats orphaned by a crash). */
  hasLocalSession(sessionId: string): boolean;
  onRelay?(latencyMs: number): void;
}

export class RoomService {
  private readonly store;
  private readonly bus;

  constructor(private readonly options: RoomServiceOptions) {
    this.store = options.backend.store;
    this.bus = options.backend.bus;
  }

  async create(actor: Actor, request: { access: AccessRequest; capacity?: number; locked?: boolean }): Promise<Joined> {
    const capacity = request.capacity ?? this.options.defaultCapacity;
    if (capacity > this.options.maxCapacity) throw new RoomError('forbidden', `Capacity is at most ${this.options.maxCapacity} here`);
    let access: RoomAccess;
    if (request.access.kind === 'workspace') {
      const { workspaceId } = request.access;
      const grant = actor.workspaces.find((w) => w.id === workspaceId);
      if (!grant || grant.role === 'guest') throw new RoomError('forbidden', 'Only members of that workspace may create its rooms');
      access = { kind: 'workspace', workspaceId };
    } else if (request.access.kind === 'password') {
      access = { kind: 'password', ...(await hashPassword(request.access.password)) };
    } else {
      access = { kind: 'invite' };
    }
    const roomId = randomId(16);
    const resumeToken = randomId(32);
    const now = Date.now();
    const host = this.newMember(actor, 'host', resumeToken, now);
    const room = await this.store.update(roomId, (existing) => {
      if (existing) throw new RoomError('internal', 'Room id collision, try again');
      const created: RoomRecord = {
        roomId,
        access,
        locked: request.locked ?? false,
        capacity,
        createdAt: now,
        members: { [host.memberId]: host },
        invites: [],
        banned: [],
      };
      return { room: created, result: created };
    });
    this.options.log.info({ roomId, access: access.kind, userId: actor.userId }, 'room created');
    return { room: roomView(room), memberId: host.memberId, role: 'host', resumeToken, resumed: false };
  }

  async join(actor: Actor, request: { roomId: string; invite?: string; password?: string }): Promise<Joined> {
    const { roomId } = request;
    const before = await this.store.get(roomId);
    if (!before) throw new RoomError('no-such-room', 'No such room');
    let passwordHash: string | null = null;
    if (before.access.kind === 'password' && !request.invite) {
      passwordHash = before.access.hash;
      await this.checkPassword(actor, roomId, before.access, request.password);
    }
    const inviteHash = request.invite ? sha256(request.invite) : null;
    const resumeToken = randomId(32);
    const now = Date.now();
    const { room, member } = await this.store.update(roomId, (room) => {
      if (!room) throw new RoomError('no-such-room', 'No such room');
      if (room.banned.includes(actor.userId)) throw new RoomError('banned', 'You were removed from this room');
      if (room.locked) throw new RoomError('room-locked', 'The room is locked');
      let role: RoomRole;
      if (inviteHash) {
        const invite = room.invites.find((i) => sameHash(i.hash, inviteHash) && i.expiresAt > now);
        if (!invite) throw new RoomError('bad-invite', 'The invite is not valid for this room, or has expired');
        role = invite.role;
      } else if (room.access.kind === 'workspace') {
        const workspaceId = room.access.workspaceId;
        const grant = actor.workspaces.find((w) => w.id === workspaceId);
        if (!grant) throw new RoomError('forbidden', 'This room is for members of its workspace');
        role = grant.role === 'guest' ? 'guest' : 'participant';
      } else if (room.access.kind === 'password') {
        // The password was checked against this very hash; a changed room must be checked again.
        if (room.access.hash !== passwordHash) throw new RoomError('bad-password', 'The room changed, try again');
        role = 'participant';
      } else {
        throw new RoomError('bad-invite', 'This room needs an invite');
      }
      if (memberCount(room) >= room.capacity) throw new RoomError('room-full', `The room is full (${room.capacity})`);
      const member = this.newMember(actor, role, resumeToken, now);
      room.members[member.memberId] = member;
      return { room, result: { room, member } };
    });
    await this.broadcast(room, member.memberId);
    return { room: roomView(room), memberId: member.memberId, role: member.role, resumeToken, resumed: false };
  }

  /** Take back a seat kept after a drop (or move it to this connection), with the token from join. */
  async resume(actor: Actor, request: { roomId: string; memberId: string; resumeToken: string }): Promise<Joined> {
    const tokenHash = sha256(request.resumeToken);
    const resumeToken = randomId(32);
    const { room, previous } = await this.store.update(request.roomId, (room) => {
      const member = room?.members[request.memberId];
      if (!room || !member || member.userId !== actor.userId || !sameHash(member.resumeHash, tokenHash)) {
        throw new RoomError('bad-resume', 'No seat to resume with that token');
      }
      const previous = member.connection === 'online' ? { instanceId: member.instanceId, sessionId: member.sessionId } : null;
      Object.assign(member, {
        instanceId: this.bus.instanceId,
        sessionId: actor.sessionId,
        connection: 'online',
        droppedAt: null,
        resumeHash: sha256(resumeToken),
        displayName: actor.displayName,
      } satisfies Partial<MemberRecord>);
      return { room, result: { room, previous } };
    });
    if (previous && previous.sessionId !== actor.sessionId) {
      await this.send(previous.instanceId, {
        sessionId: previous.sessionId,
        detachRoom: request.roomId,
        close: { code: 4409, reason: 'Seat resumed on another connection' },
      });
    }
    await this.broadcast(room, request.memberId);
    const member = room.members[request.memberId]!;
    return { room: roomView(room), memberId: member.memberId, role: member.role, resumeToken, resumed: true };
  }

  async leave(seat: Seat): Promise<void> {
    const room = await this.store.update(seat.roomId, (room) => {
      if (!room || room.members[seat.memberId]?.sessionId !== seat.sessionId) return { room: undefined, result: null };
      delete room.members[seat.memberId];
      if (memberCount(room) === 0) return { room: null, result: null };
      promoteHostIfNeeded(room);
      return { room, result: room };
    });
    if (room) await this.broadcast(room);
  }

  /** The connection went away: keep the seat for the grace period. */
  async drop(seat: Seat): Promise<void> {
    if (this.options.seatGraceMs === 0) return this.leave(seat);
    const now = Date.now();
    const room = await this.store.update(seat.roomId, (room) => {
      const member = room?.members[seat.memberId];
      if (!room || !member || member.sessionId !== seat.sessionId || member.connection !== 'online') return { room: undefined, result: null };
      member.connection = 'reconnecting';
      member.droppedAt = now;
      return { room, result: room };
    });
    if (room) await this.broadcast(room);
  }

  async presence(seat: Seat, patch: Partial<MemberPresence>): Promise<void> {
    const room = await this.mutateSeated(seat, (room, me) => {
      me.presence = { ...me.presence, ...patch };
      return room;
    });
    await this.broadcast(room);
  }

  async kick(seat: Seat, memberId: string): Promise<void> {
    const { room, target } = await this.mutateSeated(seat, (room, me) => {
      const target = room.members[memberId];
      if (!target) throw new RoomError('no-such-peer', 'No such member in your room');
      if (!mayKick(me.role, target.role)) throw new RoomError('forbidden', `A ${me.role} may not remove a ${target.role}`);
      delete room.members[memberId];
      if (!room.banned.includes(target.userId)) room.banned.push(target.userId);
      return { room, target };
    });
    await this.notifyRemoved(target, room.roomId, 'kicked');
    await this.broadcast(room);
  }

  async lock(seat: Seat, locked: boolean): Promise<void> {
    const room = await this.mutateSeated(seat, (room, me) => {
      if (!mayModerate(me.role)) throw new RoomError('forbidden', 'Only the host or a moderator may lock the room');
      room.locked = locked;
      return room;
    });
    await this.broadcast(room);
  }

  async end(seat: Seat): Promise<void> {
    const members = await this.store.update(seat.roomId, (room) => {
      const me = this.seated(room, seat);
      if (me.role !== 'host') throw new RoomError('forbidden', 'Only the host may end the room');
      return { room: null, result: Object.values(room!.members) };
    });
    await Promise.all(members.map((m) => this.notifyRemoved(m, seat.roomId, 'ended')));
    this.options.log.info({ roomId: seat.roomId }, 'room ended by host');
  }

  async transferHost(seat: Seat, memberId: string): Promise<void> {
    const room = await this.mutateSeated(seat, (room, me) => {
      if (me.role !== 'host') throw new RoomError('forbidden', 'Only the host may pass host on');
      const target = room.members[memberId];
      if (!target || target.memberId === me.memberId) throw new RoomError('no-such-peer', 'No such other member in your room');
      if (target.connection !== 'online') throw new RoomError('peer-unavailable', 'That member is reconnecting');
      target.role = 'host';
      me.role = 'moderator';
      return room;
    });
    await this.broadcast(room);
  }

  async setRole(seat: Seat, memberId: string, role: 'moderator' | 'participant' | 'guest'): Promise<void> {
    const room = await this.mutateSeated(seat, (room, me) => {
      if (me.role !== 'host') throw new RoomError('forbidden', 'Only the host may change roles');
      const target = room.members[memberId];
      if (!target || target.memberId === me.memberId) throw new RoomError('no-such-peer', 'No such other member in your room');
      target.role = role;
      return room;
    });
    await this.broadcast(room);
  }

  async invite(seat: Seat, role: 'participant' | 'guest', ttlSeconds: number): Promise<{ code: string; expiresAt: number }> {
    const code = randomId(16);
    const expiresAt = Date.now() + ttlSeconds * 1000;
    await this.mutateSeated(seat, (room, me) => {
      if (!mayModerate(me.role)) throw new RoomError('forbidden', 'Only the host or a moderator may invite');
      // A bounded list: the oldest invites give way first.
      room.invites = [...room.invites.filter((i) => i.expiresAt > Date.now()), { hash: sha256(code), role, expiresAt }].slice(-100);
      return room;
    });
    return { code, expiresAt };
  }

  /** Relay to a named member of the sender's own room; anything else is refused, never delivered. */
  async relay(seat: Seat, to: string, signal: SignalPayload, receivedAt: number): Promise<void> {
    const room = await this.store.get(seat.roomId);
    const me = this.seated(room, seat);
    const target = room!.members[to];
    if (!target || target.memberId === me.memberId) throw new RoomError('no-such-peer', 'The target is not another member of your room');
    if (target.connection !== 'online') throw new RoomError('peer-unavailable', 'The target is reconnecting');
    await this.send(target.instanceId, { sessionId: target.sessionId, frame: { type: 'signal', from: me.memberId, signal }, receivedAt });
  }

  /**
   * Periodic housekeeping on every instance: seats of crashed instances (or of sockets this
   * instance lost track of) start their grace period; seats past it are freed; empty rooms go.
   */
  async sweep(): Promise<void> {
    const [ids, live] = await Promise.all([this.store.roomIds(), this.bus.liveInstances()]);
    const self = this.bus.instanceId;
    for (const roomId of ids) {
      const now = Date.now();
      const before = await this.store.get(roomId);
      if (!before) continue;
      const needsWork = Object.values(before.members).some(
        (m) =>
          (m.connection === 'online' && (!live.has(m.instanceId) || (m.instanceId === self && !this.options.hasLocalSession(m.sessionId)))) ||
          (m.connection === 'reconnecting' && now - (m.droppedAt ?? 0) >= this.options.seatGraceMs),
      );
      const staleInvites = before.invites.some((i) => i.expiresAt <= now);
      if (!needsWork && !staleInvites && memberCount(before) > 0) continue;
      const outcome = await this.store.update<{ room: RoomRecord | null } | null>(roomId, (room) => {
        if (!room) return { room: undefined, result: null };
        for (const m of Object.values(room.members)) {
          const orphaned = m.instanceId === self ? !this.options.hasLocalSession(m.sessionId) : !live.has(m.instanceId);
          if (m.connection === 'online' && orphaned) {
            m.connection = 'reconnecting';
            m.droppedAt = now;
          } else if (m.connection === 'reconnecting' && now - (m.droppedAt ?? 0) >= this.options.seatGraceMs) {
            delete room.members[m.memberId];
          }
        }
        room.invites = room.invites.filter((i) => i.expiresAt > now);
        if (memberCount(room) === 0) return { room: null, result: { room: null } };
        promoteHostIfNeeded(room);
        return { room, result: { room } };
      });
      if (!outcome) continue;
      if (outcome.room) await this.broadcast(outcome.room);
      else this.options.log.info({ roomId }, 'empty room cleaned up');
    }
  }

  private newMember(actor: Actor, role: RoomRole, resumeToken: string, now: number): MemberRecord {
    return {
      memberId: randomId(12),
      userId: actor.userId,
      displayName: actor.displayName,
      role,
      instanceId: this.bus.instanceId,
      sessionId: actor.sessionId,
      connection: 'online',
      droppedAt: null,
      resumeHash: sha256(resumeToken),
      presence: DEFAULT_PRESENCE,
      joinedAt: now,
    };
  }

  private async checkPassword(actor: Actor, roomId: string, access: Extract<RoomAccess, { kind: 'password' }>, password?: string) {
    const keys = [`${roomId}|ip|${actor.ip}`, `${roomId}|user|${actor.userId}`];
    const verdict = this.options.passwordAttempts.check(keys);
    if (!verdict.allowed) {
      throw verdict.reason === 'locked'
        ? new RoomError('password-locked', 'Too many wrong passwords for this room: refused for now', verdict.retryAfterMs)
        : new RoomError('password-throttled', 'Too many wrong passwords: wait before trying again', verdict.retryAfterMs);
    }
    if (!password || !(await verifyPassword(password, access.salt, access.hash))) {
      this.options.passwordAttempts.fail(keys);
      throw new RoomError('bad-password', 'Wrong room password');
    }
    this.options.passwordAttempts.succeed(keys);
  }

  /** The member record of `seat`, or not-in-room when the store no longer gives it this session. */
  private seated(room: RoomRecord | null, seat: Seat): MemberRecord {
    const me = room?.members[seat.memberId];
    if (!room || !me || me.sessionId !== seat.sessionId) throw new RoomError('not-in-room', 'You are not in that room any more');
    return me;
  }

  private async mutateSeated<T>(seat: Seat, change: (room: RoomRecord, me: MemberRecord) => T): Promise<T> {
    return this.store.update(seat.roomId, (room) => {
      const me = this.seated(room, seat);
      const result = change(room!, me);
      return { room: room!, result };
    });
  }

  private async notifyRemoved(member: MemberRecord, roomId: string, reason: 'kicked' | 'ended' | 'expired') {
    if (member.connection !== 'online') return;
    const frame: ServerFrame = { type: 'room.left', roomId, reason };
    await this.send(member.instanceId, { sessionId: member.sessionId, frame, detachRoom: roomId });
  }

  /** Send the room as it is now to every online member (except `skip`, who gets it in their reply). */
  private async broadcast(room: RoomRecord, skip?: string): Promise<void> {
    const frame: ServerFrame = { type: 'room.state', room: roomView(room) };
    await Promise.all(
      Object.values(room.members)
        .filter((m) => m.connection === 'online' && m.memberId !== skip)
        .map((m) => this.send(m.instanceId, { sessionId: m.sessionId, frame })),
    );
  }

  private async send(instanceId: string, envelope: Envelope): Promise<void> {
    try {
      await this.bus.publish(instanceId, envelope);
    } catch (err) {
      // A failed delivery must not undo a committed room change; the sweep repairs dead seats.
      this.options.log.warn({ err, instanceId }, 'delivery failed');
    }
  }
}
