import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESENCE, mayKick, promoteHostIfNeeded, roomView, type MemberRecord, type RoomRecord } from './roomRecord';

function member(id: string, role: MemberRecord['role'], joinedAt: number, connection: MemberRecord['connection'] = 'online'): MemberRecord {
  return {
    memberId: id,
    userId: `u-${id}`,
    displayName: id,
    role,
    instanceId: 'i',
    sessionId: `s-${id}`,
    connection,
    droppedAt: null,
    resumeHash: 'secret-hash',
    presence: DEFAULT_PRESENCE,
    joinedAt,
  };
}

function room(...members: MemberRecord[]): RoomRecord {
  return {
    roomId: 'r',
    access: { kind: 'password', salt: 'salt', hash: 'hash' },
    locked: false,
    capacity: 6,
    createdAt: 0,
    members: Object.fromEntries(members.map((m) => [m.memberId, m])),
    invites: [{ hash: 'invite-hash', role: 'guest', expiresAt: 1 }],
    banned: [],
  };
}

describe('room rules', () => {
  it('promotes the online, highest-ranked, longest-present member when the host is gone', () => {
    const r = room(member('a', 'participant', 1), member('b', 'moderator', 3, 'reconnecting'), member('c', 'moderator', 2));
    promoteHostIfNeeded(r);
    expect(r.members.c!.role).toBe('host');
    const again = room(member('h', 'host', 5), member('x', 'moderator', 1));
    promoteHostIfNeeded(again);
    expect(again.members.x!.role).toBe('moderator');
  });

  it('lets hosts kick anyone else and moderators only those below them', () => {
    expect(mayKick('host', 'moderator')).toBe(true);
    expect(mayKick('host', 'host')).toBe(false);
    expect(mayKick('moderator', 'participant')).toBe(true);
    expect(mayKick('moderator', 'moderator')).toBe(false);
    expect(mayKick('participant', 'guest')).toBe(false);
  });

  it('never shows secrets in the view', () => {
    const text = JSON.stringify(roomView(room(member('a', 'host', 1))));
    for (const secret of ['secret-hash', 'invite-hash', 'salt', '"hash"', 's-a']) expect(text).not.toContain(secret);
  });
});
