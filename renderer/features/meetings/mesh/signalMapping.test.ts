import { describe, expect, it } from 'vitest';
import { SignalPayloadSchema } from '../../../../common/wire/signaling';
import { initiatesTo } from './peerMesh';
import { fromWireSignal, RESET_REASON, toWireSignal } from './signalMapping';

describe('signal mapping', () => {
  it('round-trips what simple-peer emits through the wire schema', () => {
    const samples = [
      { type: 'offer' as const, sdp: 'v=0 offer' },
      { type: 'answer' as const, sdp: 'v=0 answer' },
      { type: 'candidate' as const, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'ab' } as RTCIceCandidate },
      { type: 'renegotiate' as const, renegotiate: true as const },
      { type: 'transceiverRequest' as const, transceiverRequest: { kind: 'video' } },
    ];
    for (const sample of samples) {
      const wire = toWireSignal(sample);
      expect(wire).not.toBeNull();
      expect(SignalPayloadSchema.safeParse(wire).success).toBe(true);
      const back = fromWireSignal(wire!);
      expect(back).toMatchObject({ reset: false });
      if (back && !back.reset) expect(back.data).toMatchObject(sample.type === 'transceiverRequest' ? { transceiverRequest: { kind: 'video' } } : sample);
    }
  });

  it('refuses what has no meaning for simple-peer', () => {
    expect(toWireSignal({ type: 'transceiverRequest', transceiverRequest: { kind: 'data' } })).toBeNull();
    expect(fromWireSignal({ kind: 'offer', description: { type: 'answer', sdp: 'x' } })).toBeNull();
    expect(fromWireSignal({ kind: 'ice', candidate: null })).toBeNull();
    expect(fromWireSignal({ kind: 'renegotiate', reason: RESET_REASON })).toEqual({ reset: true });
  });

  it('exactly one side of each pair initiates', () => {
    expect(initiatesTo('a1', 'b2')).toBe(true);
    expect(initiatesTo('b2', 'a1')).toBe(false);
  });
});
