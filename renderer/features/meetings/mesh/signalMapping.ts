/**
 * simple-peer speaks its own signal objects; the server relays only the wire's SignalPayload.
 * These two functions translate, and refuse anything that has no translation.
 */
import type SimplePeer from 'simple-peer';
import type { SignalPayload } from '../../../../common/wire/signaling';

/** A renegotiate reason that asks the receiver to drop its connection: a fresh offer follows. */
export const RESET_REASON = 'reset';

export function toWireSignal(data: SimplePeer.SignalData): SignalPayload | null {
  if ('renegotiate' in data && data.renegotiate) return { kind: 'renegotiate' };
  if ('transceiverRequest' in data && data.transceiverRequest) {
    const kind = data.transceiverRequest.kind;
    return kind === 'audio' || kind === 'video' ? { kind: 'renegotiate', reason: `transceiver:${kind}` } : null;
  }
  if ('candidate' in data && data.candidate) {
    const c = data.candidate;
    return {
      kind: 'ice',
      candidate: { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null, usernameFragment: c.usernameFragment ?? null },
    };
  }
  if ('type' in data && (data.type === 'offer' || data.type === 'answer') && 'sdp' in data && typeof data.sdp === 'string') {
    return { kind: data.type, description: { type: data.type, sdp: data.sdp } };
  }
  return null;
}

export type IncomingSignal = { reset: true } | { reset: false; data: SimplePeer.SignalData };

export function fromWireSignal(payload: SignalPayload): IncomingSignal | null {
  switch (payload.kind) {
    case 'offer':
    case 'answer':
      if (payload.description.type !== payload.kind) return null;
      return { reset: false, data: { type: payload.kind, sdp: payload.description.sdp } };
    case 'ice':
      // simple-peer has no end-of-candidates signal; Chromium does not need one.
      if (!payload.candidate) return null;
      return {
        reset: false,
        data: {
          type: 'candidate',
          candidate: {
            candidate: payload.candidate.candidate,
            sdpMid: payload.candidate.sdpMid ?? null,
            sdpMLineIndex: payload.candidate.sdpMLineIndex ?? null,
            usernameFragment: payload.candidate.usernameFragment ?? null,
          } as RTCIceCandidate,
        },
      };
    case 'renegotiate': {
      if (payload.reason === RESET_REASON) return { reset: true };
      const transceiver = /^transceiver:(audio|video)$/.exec(payload.reason ?? '');
      if (transceiver) return { reset: false, data: { type: 'transceiverRequest', transceiverRequest: { kind: transceiver[1]!, init: { direction: 'recvonly' } } } };
      return { reset: false, data: { type: 'renegotiate', renegotiate: true } };
    }
  }
}
