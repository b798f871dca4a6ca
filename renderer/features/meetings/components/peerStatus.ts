import type { PeerView } from '../meetingsSlice';

export function describePeer(peer: PeerView | undefined): string {
  if (!peer) return 'Connecting…';
  switch (peer.state) {
    case 'connecting':
      return 'Connecting…';
    case 'connected': {
      const q = peer.quality;
      if (!q) return 'Connected';
      const parts = [q.rttMs !== null ? `${q.rttMs} ms` : null, q.lossPct !== null ? `${q.lossPct}% loss` : null, q.inKbps !== null ? `${q.inKbps} kb/s in` : null];
      return parts.filter(Boolean).join(' · ') || 'Connected';
    }
    case 'reconnecting':
      return `Reconnecting: ${peer.reason ?? 'network changed'}`;
    case 'failed':
      return `Failed: ${peer.reason ?? 'unknown reason'} — retrying`;
    case 'closed':
      return 'Disconnected';
  }
}
