import { describe, expect, it } from 'vitest';
import type { MemberView } from '../../../common/wire/signaling';
import { meetingsActions as A, meetingsReducer, type PeerQuality } from './meetingsSlice';
import { videoBudget } from './mesh/peerStats';

const member = (memberId: string, displayName: string): MemberView => ({
  memberId,
  userId: `u-${memberId}`,
  displayName,
  role: 'participant',
  connection: 'online',
  presence: { status: 'active', audio: true, video: true, screen: false, handRaised: false },
  joinedAt: 1,
});

const quality = (audioLevel: number): PeerQuality => ({ rttMs: 5, lossPct: 0, inKbps: 100, outKbps: 100, framesDecoded: 10, audioEnergy: 1, audioLevel, path: 'host' });

describe('meetings slice', () => {
  it('announces joins and leaves and forgets peers that left', () => {
    let s = meetingsReducer(undefined, A.joined({ roomId: 'r1', selfId: 'me', members: [member('me', 'Me')] }));
    s = meetingsReducer(s, A.roomChanged({ selfId: 'me', members: [member('me', 'Me'), member('b', 'Ben')] }));
    s = meetingsReducer(s, A.peerStateChanged({ memberId: 'b', state: 'connected', reason: null }));
    expect(s.notices.map((n) => n.text)).toEqual(['Ben joined']);
    s = meetingsReducer(s, A.roomChanged({ selfId: 'me', members: [member('me', 'Me')] }));
    expect(s.notices.map((n) => n.text)).toEqual(['Ben joined', 'Ben left']);
    expect(s.peers).toEqual({});
    expect(s.recentRooms[0]).toBe('r1');
  });

  it('picks the loudest member above the threshold as active speaker, and keeps the last one in silence', () => {
    let s = meetingsReducer(undefined, A.peerStateChanged({ memberId: 'a', state: 'connected', reason: null }));
    s = meetingsReducer(s, A.peerStateChanged({ memberId: 'b', state: 'connected', reason: null }));
    s = meetingsReducer(s, A.peerQualityMeasured([{ memberId: 'a', quality: quality(0.1) }, { memberId: 'b', quality: quality(0.4) }]));
    expect(s.activeSpeaker).toBe('b');
    s = meetingsReducer(s, A.peerQualityMeasured([{ memberId: 'a', quality: quality(0.01) }, { memberId: 'b', quality: quality(0) }]));
    expect(s.activeSpeaker).toBe('b');
    // Measurements for members we have no link to change nothing.
    s = meetingsReducer(s, A.peerQualityMeasured([{ memberId: 'ghost', quality: quality(1) }]));
    expect(s.activeSpeaker).toBe('b');
  });

  it('merges chat without duplicates and counts unread only for new messages', () => {
    const m = { id: 'msg-00000001', from: 'b', fromName: 'Ben', text: 'hi', sentAt: 5, via: null };
    let s = meetingsReducer(undefined, A.chatReceived({ messages: [m], unread: true }));
    s = meetingsReducer(s, A.chatReceived({ messages: [m], unread: true }));
    expect(s.chat).toHaveLength(1);
    expect(s.chatUnread).toBe(1);
  });

  it('clamps the video cap and keeps the name and devices when leaving', () => {
    let s = meetingsReducer(undefined, A.videoCapChanged(99));
    expect(s.videoCap).toBe(6);
    s = meetingsReducer(s, A.displayNameChanged('Ann'));
    s = meetingsReducer(s, A.joined({ roomId: 'r1', selfId: 'me', members: [] }));
    s = meetingsReducer(s, A.left('bye'));
    expect(s).toMatchObject({ phase: 'lobby', displayName: 'Ann', videoCap: 6, error: 'bye', roomId: null });
  });

  it('spends less per peer as the mesh grows', () => {
    const budgets = [1, 2, 3, 4, 5].map(videoBudget);
    for (let i = 1; i < budgets.length; i++) expect(budgets[i]!.maxBitrate).toBeLessThanOrEqual(budgets[i - 1]!.maxBitrate);
    expect(budgets[4]!.scaleResolutionDownBy).toBeGreaterThan(1);
  });
});

describe('chat history pages', () => {
  it('splits a long history into data-channel-sized pages, in order, losing nothing', async () => {
    const { pageChatHistory } = await import('./meetingSession');
    const { MEETING_MESSAGE_MAX_BYTES } = await import('../../../common/wire/meeting');
    const history = Array.from({ length: 500 }, (_, i) => ({ id: `msg-${String(i).padStart(8, '0')}`, from: 'a', fromName: 'Ann', text: 'é'.repeat(4000), sentAt: i }));
    const pages = pageChatHistory(history);
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.flat()).toEqual(history);
    for (const page of pages) expect(new TextEncoder().encode(JSON.stringify({ type: 'chat.history', messages: page })).length).toBeLessThan(MEETING_MESSAGE_MAX_BYTES);
  });
});
