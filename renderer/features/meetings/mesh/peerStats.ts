/**
 * Connection quality of one peer from getStats: round-trip time of the selected candidate
 * pair, inbound packet loss, bitrates from byte counters between two samples, and what the
 * receiver actually decoded (video frames, audio energy and level).
 */
import type { PeerQuality } from '../meetingsSlice';

export interface StatsSample {
  at: number;
  bytesIn: number;
  bytesOut: number;
}

export async function measurePeer(pc: RTCPeerConnection, previous: StatsSample | null): Promise<{ quality: PeerQuality; sample: StatsSample }> {
  const report = await pc.getStats();
  let rttMs: number | null = null;
  let lost = 0;
  let received = 0;
  let bytesIn = 0;
  let bytesOut = 0;
  let framesDecoded = 0;
  let audioEnergy = 0;
  let audioLevel = 0;
  let localCandidateId: string | null = null;
  report.forEach((s: Record<string, unknown> & { type: string }) => {
    if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated && typeof s.currentRoundTripTime === 'number') {
      rttMs = Math.round(s.currentRoundTripTime * 1000);
      if (typeof s.localCandidateId === 'string') localCandidateId = s.localCandidateId;
    } else if (s.type === 'inbound-rtp') {
      lost += num(s.packetsLost);
      received += num(s.packetsReceived);
      bytesIn += num(s.bytesReceived);
      if (s.kind === 'video') framesDecoded += num(s.framesDecoded);
      if (s.kind === 'audio') {
        audioEnergy += num(s.totalAudioEnergy);
        audioLevel = Math.max(audioLevel, num(s.audioLevel));
      }
    } else if (s.type === 'outbound-rtp') {
      bytesOut += num(s.bytesSent);
    }
  });
  const local = localCandidateId ? (report.get(localCandidateId) as { candidateType?: unknown } | undefined) : undefined;
  const path = typeof local?.candidateType === 'string' ? local.candidateType : null;
  const at = performance.now();
  const seconds = previous ? (at - previous.at) / 1000 : 0;
  const kbps = (now: number, before: number) => (seconds > 0 ? Math.max(0, Math.round(((now - before) * 8) / 1000 / seconds)) : null);
  return {
    quality: {
      rttMs,
      lossPct: received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : null,
      inKbps: previous ? kbps(bytesIn, previous.bytesIn) : null,
      outKbps: previous ? kbps(bytesOut, previous.bytesOut) : null,
      framesDecoded,
      audioEnergy,
      audioLevel,
      path,
    },
    sample: { at, bytesIn, bytesOut },
  };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Per-sender video budget as the mesh grows: every extra peer is another upload. */
export function videoBudget(remotePeers: number): { maxBitrate: number; scaleResolutionDownBy: number } {
  if (remotePeers <= 1) return { maxBitrate: 1_500_000, scaleResolutionDownBy: 1 };
  if (remotePeers === 2) return { maxBitrate: 900_000, scaleResolutionDownBy: 1 };
  if (remotePeers === 3) return { maxBitrate: 600_000, scaleResolutionDownBy: 1.5 };
  return { maxBitrate: 350_000, scaleResolutionDownBy: 2 };
}
