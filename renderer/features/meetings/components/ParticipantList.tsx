import { useAppSelector } from '../../../app/hooks';
import { RequestControl } from '../../remote/RequestControl';
import { describePeer } from './peerStatus';

export function ParticipantList() {
  const { members, selfId, peers, activeSpeaker } = useAppSelector((s) => s.meetings);
  return (
    <section aria-label="Participants">
      <ul className="people" data-testid="participants">
        {members.map((m) => {
          const self = m.memberId === selfId;
          const peer = peers[m.memberId];
          const status = self ? 'You' : m.connection === 'reconnecting' ? 'Reconnecting to server…' : describePeer(peer);
          return (
            <li key={m.memberId} className="people__row" data-member={m.memberId} data-state={self ? 'self' : (peer?.state ?? 'connecting')}>
              <span className={`dot dot--${self ? 'connected' : (peer?.state ?? 'connecting')}`} aria-hidden="true" />
              <span className="people__name">
                {m.displayName}
                {m.role === 'host' && <span className="badge">Host</span>}
              </span>
              <span className="people__icons">
                {m.presence.handRaised && <span className="tag tag--hand">Hand raised</span>}
                {!m.presence.audio && <span className="tag">Muted</span>}
                {m.presence.screen && <span className="tag">Sharing</span>}
                {activeSpeaker === m.memberId && <span className="tag tag--speaking">Speaking</span>}
              </span>
              <span className="people__status muted">{status}</span>
              {!self && peer?.state === 'connected' && <RequestControl memberId={m.memberId} name={m.displayName} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
