import { useAppSelector } from '../../../app/hooks';
import { CallView } from './CallView';
import { Lobby } from './Lobby';

/** The Meetings section: the lobby until a call starts, then the call. */
export function MeetingsView() {
  const phase = useAppSelector((s) => s.meetings.phase);
  const pendingLink = useAppSelector((s) => s.meetings.pendingLink);
  // Keyed by the link, so a newly opened link fills the lobby's fields afresh.
  return phase === 'in-call' ? <CallView /> : <Lobby key={pendingLink ? `${pendingLink.roomId}:${pendingLink.code}` : 'lobby'} pendingLink={pendingLink} />;
}
